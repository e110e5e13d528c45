from django.urls import path

from topten.donations import views

app_name = "donations"
urlpatterns = [
    path("", views.index, name="index"),
]
