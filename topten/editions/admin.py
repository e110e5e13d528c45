from django.contrib import admin, messages
from django.db import models

from topten.editions import actions
from topten.editions.models import Click, Edition, Slot, SlotSource, TestAddress


class SlotInline(admin.TabularInline):
    model = Slot
    fields = ["position", "headline", "article"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class SlotSourceInline(admin.TabularInline):
    model = SlotSource
    extra = 0
    formfield_overrides = URL_FIELDS


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["date", "newsletter", "subject", "status", "scheduled_at"]
    list_filter = ["status", "newsletter"]
    search_fields = ["subject", "intro"]
    date_hierarchy = "date"
    readonly_fields = [
        "status",
        "scheduled_at",
        "scheduled_by",
        "links",
        "created_at",
        "updated_at",
    ]
    inlines = [SlotInline]
    actions = ["schedule", "unschedule", "cancel"]

    def _run(self, request, queryset, action, done):
        for edition in queryset:
            try:
                action(edition)
            except actions.EditionError as error:
                messages.error(request, f"{edition.date}: {error}")
            else:
                messages.success(request, f"{edition.date}: {done}")

    @admin.action(description="Schedule the selected editions")
    def schedule(self, request, queryset):
        self._run(
            request, queryset, lambda e: actions.schedule_edition(e, user=request.user), "scheduled"
        )

    @admin.action(description="Unschedule the selected editions")
    def unschedule(self, request, queryset):
        self._run(request, queryset, actions.unschedule_edition, "unscheduled")

    @admin.action(description="Cancel the selected editions")
    def cancel(self, request, queryset):
        self._run(request, queryset, actions.cancel_edition, "cancelled")

    def has_change_permission(self, request, obj=None):
        # Only drafts are edited here; the status moves through the actions above.
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_locked)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["edition", "position", "headline"]
    list_filter = ["edition__status"]
    search_fields = ["headline", "blurb"]
    raw_id_fields = ["edition", "article"]
    inlines = [SlotSourceInline]
    formfield_overrides = URL_FIELDS

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or not obj.edition.is_locked
        )


@admin.register(Click)
class ClickAdmin(admin.ModelAdmin):
    list_display = ["edition", "slot_position", "link_index", "subscriber_id", "clicked_at"]
    list_filter = ["edition"]
    readonly_fields = ["edition", "subscriber_id", "link_index", "slot_position", "clicked_at"]

    def has_add_permission(self, request):
        return False


@admin.register(TestAddress)
class TestAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "added_by", "created_at"]
