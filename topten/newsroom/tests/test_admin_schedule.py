from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from topten.newsroom import actions
from topten.newsroom.models import Article
from topten.newsroom.tests.conftest import make_article

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:newsroom_article_changelist")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def schedule_post(articles, **fields) -> dict:
    return {"action": "schedule", ACTION_CHECKBOX_NAME: [a.pk for a in articles], **fields}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class TestAdminSchedule:
    def test_the_action_asks_for_the_time(self, editor_client):
        draft = make_article("Budget vote")
        response = editor_client.post(CHANGELIST, schedule_post([draft]))
        assert response.status_code == 200
        assert "The worker publishes each of these articles" in response.content.decode()
        assert "Budget vote" in response.content.decode()

    def test_a_future_time_schedules_every_selected_article(self, editor_client):
        drafts = [make_article("Budget vote"), make_article("Budget reaction")]
        form = schedule_post(drafts, apply="Schedule", when_0="2026-03-02", when_1="18:30")
        response = editor_client.post(CHANGELIST, form, follow=True)
        assert "Scheduled 2 article(s)" in response.content.decode()
        for article in Article.objects.all():
            assert article.status == Article.Status.SCHEDULED
            assert article.published_at == datetime(2026, 3, 2, 18, 30, tzinfo=UTC)

    def test_a_past_time_is_refused_and_nothing_changes(self, editor_client):
        draft = make_article("Budget vote")
        form = schedule_post([draft], apply="Schedule", when_0="2026-03-01", when_1="18:30")
        response = editor_client.post(CHANGELIST, form)
        assert "Choose a time in the future." in response.content.decode()
        assert Article.objects.get().status == Article.Status.DRAFT

    def test_a_published_article_is_not_scheduled_again(self, editor_client):
        live = actions.publish_article(make_article("Budget vote"), when=NOW - timedelta(hours=1))
        form = schedule_post([live], apply="Schedule", when_0="2026-03-02", when_1="18:30")
        response = editor_client.post(CHANGELIST, form, follow=True)
        assert "is already published; unpublish it first." in response.content.decode()
        assert Article.objects.get().published_at == NOW - timedelta(hours=1)
