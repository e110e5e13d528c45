from django.urls import path

from topten.mailer import views

app_name = "mailer"
urlpatterns = [
    path("", views.index, name="index"),
]
