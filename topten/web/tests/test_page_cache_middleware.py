import pytest

from topten.newsroom.models import Article
from topten.web.cache import invalidate

pytestmark = pytest.mark.django_db
FIRST = "topten.web.cache.PageCacheMiddleware"


@pytest.fixture
def with_middleware(settings):
    settings.MIDDLEWARE = [FIRST, *settings.MIDDLEWARE]


class TestPageCacheMiddleware:
    def test_the_second_request_is_a_hit(self, client, published, with_middleware):
        first = client.get(published.get_absolute_url())
        second = client.get(published.get_absolute_url())
        assert "X-Page-Cache" not in first and second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert "object-src 'none'" in second["Content-Security-Policy"]

    def test_an_edit_shows_after_invalidate(self, client, published, with_middleware):
        client.get(published.get_absolute_url())
        Article.objects.filter(pk=published.pk).update(headline="Edited for the middleware")
        invalidate()
        assert b"Edited for the middleware" in client.get(published.get_absolute_url()).content

    def test_a_signed_in_editor_bypasses_it(self, client, published, with_middleware, admin_user):
        client.get("/")
        client.force_login(admin_user)
        assert "X-Page-Cache" not in client.get("/")
