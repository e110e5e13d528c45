from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from topten.newsroom import actions, derived, images
from topten.newsroom.models import (
    Article,
    Author,
    Publication,
    RelatedArticle,
    Section,
    ShareCount,
    Tag,
)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "tagline"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    raw_id_fields = ["user"]


class LeadImageField(forms.ImageField):
    def to_python(self, data):
        # Check before Django's own Pillow check, so a decompression bomb gets its own message.
        if data not in self.empty_values and hasattr(data, "content_type"):
            images.check_image(data)
        return super().to_python(data)


class ArticleAdminForm(forms.ModelForm):
    source_url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        label="Source URL",
        help_text="Link to the original story.",
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "status",
            "published_at",
            "section",
            "tags",
            "authors",
            "source_name",
            "source_url",
            "republished_from",
            "lead_image",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
        ]
        field_classes = {"lead_image": LeadImageField}

    def clean(self):
        data = super().clean()
        status, when = data.get("status"), data.get("published_at")
        if status == Article.Status.SCHEDULED and not when:
            self.add_error("published_at", "Set the publish time to schedule this article.")
        elif status == Article.Status.SCHEDULED and when <= timezone.now():
            self.add_error("published_at", "A scheduled time must be in the future.")
        elif status == Article.Status.PUBLISHED and when and when > timezone.now():
            self.add_error(
                "status", "The publish time is in the future: choose Scheduled, or clear the time."
            )
        if data.get("lead_image") and not data.get("lead_image_alt"):
            self.add_error("lead_image_alt", "Describe the image for readers who cannot see it.")
        return data


class ShareCountInline(admin.TabularInline):
    model = ShareCount
    extra = 0
    fields = ["network", "count"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    verbose_name_plural = "Related posts (computed when the article is published or edited)"
    extra = 0
    fields = ["rank", "related", "score"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ScheduleForm(forms.Form):
    when = forms.SplitDateTimeField(
        label="Publish at", widget=admin.widgets.AdminSplitDateTime, help_text="Server time zone."
    )

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return when


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "section", "published_at", "source_name", "share_total"]
    list_filter = ["status", "section", "tags", "authors", "source_name"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "body", "source_name", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "authors", "section"]
    readonly_fields = ["preview_link", "renditions_list", "share_total", "created_at", "updated_at"]
    inlines = [RelatedArticleInline, ShareCountInline]
    actions = ["publish_now", "schedule", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "preview_link"]}),
        ("Publishing", {"fields": ["status", "published_at", "section", "tags", "authors"]}),
        (
            "Source attribution",
            {
                "fields": ["source_name", "source_url", "republished_from"],
                "description": "The wire or outlet credited in the byline, e.g. AFP.",
            },
        ),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                    "renditions_list",
                ]
            },
        ),
        ("Statistics", {"fields": ["share_total", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="newsroom_article_preview"),
        ] + super().get_urls()

    def preview_view(self, request, pk):
        """The public article page rendered with this (possibly unpublished) article."""
        article = get_object_or_404(
            Article.objects.select_related("section").prefetch_related("authors", "tags"), pk=pk
        )
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if article.published_at is None:  # shown as it would be if published now (not saved)
            article.published_at = timezone.now()
        context = {
            "article": article,
            "authors": list(article.authors.all()),
            "tags": list(article.tags.all()),
            "description": truncatechars(article.standfirst, 300),
            "related": derived.preview_related(article),
            "share_links": [],  # sharing a draft would count shares of a page nobody can open
            "canonical": settings.SITE_URL + article.get_absolute_url(),
            "og_image": "",
            "preview": True,
            "change_url": reverse("admin:newsroom_article_change", args=[pk]),
        }
        response = TemplateResponse(request, "newsroom/preview.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save the article to preview it."
        url = reverse("admin:newsroom_article_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">Open the preview</a>', url)

    @admin.display(description="Renditions")
    def renditions_list(self, obj):
        sizes = sorted(int(k) for k in obj.renditions if k.isdigit())
        if not sizes:
            return "Made after saving." if obj.lead_image else "—"
        return format_html_join(
            ", ", '<a href="{}">{} px</a>', ((obj.rendition_url(w), w) for w in sizes)
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: actions.article_changed(obj.pk))

    def delete_model(self, request, obj):
        actions.delete_article(obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            actions.delete_article(article)

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:newsroom_article_preview", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:newsroom_article_preview", args=[obj.pk]))
        return super().response_change(request, obj)

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        for article in queryset:
            actions.publish_now(article)
        self.message_user(request, f"Published {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        for article in queryset:
            actions.unpublish_article(article)
        self.message_user(request, f"Unpublished {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Schedule…", permissions=["change"])
    def schedule(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            return self._schedule(request, queryset, form.cleaned_data["when"])
        context = {
            **self.admin_site.each_context(request),
            "title": "Schedule articles",
            "opts": self.model._meta,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/newsroom/article/schedule.html", context)

    def _schedule(self, request, queryset, when):
        done = 0
        for article in queryset:
            try:
                actions.schedule_article(article, when)
                done += 1
            except actions.PublishingError as error:
                self.message_user(request, str(error), messages.ERROR)
        if done:
            local = timezone.localtime(when).strftime("%d %b %Y %H:%M")
            self.message_user(
                request, f"Scheduled {done} article(s) for {local}.", messages.SUCCESS
            )
        return None
