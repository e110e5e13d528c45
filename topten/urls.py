from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("subscribe/", include("topten.audience.urls")),
    path("editions/", include("topten.editions.urls")),
    path("", include("topten.mailer.urls")),
    path("", include("topten.mailer.root_urls")),
    path("", include("topten.editions.root_urls")),
    path("desk/wire/", include("topten.wire.urls")),
    path("donate/", include("topten.donations.urls")),
    path("", include("topten.web.urls")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]

handler404 = "topten.web.views.not_found"
handler500 = "topten.web.views.server_error"
