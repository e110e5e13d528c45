from django.urls import path

from topten.wire import views

app_name = "wire"
urlpatterns = [
    path("", views.index, name="index"),
]
