from datetime import timedelta

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
        wave = pipeline._claim_wave(timezone.now())
        assert wave.max_subscriber_id == Subscriber.objects.order_by("-id").first().pk
        lowest = Subscriber.objects.order_by("id").first().pk - 1
        assert wave.cursor == lowest  # the walk starts at the first reader
        for low in (lowest, lowest + 10, lowest + 20):  # pages 1-3 committed, then a crash
            pipeline._insert_page(wave, low, low + 10, timezone.now())
        wave.cursor = lowest + 10  # the cursor lagged behind the last committed page
        pipeline.prepare_wave(wave)
        assert Delivery.objects.count() == 95
        assert Delivery.objects.values("subscriber_id").distinct().count() == 95
        # The replayed page batches the rows the crashed pages left unbatched too; then
        # each page of 10 makes batches of 7 and 3 (the last page has 5 readers).
        sizes = [pipeline._batch_rows(b).count() for b in Batch.objects.order_by("first_id")]
        assert sizes == [7, 7, 7, 7, 2] + [7, 3] * 6 + [5]
        claimed = [row.pk for b in Batch.objects.all() for row in pipeline._batch_rows(b)]
        assert sorted(claimed) == sorted(Delivery.objects.values_list("id", flat=True))

    def test_the_first_pages_are_sent_while_the_rest_is_frozen(
        self, edition, readers, settings, monkeypatch
    ):
        from topten.mailer.models import Send
        from topten.mailer.reports import edition_stats

        settings.SEND_PREPARE_PAGE = 100
        settings.SEND_BATCH_SIZE = 5  # pages of 20, 40, then 100 subscriber ids
        readers(95)
        pipeline.send_now(edition)
        wave = pipeline._claim_wave(timezone.now())
        planned = Wave.objects.get(pk=wave.pk).recipients
        pages = []

        def after_page(point):
            if point == "after_page":
                pages.append(Delivery.objects.count())
                if len(pages) == 2:
                    raise KeyboardInterrupt  # the freeze stops here: two pages done

        monkeypatch.setattr(pipeline, "fault", after_page)
        with pytest.raises(KeyboardInterrupt):
            pipeline.prepare_wave(wave)
        assert pages == [20, 60]
        assert Wave.objects.get(pk=wave.pk).status == Wave.Status.PREPARING
        assert Batch.objects.count() == 12
        batch = pipeline.claim_batch()
        assert batch is not None and batch.first_id == Delivery.objects.order_by("id")[0].pk
        # Half frozen: the report counts each reader once, frozen or not.
        assert edition_stats(edition)["recipients"] == planned == 95
        assert pipeline.finish_sends() == 0
        assert Send.objects.get().status == Send.Status.SENDING

        monkeypatch.setattr(pipeline, "fault", lambda point: None)
        pipeline.prepare_wave(Wave.objects.get(pk=wave.pk))
        wave = Wave.objects.get(pk=wave.pk)
        assert (wave.status, wave.recipients) == (Wave.Status.READY, 95)
        claimed = [row.pk for b in Batch.objects.all() for row in pipeline._batch_rows(b)]
        assert sorted(claimed) == sorted(Delivery.objects.values_list("id", flat=True))
        assert edition_stats(edition)["recipients"] == 95

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
        Batch.objects.all().delete()
        odd = Delivery.objects.order_by("id").values_list("id", flat=True)[1::2]
        Delivery.objects.filter(id__in=list(odd)).update(wave=second)
        for wave in (first, second):  # each freezing its last page
            assert pipeline._batch_page(wave)
        claimed = [row for batch in Batch.objects.all() for row in pipeline._batch_rows(batch)]
        assert sorted(d.pk for d in claimed) == sorted(
            Delivery.objects.values_list("id", flat=True)
        )


class TestFreezeLease:
    """A worker that dies freezing a wave holds it up for one lease, and a worker whose
    lease was taken over stops without writing anything more."""

    def test_a_wave_left_half_frozen_is_taken_over_after_one_lease(
        self, edition, readers, settings
    ):
        settings.SEND_LEASE_SECONDS = 10
        settings.SEND_PREPARE_PAGE = 2
        readers(5)
        pipeline.send_now(edition)
        dead = pipeline._claim_wave(timezone.now())  # then the worker is killed
        assert pipeline.prepare_due_waves() == 0  # its lease still runs
        assert pipeline.prepare_due_waves(now=timezone.now() + timedelta(seconds=11)) == 1
        wave = Wave.objects.get(pk=dead.pk)
        assert wave.status == Wave.Status.READY
        assert Delivery.objects.count() == 5
        assert Batch.objects.exists()

    def test_the_worker_that_lost_its_lease_stops_before_its_next_page(
        self, edition, readers, settings
    ):
        settings.SEND_PREPARE_PAGE = 2
        readers(5)
        pipeline.send_now(edition)
        slow = pipeline._claim_wave(timezone.now())
        # Its lease expired and another worker took the wave over (a new lease).
        Wave.objects.filter(pk=slow.pk).update(
            lease_expires_at=timezone.now() + timedelta(seconds=30)
        )
        start = slow.cursor
        pipeline.prepare_wave(slow)
        assert not Delivery.objects.exists()
        assert not Batch.objects.exists()
        wave = Wave.objects.get(pk=slow.pk)
        assert (wave.status, wave.cursor) == (Wave.Status.PREPARING, start)

    def test_the_worker_that_lost_its_lease_does_not_finish_the_wave(self, edition, readers):
        readers(3)
        pipeline.send_now(edition)
        slow = pipeline._claim_wave(timezone.now())
        Wave.objects.filter(pk=slow.pk).update(
            lease_expires_at=timezone.now() + timedelta(seconds=30)
        )
        assert pipeline._finish_wave(slow) is False
        assert Wave.objects.get(pk=slow.pk).status == Wave.Status.PREPARING
