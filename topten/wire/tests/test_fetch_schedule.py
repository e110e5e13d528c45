import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from topten.wire import actions
from topten.wire.models import Source

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def source(server, path, **fields):
    return Source.objects.create(
        name=path, feed_url=server.url + path, interval_seconds=900, next_fetch_at=START, **fields
    )


class TestFetchSchedule:
    def test_the_second_fetch_is_conditional_and_backs_off_when_unchanged(self, feed_server):
        feed = source(feed_server, "/sample/lakeside-daily")
        with time_machine.travel(START, tick=False):
            actions.fetch_pass()
        feed.refresh_from_db()
        assert feed.etag == '"v1"' and feed.next_fetch_at == START + dt.timedelta(seconds=900)
        with time_machine.travel(START + dt.timedelta(seconds=900), tick=False):
            actions.fetch_pass()
        feed.refresh_from_db()
        assert feed_server.requests[-1][1].get("If-None-Match") == '"v1"'
        assert feed.last_status == 304 and feed.unchanged == 1
        assert feed.next_fetch_at == START + dt.timedelta(seconds=900 + 1800)

    def test_a_429_waits_for_retry_after(self, feed_server):
        feed = source(feed_server, "/limited")
        with time_machine.travel(START, tick=False):
            actions.fetch_pass()
        feed.refresh_from_db()
        assert feed.last_error_kind == "rate_limited"
        assert feed.next_fetch_at == START + dt.timedelta(hours=1)
        with time_machine.travel(START + dt.timedelta(minutes=59), tick=False):
            assert actions.due_sources() == []

    def test_errors_back_off_exponentially_up_to_a_day(self, feed_server):
        feed = source(feed_server, "/missing")
        delays = []
        now = START
        for _ in range(4):
            with time_machine.travel(now, tick=False):
                actions.fetch_pass()
            feed.refresh_from_db()
            delays.append((feed.next_fetch_at - now).total_seconds())
            now = feed.next_fetch_at
        assert delays == [1800, 3600, 7200, 14400]
        assert feed.last_error_kind == "http_status" and feed.last_error_message == "HTTP 404"

    def test_a_disabled_source_is_never_fetched(self, feed_server):
        source(feed_server, "/sample/lakeside-daily", enabled=False)
        with time_machine.travel(START, tick=False):
            assert actions.fetch_pass() == 0
        assert feed_server.requests == []

    def test_the_user_agent_names_a_contact_url(self, feed_server, settings):
        source(feed_server, "/sample/lakeside-daily")
        with time_machine.travel(START, tick=False):
            actions.fetch_pass()
        assert settings.SITE_URL in feed_server.requests[0][1]["User-Agent"]
        assert timezone.now()
