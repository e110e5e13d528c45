from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from topten.newsroom.models import Publication


def load_demo() -> Publication:
    """Create the demo publication, then let every app add its demo data, in app order.

    An app takes part by having `demo_data.py` with `load(publication)`; it must be
    idempotent (running the demo twice adds nothing).
    """
    publication, _ = Publication.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Lisa's Top Ten",
            "tagline": "Home of Lisa's Top Ten, the daily email that brings you the world",
            "legal_name": "Lisa's Top Ten Media (demo)",
            "postal_address": "1 Example Street, 10115 Berlin, Germany",
            "from_email": "news@topten.localhost",
        },
    )
    for config in apps.get_app_configs():
        module = f"{config.name}.demo_data"
        if config.name.startswith("topten.") and find_spec(module):
            import_module(module).load(publication)
    return publication


class Command(BaseCommand):
    help = "Load the demo publication (Lisa's Top Ten) with fictional articles written for Topten."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data exists.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Publication.objects.exists():
            self.stdout.write("demo: the database already has a publication; skipped")
            return
        with transaction.atomic():
            load_demo()
        self.stdout.write(self.style.SUCCESS("demo: loaded the demo publication"))
