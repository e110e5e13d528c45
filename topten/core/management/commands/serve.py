import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

# sun_path of a Unix socket holds 108 bytes with its NUL, on Linux.
_SOCKET_PATH_MAX = 107


def control_socket_args(var_dir) -> list[str]:
    """gunicorn's control socket (for `gunicornc`) in this instance's var dir. Its
    default, $XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl, is one path per
    user: a second gunicorn of the same user (another publication, the web benchmark)
    would take it over. Left off where the var dir's path is too long for a socket."""
    path = str(Path(var_dir) / "gunicorn.ctl")
    if len(os.fsencode(path)) > _SOCKET_PATH_MAX:
        return ["--no-control-socket"]
    return ["--control-socket", path]


def gunicorn_argv(bind: str, workers: int, threads: int) -> list[str]:
    return [
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
        *control_socket_args(settings.VAR_DIR),
    ]


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
        argv = gunicorn_argv(bind, workers, threads)
        self.stdout.write(f"serving on http://{bind} with {workers} workers")
        os.execv(sys.executable, argv)
