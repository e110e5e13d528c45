from django.contrib import admin

from topten.mailer.models import Delivery, QueuedEmail, Send
from topten.mailer.pipeline import cancel_send, resume_send


@admin.register(QueuedEmail)
class QueuedEmailAdmin(admin.ModelAdmin):
    list_display = ["kind", "to", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in QueuedEmail._meta.fields]


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):
    list_display = [
        "edition",
        "status",
        "paused_reason",
        "breaker_until",
        "started_at",
        "finished_at",
    ]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Send._meta.fields if f.name != "rendered"]
    exclude = ["rendered"]
    actions = ["resume", "cancel"]

    @admin.action(description="Resume the selected paused sends")
    def resume(self, request, queryset):
        resumed = sum(resume_send(send) for send in queryset)
        self.message_user(request, f"{resumed} send(s) resumed.")

    @admin.action(description="Cancel the selected sends (unsent deliveries stay unsent)")
    def cancel(self, request, queryset):
        for send in queryset:
            cancel_send(send)
        self.message_user(request, f"{queryset.count()} send(s) cancelled.")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "send", "status", "attempts", "smtp_code", "uncertain", "sent_at"]
    list_filter = ["status", "uncertain", "bounced", "complained"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    show_full_result_count = False  # a million rows per send: no COUNT(*) per page
