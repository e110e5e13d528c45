import time

import pytest

from topten.web.cache import CachedPage, PageStore

pytestmark = pytest.mark.django_db  # the shared version lives in the default cache


def page(body=b"x", ttl=60):
    return CachedPage(200, "OK", [], body, time.monotonic() + ttl)


class TestPageStore:
    def test_a_page_rendered_under_an_older_version_is_not_kept(self):
        store = PageStore()
        old = store.refresh()
        store.put(("k",), page(), "some-other-version")
        assert store.get(("k",)) is None
        store.put(("k",), page(), old)
        assert store.get(("k",)).body == b"x"

    def test_the_least_recently_used_page_goes_first(self, settings):
        settings.PAGE_CACHE_ENTRIES = 2
        store = PageStore()
        version = store.refresh()
        for key in "abc":
            store.put((key,), page(key.encode()), version)
            store.get(("a",))
        assert store.get(("a",)) is not None and store.get(("b",)) is None

    def test_memo_is_recomputed_after_a_new_version(self):
        from topten.web.cache import invalidate

        store = PageStore()
        calls = []
        assert store.memo("m", lambda: calls.append(1) or len(calls)) == 1
        assert store.memo("m", lambda: calls.append(1) or len(calls)) == 1
        invalidate()
        store.forget_version()
        assert store.memo("m", lambda: calls.append(1) or len(calls)) == 2
