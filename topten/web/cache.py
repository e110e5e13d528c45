"""Full-page cache of public pages for anonymous readers, served before Django runs.

Why not Django's cache middleware: a Django cache hit still builds a request and runs the
whole middleware stack (about 0.9 ms of CPU, issue 2). Here a hit is a dict lookup in the
WSGI layer (`PageCacheApp`) or in the first middleware (`PageCacheMiddleware`).

How an edit becomes visible within a second without a stale TTL:
- the **content version** is a number in the database (`ContentVersion`); `invalidate()`
  increments it (article, section, publication and edition saves call it after commit);
- each process keeps its pages in a per-process LRU and reads the shared version at most
  every `VERSION_CHECK_SECONDS`; a new version empties the LRU;
- a page rendered under an older version than the one now known is not stored.

What is cached: only responses of views decorated with `@public_page`, status 200, to a
GET with no query string except `page=N`, without session or messages cookie, and only
when the response sets no cookie and does not vary on Cookie (a page that rendered a CSRF
token does both, so it is never shared between readers). Entries also expire after
`PAGE_CACHE_MAX_AGE` seconds, which bounds how stale a share total can be.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.http import HttpResponse

from topten.web import conf

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 512 * 1024
_PAGE_QUERY = re.compile(r"page=\d{1,5}")


@dataclass(frozen=True)
class CachedPage:
    status: int
    reason: str
    headers: list  # [(name, value)], as Django's WSGI handler sends them
    body: bytes
    expires: float
    etag: str = ""


def public_page(view):
    """Mark a view's responses as the same for every anonymous reader."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cache = True
        return response

    return wrapper


def invalidate() -> None:
    """Start a new content version: every process drops its cached pages within a second.

    Inside a transaction the new version becomes visible when it commits, like the edit."""
    from topten.web.models import ContentVersion

    try:
        with transaction.atomic():
            if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
                ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    except DatabaseError:  # pages still expire by age
        log.exception("page cache: could not publish a new content version")
    STORE.forget_version()


def _shared_version() -> str:
    from topten.web.models import ContentVersion

    # A savepoint, so that a failed read cannot break a transaction the caller is in.
    with transaction.atomic():
        number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return str(number or 0)


class PageStore:
    """A per-process LRU of pages, emptied when the shared content version changes."""

    def __init__(self):
        # gunicorn may run threads (--threads): one lock keeps the LRU consistent.
        self._lock = threading.Lock()
        self._pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self._memo: dict = {}
        self.version: str | None = None
        self._checked_at = float("-inf")

    def forget_version(self) -> None:
        self._checked_at = float("-inf")

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._memo.clear()
            self.version = None
        self.forget_version()

    def refresh(self) -> str | None:
        """The content version, reading the shared one when the last read is too old."""
        now = time.monotonic()
        if now - self._checked_at < conf.VERSION_CHECK_SECONDS:
            return self.version
        self._checked_at = now
        try:
            version = _shared_version()
        except Exception:
            log.exception("page cache: shared version unreadable; serving uncached")
            if not connections["default"].in_atomic_block:
                connections["default"].close()  # reconnect on the next try
            version = None
        with self._lock:
            if version != self.version or version is None:
                self._pages.clear()
                self._memo.clear()
                self.version = version
        return version

    def memo(self, name: str, compute):
        """A value computed at most once per content version in this process (e.g. the
        section menu that every page shows)."""
        if self.refresh() is None:
            return compute()
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def get(self, key) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if page.expires < time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key, page: CachedPage, rendered_under: str | None) -> None:
        limit = conf.page_cache_entries()
        with self._lock:
            if rendered_under is None or rendered_under != self.version:
                return
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > limit:
                self._pages.popitem(last=False)


STORE = PageStore()


def request_key(environ) -> tuple | None:
    """The cache key of a request, or None when it must go through Django."""
    method = environ.get("REQUEST_METHOD")
    if method != "GET" and method != "HEAD":
        return None
    query = environ.get("QUERY_STRING", "")
    if query and not _PAGE_QUERY.fullmatch(query):
        return None
    cookies = environ.get("HTTP_COOKIE", "")
    if cookies and (settings.SESSION_COOKIE_NAME + "=" in cookies or "messages=" in cookies):
        return None
    scheme = _scheme(environ)
    if settings.SECURE_SSL_REDIRECT and scheme != "https":
        return None
    host = environ.get("HTTP_HOST", "").lower()
    return (scheme, host, environ.get("PATH_INFO", "/"), query)


def _scheme(environ) -> str:
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy and environ.get(proxy[0]) == proxy[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def _storable(response, status: int, headers) -> bool:
    if status != 200 or not getattr(response, "page_cache", False):
        return False
    if getattr(response, "streaming", False) or response.cookies:
        return False
    if len(response.content) > MAX_PAGE_BYTES:
        return False
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie":
            return False
        if lowered == "vary" and "cookie" in value.lower():
            return False
        if lowered == "cache-control" and ("private" in value or "no-store" in value):
            return False
    return True


def _page(response, headers) -> CachedPage:
    body = response.content
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = [(k, v) for k, v in headers if k.lower() != "etag"] + [("ETag", etag)]
    return CachedPage(
        status=response.status_code,
        reason=response.reason_phrase,
        headers=headers,
        body=body,
        expires=time.monotonic() + conf.page_cache_max_age(),
        etag=etag,
    )


def _not_modified(page: CachedPage, if_none_match: str) -> bool:
    return bool(if_none_match) and page.etag in [t.strip() for t in if_none_match.split(",")]


class PageCacheApp:
    """WSGI wrapper: answers cached pages before Django builds a request object."""

    def __init__(self, application, store: PageStore = STORE):
        self.application = application
        self.store = store

    def __call__(self, environ, start_response):
        key = request_key(environ) if conf.page_cache_enabled() else None
        if key is None:
            return self.application(environ, start_response)
        version = self.store.refresh()
        page = self.store.get(key)
        if page is not None:
            if _not_modified(page, environ.get("HTTP_IF_NONE_MATCH", "")):
                start_response("304 Not Modified", [("ETag", page.etag), ("X-Page-Cache", "hit")])
                return []
            start_response(f"{page.status} {page.reason}", [*page.headers, ("X-Page-Cache", "hit")])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [page.body]
        response = self.application(environ, start_response)
        if environ["REQUEST_METHOD"] == "GET" and isinstance(response, HttpResponse):
            headers = list(response.items())
            if _storable(response, response.status_code, headers):
                self.store.put(key, _page(response, headers), version)
        return response


class PageCacheMiddleware:
    """The same cache as a middleware, for deployments that keep Django's WSGI handler.
    List it FIRST in MIDDLEWARE so a hit skips the rest of the stack."""

    def __init__(self, get_response, store: PageStore = STORE):
        self.get_response = get_response
        self.store = store

    def __call__(self, request):
        key = request_key(request.META) if conf.page_cache_enabled() else None
        if key is None:
            return self.get_response(request)
        version = self.store.refresh()
        page = self.store.get(key)
        if page is not None:
            return _response_from(page, head=request.method == "HEAD")
        response = self.get_response(request)
        if request.method == "GET":
            headers = list(response.items())
            if _storable(response, response.status_code, headers):
                self.store.put(key, _page(response, headers), version)
        return response


def _response_from(page: CachedPage, head: bool) -> HttpResponse:
    response = HttpResponse(b"" if head else page.body, status=page.status)
    for name, value in page.headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response
