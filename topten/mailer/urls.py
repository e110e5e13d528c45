from django.urls import path

from topten.mailer import views

app_name = "mailer"
urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<str:name>/", views.outbox_message, name="outbox_message"),
]
