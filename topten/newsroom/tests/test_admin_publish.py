from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from topten.newsroom import actions
from topten.newsroom.models import Article, RelatedArticle
from topten.newsroom.tests.conftest import make_article

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:newsroom_article_changelist")


def run_action(client, action, articles, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST,
            {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles]},
            follow=True,
        )


class TestAdminPublish:
    def test_publish_now_puts_a_draft_on_the_site(
        self, editor_client, client, django_capture_on_commit_callbacks
    ):
        draft = make_article("Harbour reopens in Valmora", "<p>Valmora harbour reopens.</p>")
        response = run_action(
            editor_client, "publish_now", [draft], django_capture_on_commit_callbacks
        )
        assert "Published 1 article(s)." in response.content.decode()
        draft.refresh_from_db()
        assert draft.is_live
        assert client.get(draft.get_absolute_url()).status_code == 200

    def test_publish_now_brings_a_scheduled_article_forward(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        article = actions.schedule_article(
            make_article("Later"), timezone.now() + timedelta(days=2)
        )
        run_action(editor_client, "publish_now", [article], django_capture_on_commit_callbacks)
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at <= timezone.now()

    def test_publishing_refreshes_related_posts(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        old = actions.publish_article(
            make_article("Valmora harbour storm", "<p>Storm hits Valmora harbour.</p>")
        )
        new = make_article(
            "Valmora harbour reopens", "<p>Valmora harbour reopens after the storm.</p>"
        )
        run_action(editor_client, "publish_now", [new], django_capture_on_commit_callbacks)
        assert RelatedArticle.objects.filter(article=new, related=old).exists()
        assert RelatedArticle.objects.filter(article=old, related=new).exists()

    def test_unpublish_takes_an_article_off_the_site(
        self, editor_client, client, django_capture_on_commit_callbacks
    ):
        live = actions.publish_article(make_article("Oops"))
        response = run_action(
            editor_client, "unpublish", [live], django_capture_on_commit_callbacks
        )
        assert "Unpublished 1 article(s)." in response.content.decode()
        live.refresh_from_db()
        assert live.status == Article.Status.DRAFT
        assert client.get(live.get_absolute_url()).status_code == 404

    def test_a_reader_cannot_run_the_actions(self, client, reader):
        draft = make_article("Draft")
        client.force_login(reader)
        client.post(CHANGELIST, {"action": "publish_now", ACTION_CHECKBOX_NAME: [draft.pk]})
        draft.refresh_from_db()
        assert draft.status == Article.Status.DRAFT
