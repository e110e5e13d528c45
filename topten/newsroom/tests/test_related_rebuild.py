from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from topten.newsroom import actions
from topten.newsroom.models import RelatedArticle
from topten.newsroom.tests.conftest import make_article
from topten.newsroom.tests.stories import QUAKE_KESSEL, QUAKE_VALMORA

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    start = timezone.now() - timedelta(days=1)
    return [
        actions.publish_article(make_article(t, f"<p>{x}</p>"), when=start + timedelta(minutes=n))
        for n, (t, x) in enumerate(QUAKE_VALMORA + QUAKE_KESSEL)
    ]


class TestRelatedRebuild:
    def test_it_recomputes_every_list(self, published, capsys):
        call_command("related", "rebuild")
        assert "rebuilt related posts of 6 article(s)" in capsys.readouterr().out
        for story in (published[:3], published[3:]):
            for article in story:
                rows = RelatedArticle.objects.filter(article=article).order_by("rank")
                assert {r.related_id for r in rows[:2]} == {a.pk for a in story if a != article}

    def test_a_window_limits_it_to_the_most_recent_articles(self, published):
        call_command("related", "rebuild", "--window", "3")
        listed = set(RelatedArticle.objects.values_list("article_id", flat=True))
        assert listed == {a.pk for a in published[-3:]}

    def test_it_clears_the_lists_of_articles_no_longer_live(self, published):
        call_command("related", "rebuild")
        actions.unpublish_article(published[0])  # its on-commit refresh never runs here
        call_command("related", "rebuild")
        assert not RelatedArticle.objects.filter(article=published[0]).exists()
        assert not RelatedArticle.objects.filter(related=published[0]).exists()

    def test_a_window_below_one_is_refused(self):
        with pytest.raises(CommandError, match="--window must be at least 1"):
            call_command("related", "rebuild", "--window", "0")
