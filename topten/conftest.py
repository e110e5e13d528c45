"""Shared fixtures. Tests talk to real local parts: SQLite or PostgreSQL, aiosmtpd, chromium."""

import pytest
from django.core.cache import caches
from django.db import connections

from topten.testing import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(autouse=True)
def _fresh_caches(settings, tmp_path):
    settings.MAIL_CAPTURE_DIR = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def browser(monkeypatch):
    """A headless Debian chromium driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls made
    # here between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's loop runs, Django keeps this thread's connection in a
            # context-local slot that pytest-django's teardown cannot see; left open, it
            # would stop PostgreSQL from dropping the test database.
            connections.close_all()
