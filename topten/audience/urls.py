from django.urls import path

from topten.audience import views

app_name = "audience"
# links.py builds the unsubscribe and preferences paths by hand for speed;
# tests/test_links.py checks that they match these routes.
urlpatterns = [
    path("", views.index, name="index"),
    path("embed/", views.embed, name="embed"),
    path("token/", views.form_token, name="form_token"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirmed/", views.confirmed, name="confirmed"),
    path("unsubscribe/<int:subscriber_id>/<str:sig>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<int:subscriber_id>/<str:sig>/", views.preferences, name="preferences"),
    path("preferences/<int:subscriber_id>/<str:sig>/data/", views.my_data, name="my_data"),
    path("preferences/<int:subscriber_id>/<str:sig>/erase/", views.erase_me, name="erase_me"),
]
