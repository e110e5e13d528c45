from django.urls import path, re_path, register_converter

from topten.editions import desk, report, views
from topten.editions.feeds import EditionsFeed


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "editions"
urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", EditionsFeed(), name="feed"),
    path("desk/", desk.home, name="desk"),
    path("desk/start/", desk.start, name="desk_start"),
    path("desk/<int:pk>/", desk.edition_page, name="desk_edition"),
    path("desk/<int:pk>/meta/", desk.update_meta, name="desk_meta"),
    path("desk/<int:pk>/add/", desk.add_article, name="desk_add_article"),
    path("desk/<int:pk>/slots/new/", desk.new_slot, name="desk_new_slot"),
    path("desk/<int:pk>/slots/<int:slot_pk>/", desk.edit_slot, name="desk_edit_slot"),
    path("desk/<int:pk>/slots/<int:slot_pk>/move/", desk.move_slot, name="desk_move_slot"),
    path("desk/<int:pk>/slots/<int:slot_pk>/remove/", desk.remove_slot, name="desk_remove_slot"),
    re_path(
        r"^desk/(?P<pk>[0-9]+)/preview/(?P<kind>html|text|web)/$",
        desk.preview,
        name="desk_preview",
    ),
    path("desk/<int:pk>/test-send/", desk.test_send, name="desk_test_send"),
    re_path(
        r"^desk/(?P<pk>[0-9]+)/(?P<verb>schedule|unschedule|cancel|reopen|resume)/$",
        desk.change_status,
        name="desk_status",
    ),
    path("<int:pk>/report/", report.report, name="report"),
    path("<int:pk>/progress.json", report.progress, name="progress"),
    path("<isodate:date>/", views.archive_page, name="archive_page"),
]
