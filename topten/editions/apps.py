from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "topten.editions"
    verbose_name = "Editions"
