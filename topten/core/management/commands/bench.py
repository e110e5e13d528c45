"""`topten bench NAME [args]`: run a benchmark from `topten.<app>.bench`.

Each benchmark module has `BENCHMARKS = {"name": main}` where `main(argv) -> int`
prints its figures, with the ceiling they were measured against, as JSON lines.
"""

import sys
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError


def available() -> dict:
    found = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.bench"
        if config.name.startswith("topten.") and find_spec(name):
            found.update(getattr(import_module(name), "BENCHMARKS", {}))
    return found


class Command(BaseCommand):
    help = "Run a benchmark: topten bench web | send | import ... (see bench/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # Pass everything after the benchmark name through untouched.
        benchmarks = available()
        if len(argv) < 3 or argv[2] not in benchmarks:
            names = ", ".join(sorted(benchmarks)) or "none yet"
            sys.stderr.write(f"usage: topten bench NAME [options]; benchmarks: {names}\n")
            sys.exit(2)
        import django

        django.setup()
        sys.exit(benchmarks[argv[2]](argv[3:]) or 0)

    def handle(self, *args, **options):
        raise CommandError("use: topten bench NAME")
