from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using="default", **kwargs):
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "topten.core"
    verbose_name = "Core"

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self)
