from django.urls import path

from topten.audience import views

app_name = "audience"
urlpatterns = [
    path("", views.index, name="index"),
]
