import logging

import pytest
from django.urls import reverse

from topten.newsroom import derived
from topten.newsroom.models import Article
from topten.newsroom.tests.conftest import article_form

pytestmark = pytest.mark.django_db


class TestRefreshFailure:
    def test_a_failing_refresh_is_logged_and_the_save_stands(
        self, editor_client, monkeypatch, caplog, django_capture_on_commit_callbacks
    ):
        def broken(pk):
            raise RuntimeError("vectorizer exploded")

        monkeypatch.setattr(derived, "refresh", broken)
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(reverse("admin:newsroom_article_add"), article_form())
        assert response.status_code == 302
        assert Article.objects.filter(slug="harbour-reopens").exists()
        assert "could not refresh the derived data of article" in caplog.text
