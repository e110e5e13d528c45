"""Routes outside /editions/; the project's urls.py includes this module at ""."""

from django.urls import path

from topten.editions import views

urlpatterns = [
    path("r/<str:token>/", views.click, name="edition_click"),
]
