from django.urls import path

from topten.editions import views

app_name = "editions"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:date>/", views.archive_page, name="archive_page"),
]
