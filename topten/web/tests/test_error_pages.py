import pytest
from django.db import connection
from django.test import RequestFactory

from topten.web import views

pytestmark = pytest.mark.django_db


class TestErrorPages:
    def test_the_500_page_is_friendly_and_needs_no_database(self, monkeypatch):
        def no_database(*args, **kwargs):
            raise AssertionError("the 500 page touched the database")

        monkeypatch.setattr(connection, "cursor", no_database)
        response = views.server_error(RequestFactory().get("/"))
        assert response.status_code == 500
        assert b"Something went wrong" in response.content
        assert b'href="/"' in response.content

    def test_the_404_page_offers_search_and_home(self, client):
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        assert b'action="/search/"' in response.content
        assert b"noindex" in response.content
