from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from topten.newsroom import actions
from topten.newsroom.models import Article, RelatedArticle
from topten.newsroom.tasks import WORKER_TASKS
from topten.newsroom.tests.conftest import make_article

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def scheduled():
    """A live article, and a related one scheduled for noon."""
    with time_machine.travel(NOON - timedelta(hours=3), tick=False):
        live = actions.publish_article(
            make_article("Canal locks open", "<p>Estraven canal locks open.</p>")
        )
        later = make_article(
            "Ships queue at the canal locks", "<p>Ships queue at the Estraven canal locks.</p>"
        )
        actions.schedule_article(later, NOON)
    return live, later


class TestScheduledPublishing:
    def test_the_worker_runs_the_publishing_task(self):
        assert actions.publish_due_articles in WORKER_TASKS

    def test_a_pass_before_the_time_publishes_nothing(self, scheduled):
        with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
            assert actions.publish_due_articles() == 0
            assert not Article.objects.get(pk=scheduled[1].pk).is_live

    def test_one_pass_after_the_time_publishes_it(
        self, scheduled, django_capture_on_commit_callbacks
    ):
        with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                assert actions.publish_due_articles() == 1
            article = Article.objects.get(pk=scheduled[1].pk)
            assert article.is_live
            assert article.published_at == NOON

    def test_publishing_on_schedule_refreshes_related_posts(
        self, scheduled, django_capture_on_commit_callbacks
    ):
        live, later = scheduled
        with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                actions.publish_due_articles()
        assert RelatedArticle.objects.filter(article=live, related=later).exists()

    def test_a_second_pass_does_nothing(self, scheduled):
        with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
            actions.publish_due_articles()
            assert actions.publish_due_articles() == 0

    def test_an_article_unpublished_before_its_time_stays_unpublished(self, scheduled):
        actions.unpublish_article(Article.objects.get(pk=scheduled[1].pk))
        with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
            assert actions.publish_due_articles() == 0
        assert Article.objects.get(pk=scheduled[1].pk).status == Article.Status.DRAFT

    def test_scheduling_in_the_past_is_refused(self):
        with pytest.raises(actions.PublishingError, match="in the future"):
            actions.schedule_article(make_article("x"), datetime(2000, 1, 1, tzinfo=UTC))
