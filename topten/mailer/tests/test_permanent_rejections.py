import pytest

from topten.audience.hashing import email_hash
from topten.audience.models import Subscriber, Suppression
from topten.mailer import pipeline
from topten.mailer.models import Delivery
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


class TestPermanentRejections:
    def test_550_fails_and_suppresses_only_those_addresses(
        self, edition, readers, sink, fast_retries
    ):
        readers(300)
        bad = {f"reader{i}@example.com" for i in (7, 150, 299)}  # 1 %
        sink.script = lambda rcpt, seen: "550 5.1.1 no such user" if rcpt in bad else None
        pipeline.send_now(edition)
        drain()
        assert set(sink.accepted()) == {f"reader{i}@example.com" for i in range(300)} - bad
        assert sum(sink.offered[a] for a in bad) == 3  # never retried
        failed = Delivery.objects.filter(status="failed")
        assert set(failed.values_list("email", flat=True)) == bad
        assert all(failed.values_list("bounced", flat=True))
        assert Suppression.objects.filter(email_hash__in=[email_hash(a) for a in bad]).count() == 3
        assert set(Subscriber.objects.filter(email__in=bad).values_list("status", flat=True)) == {
            "bounced"
        }

    def test_a_5xx_that_is_not_a_bounce_does_not_suppress(self, edition, readers, sink):
        readers(2)
        sink.script = lambda rcpt, seen: (
            "554 5.7.1 content rejected" if rcpt.startswith("reader0@") else None
        )
        pipeline.send_now(edition)
        drain()
        assert Delivery.objects.get(email="reader0@example.com").status == "failed"
        assert not Suppression.objects.exists()
