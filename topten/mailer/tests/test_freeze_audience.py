import pytest
from django.utils import timezone

from topten.audience.models import Subscriber
from topten.mailer import pipeline
from topten.mailer.models import Batch, Delivery, Wave

pytestmark = pytest.mark.django_db


class TestFreezeAudience:
    def test_a_wave_interrupted_mid_way_finishes_without_duplicates(
        self, edition, readers, settings
    ):
        """F-03: the freeze is replayed from its cursor after a crash."""
        settings.SEND_PREPARE_PAGE = 10
        settings.SEND_BATCH_SIZE = 7
        readers(95)
        pipeline.send_now(edition)
        wave = Wave.objects.get()
        wave.max_subscriber_id = Subscriber.objects.order_by("-id").first().pk
        lowest = Subscriber.objects.order_by("id").first().pk - 1
        for low in (lowest, lowest + 10, lowest + 20):  # pages 1-3 committed, then a crash
            pipeline._insert_page(wave, low, low + 10, timezone.now())
        wave.cursor = lowest + 10  # the cursor lagged behind the last committed page
        pipeline.prepare_wave(wave)
        assert Delivery.objects.count() == 95
        assert Delivery.objects.values("subscriber_id").distinct().count() == 95
        ranges = sorted(Batch.objects.values_list("first_id", "last_id"))
        assert (
            sum(1 for _ in ranges) == 14 and ranges[0][0] == Delivery.objects.order_by("id")[0].pk
        )

    def test_only_receiving_subscribers_are_frozen(self, edition, readers):
        readers(4)
        Subscriber.objects.filter(email="reader2@example.com").update(status="unsubscribed")
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        assert sorted(Delivery.objects.values_list("email", flat=True)) == [
            "reader0@example.com",
            "reader1@example.com",
            "reader3@example.com",
        ]

    def test_a_wave_waits_for_its_time(self, edition, readers):
        readers(3)
        pipeline.start_send(edition)  # tomorrow's edition, 06:00 London
        assert pipeline.prepare_due_waves() == 0
        assert not Delivery.objects.exists()

    def test_unscheduling_before_the_first_wave_drops_the_send(self, edition, readers):
        from topten.editions.models import Edition
        from topten.mailer.models import Send

        readers(3)
        pipeline.start_send(edition)
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
        pipeline.start_due_sends()
        assert not Send.objects.exists()

    def test_waves_frozen_at_the_same_time_share_no_row(self, edition, readers):
        """Two freezes running at once interleave their ids, so a batch's id range also
        spans rows of the other wave; two workers must never both claim a row."""
        readers(6)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        first = Wave.objects.get()
        second = Wave.objects.create(send=first.send, due_at=first.due_at, status="ready")
        odd = Delivery.objects.order_by("id").values_list("id", flat=True)[1::2]
        Delivery.objects.filter(id__in=list(odd)).update(wave=second)
        pipeline._make_batches(first)
        pipeline._make_batches(second)
        claimed = [row for batch in Batch.objects.all() for row in pipeline._batch_rows(batch)]
        assert sorted(d.pk for d in claimed) == sorted(
            Delivery.objects.values_list("id", flat=True)
        )
