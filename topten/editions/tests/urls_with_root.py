"""The project's URLs plus editions.root_urls, until the lead includes it at ""."""

from django.urls import include, path

from topten.urls import handler404, handler500  # noqa: F401
from topten.urls import urlpatterns as project

urlpatterns = [path("", include("topten.editions.root_urls")), *project]
