from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "topten.wire"
    verbose_name = "Wire desk"
