import threading

import pytest

from topten.mailer import pipeline
from topten.mailer.models import Delivery, Send
from topten.mailer.reports import edition_stats
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db

OUTAGE_S = 2.0  # the catalogue's 30 s, shortened; the breaker cooldown is 0.5 s here


class TestRelayOutage:
    def test_the_send_pauses_and_resumes_by_itself(self, edition, readers, sink, fast_retries):
        readers(100)
        sink.down()
        pipeline.send_now(edition)
        seen = []

        def watch():
            stats = edition_stats(edition)
            if stats["paused"]:
                seen.append(stats["paused_reason"])
            return False

        threading.Timer(OUTAGE_S, sink.up).start()
        drain(rounds=4000, until=watch)
        assert seen and "Relay unavailable" in seen[0]
        assert len(sink.accepted()) == 100 and set(sink.accepted().values()) == {1}
        assert Send.objects.get(edition=edition).status == Send.Status.SENT
        assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}

    def test_421_to_every_message_opens_the_breaker(self, edition, readers, sink, fast_retries):
        readers(10)
        sink.script = lambda rcpt, seen: "421 4.7.28 slow down" if seen == 0 else None
        pipeline.send_now(edition)
        reasons = []

        def watch():
            reasons.append(Send.objects.get(edition=edition).breaker_reason)
            return False

        drain(rounds=2000, until=watch)
        assert any("421" in reason for reason in reasons)
        assert len(sink.accepted()) == 10 and set(sink.accepted().values()) == {1}
        assert Send.objects.get(edition=edition).status == Send.Status.SENT
