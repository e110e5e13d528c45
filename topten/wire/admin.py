from django.contrib import admin

from topten.wire.models import Item, Source, Story


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "region",
        "trust",
        "enabled",
        "last_success_at",
        "last_error_kind",
        "next_fetch_at",
    ]
    list_filter = ["enabled", "kind", "region", "last_error_kind"]
    search_fields = ["name", "feed_url", "home_url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "failures",
        "unchanged",
        "last_fetched_at",
        "last_success_at",
        "last_error_at",
        "last_error_kind",
        "last_error_message",
        "last_status",
        "items_total",
    ]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "first_seen",
        "last_seen",
        "item_count",
        "source_count",
        "score",
        "pinned",
        "dismissed",
    ]
    list_filter = ["pinned", "dismissed", "region", "section"]
    search_fields = ["title"]
    raw_id_fields = ["merged_into", "added_slot"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "fetched_at", "story"]
    list_filter = ["source"]
    search_fields = ["title", "url", "guid"]
    raw_id_fields = ["story", "duplicate_of", "source"]
