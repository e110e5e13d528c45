"""WSGI entry point: the page cache (topten.web.cache) in front of Django."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topten.settings")

from topten.web.wsgi import application  # noqa: E402,F401
