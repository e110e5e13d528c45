import pytest
from django.utils import timezone

from topten.mailer import pipeline
from topten.mailer.models import Delivery
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


def unlucky(rcpt: str) -> bool:
    return int(rcpt.removeprefix("reader").split("@")[0]) % 20 == 0  # 5 %


class TestTemporaryRejections:
    def test_451_twice_is_delivered_on_the_third_attempt(
        self, edition, readers, sink, fast_retries
    ):
        readers(200)
        sink.script = lambda rcpt, seen: (
            "451 4.3.0 try later" if unlucky(rcpt) and seen < 2 else None
        )
        pipeline.send_now(edition)
        drain()
        assert sorted(set(sink.accepted().values())) == [1]
        assert len(sink.accepted()) == 200
        retried = Delivery.objects.filter(
            email__in=[f"reader{i}@example.com" for i in range(0, 200, 20)]
        )
        assert set(retried.values_list("status", "attempts")) == {("sent", 3)}
        assert set(Delivery.objects.exclude(pk__in=retried).values_list("attempts", flat=True)) == {
            1
        }

    def test_a_retry_waits_for_its_backoff(self, edition, readers, sink, settings):
        settings.SEND_RETRY_BASE_SECONDS = 3600
        readers(3)
        sink.script = lambda rcpt, seen: (
            "451 4.3.0 try later" if rcpt.startswith("reader1@") else None
        )
        pipeline.send_now(edition)
        drain(
            until=lambda: (
                Delivery.objects.filter(status="retry").exists()
                and not Delivery.objects.filter(status="pending").exists()
            )
        )
        row = Delivery.objects.get(email="reader1@example.com")
        assert row.status == "retry" and row.smtp_code == 451
        wait = (row.next_attempt_at - timezone.now()).total_seconds()
        assert 3600 * 0.8 - 60 <= wait <= 3600 * 1.2
        assert sink.accepted()["reader1@example.com"] == 0

    def test_it_gives_up_after_the_last_attempt(
        self, edition, readers, sink, fast_retries, settings
    ):
        settings.SEND_MAX_ATTEMPTS = 3
        readers(2)
        sink.script = lambda rcpt, seen: (
            "452 4.2.2 mailbox full" if rcpt.startswith("reader1@") else None
        )
        pipeline.send_now(edition)
        drain()
        row = Delivery.objects.get(email="reader1@example.com")
        assert (row.status, row.attempts) == ("failed", 3)
