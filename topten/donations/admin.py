from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from topten.donations import csvexport
from topten.donations.models import Donation, DonationIntent, Donor, Pledge, StripeEvent
from topten.donations.money import decimals, format_amount
from topten.donations.states import Status
from topten.donations.totals import last_months, monthly_totals, series
from topten.lib.svgchart import Series, bar_chart
from topten.newsroom.models import Publication

STRIPE_FACTS = [
    "kind",
    "status",
    "amount",
    "fee_covered",
    "amount_refunded",
    "currency",
    "donor",
    "pledge",
    "intent",
    "donor_email",
    "donor_name",
    "stripe_checkout_session_id",
    "stripe_payment_intent_id",
    "stripe_charge_id",
    "stripe_invoice_id",
    "stripe_customer_id",
    "stripe_subscription_id",
    "livemode",
    "paid_at",
    "failed_at",
    "refunded_at",
    "receipt_queued_at",
    "created_at",
    "updated_at",
]


def _chart(labels, net, refunded, currency) -> str:
    """Net and refunded per month as a bar chart."""
    title = f"Donations per month ({currency}, net of refunds)"
    scale = 10 ** decimals(currency)
    return bar_chart(
        labels,
        [
            Series("Net", [value / scale for value in net]),
            Series("Refunded", [value / scale for value in refunded], color="#8c959f"),
        ],
        title=title,
        width=720,
    )


class ReadOnlyFromStripe:
    """Rows written by the webhook: staff read them, Stripe is the source of truth."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Donation)
class DonationAdmin(ReadOnlyFromStripe, admin.ModelAdmin):
    list_display = ["__str__", "paid_at", "amount_display", "kind", "status", "donor_email"]
    list_filter = ["status", "kind", "currency", "livemode", "message_hidden"]
    search_fields = [
        "donor_email",
        "donor_name",
        "public_name",
        "stripe_payment_intent_id",
        "stripe_invoice_id",
        "stripe_charge_id",
        "stripe_checkout_session_id",
        "stripe_customer_id",
        "stripe_subscription_id",
    ]
    date_hierarchy = "paid_at"
    readonly_fields = STRIPE_FACTS
    fields = [
        *STRIPE_FACTS[:11],
        "public_name",
        "public_message",
        "message_hidden",
        *STRIPE_FACTS[11:],
    ]
    actions = ["export_selected", "hide_messages"]
    change_list_template = "admin/donations/donation/change_list.html"

    @admin.display(description="Amount", ordering="amount")
    def amount_display(self, obj):
        text = format_amount(obj.amount, obj.currency or "EUR")
        if obj.amount_refunded:
            text += f" (refunded {format_amount(obj.amount_refunded, obj.currency or 'EUR')})"
        return text

    def get_urls(self):
        extra = [
            path("totals/", self.admin_site.admin_view(self.totals_view), name="donations_totals"),
            path("export/", self.admin_site.admin_view(self.export_view), name="donations_export"),
        ]
        return extra + super().get_urls()

    def _csv_response(self, donations):
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            csvexport.stream_rows(donations), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="donations-{stamp}.csv"'
        return response

    @admin.action(description="Export selected donations as CSV")
    def export_selected(self, request, queryset):
        return self._csv_response(queryset.order_by("paid_at", "pk"))

    @admin.action(description="Hide the public name and message")
    def hide_messages(self, request, queryset):
        queryset.update(message_hidden=True)

    def export_view(self, request):
        """All donations matching the changelist's current filters."""
        changelist = self.get_changelist_instance(request)
        return self._csv_response(changelist.get_queryset(request).order_by("paid_at", "pk"))

    def totals_view(self, request):
        currency = (Publication.current().currency or "EUR").upper()
        totals = monthly_totals()
        months = last_months(timezone.localdate(), 12)
        labels = [m.strftime("%b %y") for m in months]
        net = series(totals, months, currency)
        refunded = series(totals, months, currency, field="refunded")
        svg = _chart(labels, net, refunded, currency)
        rows = [
            {
                "month": t.month,
                "currency": t.currency,
                "count": t.count,
                "gross": format_amount(t.gross, t.currency),
                "refunded": format_amount(t.refunded, t.currency),
                "fees": format_amount(t.fees_covered, t.currency),
                "net": format_amount(t.net, t.currency),
            }
            for t in reversed(totals)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Donations by month",
            "opts": self.model._meta,
            "chart": mark_safe(svg),  # built from escaped parts
            "rows": rows,
            "currency": currency,
        }
        return TemplateResponse(request, "admin/donations/donation/totals.html", context)


class DonationInline(admin.TabularInline):
    model = Donation
    fields = ["paid_at", "kind", "status", "amount", "amount_refunded", "currency"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Donor)
class DonorAdmin(ReadOnlyFromStripe, admin.ModelAdmin):
    list_display = ["email", "name", "gifts", "given", "monthly", "created_at"]
    search_fields = ["email", "name", "stripe_customer_id"]
    readonly_fields = ["email", "stripe_customer_id", "created_at"]
    inlines = [DonationInline]

    def get_queryset(self, request):
        counted = Q(donations__status__in=[Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED])
        return (
            super()
            .get_queryset(request)
            .annotate(
                gift_count=Count("donations", filter=counted, distinct=True),
                gross=Sum("donations__amount", filter=counted),
                refunded=Sum("donations__amount_refunded", filter=counted),
                active_pledges=Count(
                    "pledges", filter=Q(pledges__cancelled_at__isnull=True), distinct=True
                ),
            )
        )

    @admin.display(description="Gifts", ordering="gift_count")
    def gifts(self, obj):
        return obj.gift_count

    @admin.display(description="Given (net)")
    def given(self, obj):
        currency = (Publication.current().currency or "EUR").upper()
        return format_amount((obj.gross or 0) - (obj.refunded or 0), currency)

    @admin.display(description="Monthly", boolean=True)
    def monthly(self, obj):
        return obj.active_pledges > 0


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyFromStripe, admin.ModelAdmin):
    list_display = [
        "stripe_subscription_id",
        "donor",
        "amount_display",
        "started_at",
        "cancelled_at",
    ]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["stripe_subscription_id", "stripe_customer_id", "donor__email"]
    readonly_fields = [f.name for f in Pledge._meta.fields]

    @admin.display(description="Per month")
    def amount_display(self, obj):
        return format_amount(obj.amount, obj.currency or "EUR")


@admin.register(DonationIntent)
class DonationIntentAdmin(ReadOnlyFromStripe, admin.ModelAdmin):
    list_display = ["public_id", "created_at", "frequency", "total", "currency", "state"]
    list_filter = ["state", "frequency"]
    search_fields = ["public_id", "stripe_checkout_session_id"]
    readonly_fields = [f.name for f in DonationIntent._meta.fields]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyFromStripe, admin.ModelAdmin):
    list_display = ["id", "type", "created", "received_at", "outcome"]
    list_filter = ["type", "livemode"]
    search_fields = ["id", "outcome"]
    readonly_fields = [f.name for f in StripeEvent._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False
