"""Settings of the public website. Each is a Django setting when present, else an env var."""

from django.conf import settings

from topten.lib.env import envbool, envint

_PAGE_CACHE = envbool("PAGE_CACHE", True)
_PAGE_CACHE_MAX_AGE = envint("PAGE_CACHE_MAX_AGE", 60)
_PAGE_CACHE_ENTRIES = envint("PAGE_CACHE_ENTRIES", 2000)
_SHARE_DEDUPE_SECONDS = envint("SHARE_DEDUPE_SECONDS", 86400)


def page_cache_enabled() -> bool:
    """PAGE_CACHE=false serves every request through Django (for the uncached benchmark)."""
    return getattr(settings, "PAGE_CACHE", _PAGE_CACHE)


def page_cache_max_age() -> int:
    """Seconds a cached page lives without an edit: bounds how stale share totals can be."""
    return getattr(settings, "PAGE_CACHE_MAX_AGE", _PAGE_CACHE_MAX_AGE)


def page_cache_entries() -> int:
    return getattr(settings, "PAGE_CACHE_ENTRIES", _PAGE_CACHE_ENTRIES)


# How often each process asks the shared cache for the content version. An edit is
# visible everywhere within this interval plus one render.
VERSION_CHECK_SECONDS = 0.5


def share_dedupe_seconds() -> int:
    return getattr(settings, "SHARE_DEDUPE_SECONDS", _SHARE_DEDUPE_SECONDS)


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")
