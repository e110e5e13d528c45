"""Shared fixtures. Tests talk to real local parts: SQLite or PostgreSQL, aiosmtpd, chromium."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_caches(settings, tmp_path):
    settings.MAIL_CAPTURE_DIR = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    yield
