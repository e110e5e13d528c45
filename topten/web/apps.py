from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "topten.web"
    verbose_name = "Web"
