from django.urls import path

from topten.wire import views

app_name = "wire"
urlpatterns = [
    path("", views.index, name="index"),
    path("candidates/", views.candidates_fragment, name="candidates"),
    path("stories/<int:pk>/pin/", views.pin, name="pin"),
    path("stories/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("stories/<int:pk>/add/", views.add_to_edition, name="add"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/toggle/", views.toggle_source, name="toggle_source"),
    path("sources/import/", views.import_opml, name="import_opml"),
    path("sources/export.opml", views.export_opml, name="export_opml"),
    path("samples/", views.sample, {"slug": ""}, name="sample_index"),
    path("samples/<slug:slug>.xml", views.sample, name="sample"),
    path("samples/<slug:slug>/<slug:key>", views.sample_article, name="sample_article"),
]
