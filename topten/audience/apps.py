from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "topten.audience"
    verbose_name = "Audience"
