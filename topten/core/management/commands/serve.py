import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn (production-grade WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "0")) or None
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))

    def handle(self, *args, bind, workers, threads, **options):
        workers = workers or (os.cpu_count() or 1) * 2
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "topten.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-" if settings.DEBUG else "/dev/null",
            "--graceful-timeout",
            "10",
            "--keep-alive",
            "5",
        ]
        self.stdout.write(f"serving on http://{bind} with {workers} workers")
        os.execv(sys.executable, argv)
