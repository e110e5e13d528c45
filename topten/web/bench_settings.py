"""Settings for `topten bench web --page-cache middleware`: the page cache as the first
middleware behind Django's own WSGI handler, to compare with the WSGI wrapper."""

from topten.settings import *  # noqa: F403
from topten.settings import MIDDLEWARE

MIDDLEWARE = ["topten.web.cache.PageCacheMiddleware", *MIDDLEWARE]
