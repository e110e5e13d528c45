from django.urls import path

from topten.donations import views

app_name = "donations"
urlpatterns = [
    path("", views.index, name="index"),
    path("thanks/", views.thanks, name="thanks"),
    path("cancelled/", views.cancelled, name="cancelled"),
    path("stripe/webhook/", views.stripe_webhook, name="webhook"),
    path("manage/", views.manage_request, name="manage_request"),
    path("manage/<str:token>/", views.manage, name="manage"),
]
