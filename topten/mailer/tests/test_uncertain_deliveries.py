from datetime import timedelta

import pytest
from django.utils import timezone

from topten.mailer import pipeline
from topten.mailer.models import Batch, Delivery
from topten.mailer.reports import edition_stats
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


def crash_mid_chunk(edition):
    """A worker claims a batch, marks rows `sending`, and dies before recording them."""
    pipeline.send_now(edition)
    pipeline.prepare_due_waves()
    batch = pipeline.claim_batch(owner="dead-worker")
    Delivery.objects.filter(pk__in=list(Delivery.objects.values_list("pk", flat=True)[:2])).update(
        status="sending", attempts=1
    )
    Batch.objects.filter(pk=batch.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))


class TestUncertainDeliveries:
    def test_rows_left_sending_are_resent_once_and_reported(self, edition, readers, sink):
        readers(5)
        crash_mid_chunk(edition)
        drain()
        assert len(sink.accepted()) == 5
        assert edition_stats(edition)["uncertain"] == 2
        assert Delivery.objects.filter(uncertain=True, status="sent").count() == 2

    def test_the_hold_policy_never_resends_them(self, edition, readers, sink, settings):
        settings.SEND_UNCERTAIN_POLICY = "hold"
        readers(5)
        crash_mid_chunk(edition)
        drain()
        assert len(sink.accepted()) == 3
        assert Delivery.objects.filter(status="uncertain").count() == 2

    def test_a_second_unknown_outcome_is_held(self, edition, readers, sink):
        readers(3)
        crash_mid_chunk(edition)
        Delivery.objects.filter(status="sending").update(uncertain=True)  # resent once already
        drain()
        assert Delivery.objects.filter(status="uncertain").count() == 2

    def test_a_connection_lost_after_data_is_uncertain(self, edition, readers, sink, settings):
        from topten.mailer.replies import Outcome, Result

        readers(2)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        batch = pipeline.claim_batch()
        rows = list(Delivery.objects.all())
        Delivery.objects.update(status="sending", attempts=1)
        send = batch.send
        results = [
            Result(rows[0].pk, Outcome.UNKNOWN, 0, "lost", relay_down=True),
            Result(rows[1].pk, Outcome.SENT, 250, "ok"),
        ]
        pipeline.record_results(send, batch, results, {})
        assert Delivery.objects.get(pk=rows[0].pk).uncertain
        assert Delivery.objects.get(pk=rows[0].pk).status == "retry"
        assert Delivery.objects.get(pk=rows[1].pk).status == "sent"
