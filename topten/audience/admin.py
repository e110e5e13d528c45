import json
import uuid

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from topten.audience import actions, conf, stats
from topten.audience.csvexport import export_lines, subscriber_rows
from topten.audience.hashing import email_hash
from topten.audience.importer import FIELDS
from topten.audience.models import (
    ConsentEvent,
    ImportJob,
    Source,
    Subscriber,
    Suppression,
)
from topten.lib.clientip import client_ip


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="UTF-8 preferred; other encodings are detected."
    )
    basis = forms.ChoiceField(
        label="Consent basis", choices=ImportJob.Basis.choices, widget=forms.RadioSelect
    )
    confirmed_on = forms.DateField(
        label="Confirmed elsewhere on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date these readers confirmed their subscription elsewhere.",
    )
    email_column = forms.CharField(required=False, help_text="Header of the email column (auto).")
    first_name_column = forms.CharField(
        required=False, help_text="Header of the first-name column."
    )
    timezone_column = forms.CharField(required=False, help_text="Header of the time-zone column.")

    def clean(self):
        data = super().clean()
        if data.get("basis") == ImportJob.Basis.CONFIRMED_ELSEWHERE and not data.get(
            "confirmed_on"
        ):
            self.add_error("confirmed_on", "Give the date these readers confirmed elsewhere.")
        if data.get("confirmed_on") and data["confirmed_on"] > timezone.localdate():
            self.add_error("confirmed_on", "That date is in the future.")
        return data

    def column_map(self) -> dict:
        return {
            name: self.cleaned_data[f"{name}_column"].strip()
            for name in FIELDS
            if self.cleaned_data.get(f"{name}_column", "").strip()
        }


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "source", "timezone", "created_at"]
    list_filter = ["status", "source", "timezone", "created_at", "confirmed_at"]
    search_fields = ["email", "first_name"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False
    readonly_fields = [
        "created_at",
        "confirmed_at",
        "confirmed_ip",
        "confirmed_user_agent",
        "unsubscribed_at",
        "unsubscribe_reason",
        "consent_version",
        "consent_log",
    ]
    actions = ["export_selected", "unsubscribe_selected"]
    change_list_template = "admin/audience/subscriber/change_list.html"
    change_form_template = "admin/audience/subscriber/change_form.html"

    @admin.display(description="Consent log")
    def consent_log(self, obj):
        if obj.pk is None:
            return "-"
        events = ConsentEvent.objects.filter(email_hash=email_hash(obj.email))
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} via {} (IP {}, consent v{})</li>",
                (
                    (
                        timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                        e.get_action_display(),
                        e.get_source_display(),
                        e.ip or "-",
                        e.consent_version or "-",
                    )
                    for e in events
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = Source.ADMIN
        super().save_model(request, obj, form, change)
        actions.record_admin_change(
            obj,
            changed=form.changed_data if change else ["created"],
            user=request.user,
            ip=client_ip(request) or None,
        )

    def delete_model(self, request, obj):
        actions.erase_subscriber(obj, source=Source.ADMIN)

    def delete_queryset(self, request, queryset):
        for subscriber in queryset:
            actions.erase_subscriber(subscriber, source=Source.ADMIN)

    @admin.action(description="Export selected to CSV")
    def export_selected(self, request, queryset):
        return self._csv_response(queryset)

    @admin.action(description="Unsubscribe selected")
    def unsubscribe_selected(self, request, queryset):
        done = sum(
            actions.unsubscribe(s, source=Source.ADMIN, ip=client_ip(request) or None)
            for s in queryset
        )
        self.message_user(request, f"Unsubscribed {done} subscriber(s).", messages.SUCCESS)

    def _csv_response(self, queryset):
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            export_lines(subscriber_rows(queryset)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = (extra_context or {}) | {
            "status_counts": stats.counts_by_status(),
            "growth_chart": stats.growth_chart(90),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("export.csv", wrap(self.export_view), name="audience_subscriber_export"),
            path("import/", wrap(self.import_view), name="audience_subscriber_import"),
            path(
                "import/<int:pk>/", wrap(self.import_progress_view), name="audience_import_progress"
            ),
            path(
                "import/<int:pk>/status.json",
                wrap(self.import_status_view),
                name="audience_import_status",
            ),
            path(
                "<int:pk>/data.json", wrap(self.data_export_view), name="audience_subscriber_data"
            ),
            path("<int:pk>/erase/", wrap(self.erase_view), name="audience_subscriber_erase"),
        ] + super().get_urls()

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        changelist = self.get_changelist_instance(request)
        return self._csv_response(changelist.get_queryset(request))

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise Http404
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = self._start_import(request, form)
            return redirect("admin:audience_import_progress", job.pk)
        context = self.admin_site.each_context(request) | {
            "form": form,
            "title": "Import subscribers from CSV",
            "opts": self.model._meta,
            "jobs": ImportJob.objects.order_by("-created_at")[:10],
        }
        return TemplateResponse(request, "admin/audience/subscriber/import.html", context)

    def _start_import(self, request, form):
        directory = conf.import_dir()
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{uuid.uuid4().hex}.csv"
        upload = form.cleaned_data["file"]
        with open(target, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return ImportJob.objects.create(
            path=str(target),
            original_name=upload.name[:255],
            created_by=request.user,
            basis=form.cleaned_data["basis"],
            confirmed_on=form.cleaned_data.get("confirmed_on"),
            column_map=form.column_map(),
            bytes_total=target.stat().st_size,
        )

    def import_progress_view(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        context = self.admin_site.each_context(request) | {
            "job": job,
            "title": f"Import of {job.original_name}",
            "opts": self.model._meta,
            "running": job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
        }
        return TemplateResponse(request, "admin/audience/subscriber/import_progress.html", context)

    def import_status_view(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        return JsonResponse(
            {
                "status": job.status,
                "percent": job.percent,
                "rows": job.rows_read,
                "imported": job.rows_imported,
                "duplicates": job.rows_duplicate,
                "already_on_list": job.rows_existing,
                "invalid": job.rows_invalid,
            }
        )

    def data_export_view(self, request, pk):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_view_permission(request, subscriber):
            raise Http404
        data = actions.export_subscriber_data(subscriber, source=Source.ADMIN)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="subscriber-{pk}.json"'
        return response

    def erase_view(self, request, pk):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_delete_permission(request, subscriber):
            raise Http404
        if request.method == "POST":
            actions.erase_subscriber(subscriber, source=Source.ADMIN)
            self.message_user(request, "Erased. The address stays on the suppression list.")
            return redirect("admin:audience_subscriber_changelist")
        context = self.admin_site.each_context(request) | {
            "subscriber": subscriber,
            "title": "Erase personal data",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/audience/subscriber/erase.html", context)


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "source", "subscriber", "ip", "consent_version"]
    list_filter = ["action", "source", "created_at"]
    search_fields = ["subscriber__email", "email_hash"]
    list_select_related = ["subscriber"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuppressionForm(forms.ModelForm):
    email = forms.CharField(help_text="Stored only as a hash.")

    class Meta:
        model = Suppression
        fields = ["reason"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email_hash", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email_hash"]
    form = SuppressionForm

    def get_search_results(self, request, queryset, search_term):
        if "@" in search_term:  # search by address: compare hashes
            return queryset.filter(email_hash=email_hash(search_term.strip())), False
        return super().get_search_results(request, queryset, search_term)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        suppression = actions.suppress_address(
            form.cleaned_data["email"], form.cleaned_data["reason"], source=Source.ADMIN
        )
        obj.pk = suppression.pk


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "original_name", "status", "rows_read", "rows_imported"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("admin:audience_import_progress", args=[obj.pk])
