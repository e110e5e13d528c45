"""A URLconf for the browser test of the sign-up box: the real routes plus a
plain page that includes the box, as the cached home and article pages do."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from topten.newsroom.models import Publication

PAGE = Template(
    "<!doctype html><html><head><title>Box</title></head><body><main>"
    '{% include "audience/_signup_box.html" %}</main></body></html>'
)


def page_with_box(request):
    return HttpResponse(PAGE.render(Context({"publication": Publication.current()})))


urlpatterns = [
    path("box/", page_with_box),
    path("", include("topten.urls")),
]
