from django.contrib import admin

from topten.newsroom.models import ShareCount


class ShareCountAdmin(admin.ModelAdmin):
    """Shares per article and network, counted by /share/; staff read them, nobody edits."""

    list_display = ["article", "network", "count"]
    list_filter = ["network"]
    search_fields = ["article__headline"]
    list_select_related = ["article"]
    ordering = ["-count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# topten.newsroom comes first in INSTALLED_APPS; if it ever registers ShareCount, keep its.
if not admin.site.is_registered(ShareCount):
    admin.site.register(ShareCount, ShareCountAdmin)
