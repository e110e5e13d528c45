"""WSGI entry point with the page cache in front of Django.

Serve with `gunicorn topten.web.wsgi:application` (or point WSGI_APPLICATION here):
a cached page for an anonymous reader is answered before Django builds a request.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topten.settings")

django_application = get_wsgi_application()
# Import the URLconf, and with it every view, now rather than on the first request: the
# first reader of each new gunicorn worker waited 0.3-0.8 s for it (measured without .pyc
# files; benchmark runs at one connection had a p99 of 200 ms from it).
get_resolver().url_patterns  # noqa: B018

from topten.web.cache import PageCacheApp  # noqa: E402  (needs Django set up)

application = PageCacheApp(django_application)
