import pytest

from topten.audience.actions import unsubscribe
from topten.audience.models import Subscriber
from topten.mailer import pipeline
from topten.mailer.models import Delivery
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


class TestUnsubscribeMidSend:
    def test_an_unsubscribe_after_the_freeze_is_not_mailed(self, edition, readers, sink, settings):
        settings.SEND_BATCH_SIZE = 10
        readers(40)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        sender = pipeline.Sender()
        sender.send_due_batches(max_batches=1)  # the first batch goes out
        leavers = Subscriber.objects.filter(
            email__in=[f"reader{i}@example.com" for i in range(20, 30)]
        )
        for subscriber in leavers:
            unsubscribe(subscriber, source="email")
        drain(sender)
        mailed = set(sink.accepted())
        assert not mailed & {s.email for s in leavers}
        assert len(mailed) == 30
        assert Delivery.objects.filter(status="suppressed").count() == 10

    def test_a_paused_subscriber_is_skipped(self, edition, readers, sink):
        from datetime import timedelta

        from django.utils import timezone

        readers(3)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        Subscriber.objects.filter(email="reader1@example.com").update(
            paused_until=timezone.now() + timedelta(days=3)
        )
        drain()
        assert set(sink.accepted()) == {"reader0@example.com", "reader2@example.com"}

    def test_an_address_on_the_suppression_list_is_skipped(self, edition, readers, sink):
        from topten.audience.hashing import email_hash
        from topten.audience.models import Suppression

        readers(3)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        # On the list (e.g. erased, then imported again) while the row still says confirmed.
        Suppression.objects.create(email_hash=email_hash("Reader2@Example.com"), reason="manual")
        drain()
        assert set(sink.accepted()) == {"reader0@example.com", "reader1@example.com"}
        assert Delivery.objects.get(email="reader2@example.com").status == "suppressed"
