"""The WSGI page cache in front of Django (topten.web.wsgi)."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from topten.newsroom.models import Article
from topten.web.cache import STORE, PageCacheApp, invalidate
from topten.web.models import ContentVersion

pytestmark = pytest.mark.django_db


class Browser:
    """Calls the WSGI app the way gunicorn does."""

    def __init__(self):
        self.app = PageCacheApp(WSGIHandler())

    def get(self, path, method="GET", query="", cookie="", **extra):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": cookie,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            **extra,
        }
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, dict(headers)

        result = self.app(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return int(seen["status"].split()[0]), seen["headers"], body.decode()


@pytest.fixture
def browser():
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Browser()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class TestPageCache:
    def test_the_second_anonymous_request_is_served_from_the_cache(self, browser, published):
        url = published.get_absolute_url()
        status, headers, first = browser.get(url)
        assert status == 200 and "X-Page-Cache" not in headers
        status, headers, second = browser.get(url)
        assert status == 200 and headers["X-Page-Cache"] == "hit"
        assert second == first

    def test_a_hit_keeps_the_security_headers(self, browser, published):
        browser.get("/")
        _, headers, _ = browser.get("/")
        assert headers["X-Page-Cache"] == "hit"
        assert "object-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Type"].startswith("text/html")

    def test_an_edit_is_visible_on_the_next_request_after_invalidate(self, browser, published):
        url = published.get_absolute_url()
        browser.get(url)
        Article.objects.filter(pk=published.pk).update(headline="Freshly edited headline")
        assert "Freshly edited headline" not in browser.get(url)[2]  # still the cached page
        invalidate()
        _, headers, body = browser.get(url)
        assert "Freshly edited headline" in body and "X-Page-Cache" not in headers

    def test_saving_an_article_invalidates_after_commit(
        self, browser, published, django_capture_on_commit_callbacks
    ):
        url = published.get_absolute_url()
        browser.get(url)
        with django_capture_on_commit_callbacks(execute=True):
            published.headline = "Saved through the ORM"
            published.save()
        assert "Saved through the ORM" in browser.get(url)[2]

    def test_a_version_set_by_another_process_empties_the_cache(self, browser, published):
        browser.get("/")
        ContentVersion.objects.update_or_create(pk=1, defaults={"number": 10**9})
        STORE.forget_version()  # as if VERSION_CHECK_SECONDS had passed
        assert "X-Page-Cache" not in browser.get("/")[1]

    def test_signed_in_readers_are_never_served_the_shared_page(self, browser, published, settings):
        browser.get("/")
        _, headers, _ = browser.get("/", cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
        assert "X-Page-Cache" not in headers

    def test_other_query_strings_and_posts_go_to_django(self, browser, published):
        for _ in range(2):
            assert "X-Page-Cache" not in browser.get("/search/", query="q=eclipse")[1]
            assert "X-Page-Cache" not in browser.get("/", query="utm_source=x")[1]
        status, headers, _ = browser.get("/", method="POST")
        assert status in (403, 405) and "X-Page-Cache" not in headers

    def test_listing_pages_are_cached_per_page_number(self, browser, published):
        section = published.section.get_absolute_url()
        browser.get(section, query="page=1")
        assert browser.get(section, query="page=1")[1].get("X-Page-Cache") == "hit"
        assert "X-Page-Cache" not in browser.get(section, query="page=2")[1]

    def test_head_is_answered_from_the_cache_without_a_body(self, browser, published):
        browser.get("/")
        status, headers, body = browser.get("/", method="HEAD")
        assert status == 200 and headers["X-Page-Cache"] == "hit" and body == ""

    def test_errors_and_redirects_are_not_cached(self, browser, published):
        for _ in range(2):
            assert browser.get("/news/missing/")[0] == 404
        assert "X-Page-Cache" not in browser.get("/news/missing/")[1]
        browser.get(f"/share/{published.pk}/x/", HTTP_USER_AGENT="Mozilla/5.0 Chrome/131")
        status, headers, _ = browser.get(f"/share/{published.pk}/x/")
        assert status == 302 and "X-Page-Cache" not in headers

    def test_a_page_that_sets_a_cookie_is_never_stored(self, browser, published):
        browser.get("/admin/login/")
        assert "X-Page-Cache" not in browser.get("/admin/login/")[1]

    def test_cached_pages_hold_no_csrf_token(self, browser, published):
        for url in ["/", published.get_absolute_url()]:
            body = browser.get(url)[2]
            assert "csrfmiddlewaretoken" not in body, url
            assert browser.get(url)[1].get("X-Page-Cache") == "hit", url

    def test_the_cache_can_be_switched_off(self, browser, published, settings):
        settings.PAGE_CACHE = False
        browser.get("/")
        assert "X-Page-Cache" not in browser.get("/")[1]

    def test_pages_expire_by_age_so_share_totals_catch_up(self, browser, published, settings):
        settings.PAGE_CACHE_MAX_AGE = 0
        browser.get("/")
        assert "X-Page-Cache" not in browser.get("/")[1]

    def test_the_wsgi_module_serves_django_behind_the_page_cache(self):
        from topten.web.wsgi import application

        assert isinstance(application, PageCacheApp)
        assert isinstance(application.application, WSGIHandler)

    def test_an_unreadable_content_version_serves_pages_uncached(
        self, browser, published, monkeypatch
    ):
        def broken(*args, **kwargs):
            raise ConnectionError("database unreachable")

        monkeypatch.setattr("topten.web.cache._shared_version", broken)
        for _ in range(2):
            status, headers, _ = browser.get("/")
            STORE.forget_version()
            assert status == 200 and "X-Page-Cache" not in headers

    def test_a_browser_holding_the_same_page_gets_304(self, browser, published):
        browser.get("/")
        _, headers, body = browser.get("/")
        etag = headers["ETag"]
        status, _, empty = browser.get("/", HTTP_IF_NONE_MATCH=etag)
        assert status == 304 and empty == ""
        assert browser.get("/", HTTP_IF_NONE_MATCH='"other"')[0] == 200
