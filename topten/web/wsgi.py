"""WSGI entry point with the page cache in front of Django.

Serve with `gunicorn topten.web.wsgi:application` (or point WSGI_APPLICATION here):
a cached page for an anonymous reader is answered before Django builds a request.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topten.settings")

django_application = get_wsgi_application()

from topten.web.cache import PageCacheApp  # noqa: E402  (needs Django set up)

application = PageCacheApp(django_application)
