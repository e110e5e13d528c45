import pytest

from topten.wire import actions
from topten.wire.models import Source

pytestmark = pytest.mark.django_db


class TestFullTextSwitch:
    def test_switching_it_on_without_trafilatura_says_why(self, monkeypatch):
        monkeypatch.setattr(actions, "full_text_available", lambda: False)
        source = Source.objects.create(name="s", feed_url="https://s.example/feed")
        with pytest.raises(actions.WireError, match="trafilatura"):
            actions.update_source(source, full_text=True)
        source.refresh_from_db()
        assert source.full_text is False

    def test_a_source_with_the_switch_on_still_ingests_without_trafilatura(
        self, feed_server, monkeypatch
    ):
        monkeypatch.setattr(actions, "full_text_available", lambda: False)
        source = Source.objects.create(
            name="s", feed_url=feed_server.url + "/sample/lakeside-daily", full_text=True
        )
        actions.fetch_pass()
        assert source.items.count() == 5

    def test_a_source_with_the_switch_on_gets_the_article_text(self, feed_server):
        source = Source.objects.create(
            name="s", feed_url=feed_server.url + "/sample/lakeside-daily", full_text=True
        )
        actions.fetch_pass()
        newest = source.items.order_by("-pk").first()
        assert "temporary barrier of stacked concrete blocks" in newest.summary
        assert "All rights reserved" not in newest.summary

    def test_a_source_with_the_switch_off_keeps_the_feed_summary(self, feed_server):
        source = Source.objects.create(
            name="s", feed_url=feed_server.url + "/sample/lakeside-daily"
        )
        actions.fetch_pass()
        assert not source.items.filter(summary__contains="concrete blocks").exists()
