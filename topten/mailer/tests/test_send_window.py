"""The in-flight window: while a chunk is on the wire, only its rows are `sending`.

The database is written once between two chunks (the outcomes of one, the `sending`
mark of the next), and the next batch is claimed before the last chunk of the
current one goes out; neither may widen what a crash leaves of unknown outcome.
"""

import threading
from concurrent.futures import Future

import pytest

from topten.mailer import pipeline
from topten.mailer.models import Batch, Delivery
from topten.mailer.replies import Outcome, Result
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


class WatchingTransport:
    """Accepts everything; notes what the database says while each chunk is out."""

    chunk_size = 3
    needs_parts = False

    def __init__(self, during_send=None):
        self.calls = []
        self.during_send = during_send

    def send(self, messages, meanwhile=None):
        for _ in meanwhile or ():
            pass
        sending = Delivery.objects.filter(status="sending").values_list("id", flat=True)
        claimed = Batch.objects.filter(status="claimed").values_list("id", flat=True)
        self.calls.append(
            {
                "messages": sorted(m.delivery_id for m in messages),
                "sending": sorted(sending),
                "claimed": sorted(claimed),
            }
        )
        if self.during_send:
            self.during_send()
        return [Result(m.delivery_id, Outcome.SENT, 250, "ok") for m in messages]

    def close(self):
        pass


class LaneTransport:
    """Two lanes whose chunks come back a little later, from another thread, as the
    SMTP pool's do; notes the rows `sending` each time a chunk goes out."""

    chunk_size = 3
    lanes = 2
    needs_parts = False

    def __init__(self):
        self.last = {}  # lane -> ids of its chunk last sent
        self.seen = []

    def submit(self, messages, meanwhile=None, lane=0):
        for _ in meanwhile or ():
            pass
        ids = {m.delivery_id for m in messages}
        sending = set(Delivery.objects.filter(status="sending").values_list("id", flat=True))
        self.seen.append((ids, sending, set().union(*self.last.values()) | ids))
        self.last[lane] = ids
        future = Future()
        results = [Result(m.delivery_id, Outcome.SENT, 250, "ok") for m in messages]
        threading.Timer(0.01, future.set_result, [results]).start()
        return future

    def close(self):
        pass


class TestSendWindow:
    def test_only_the_chunk_on_the_wire_is_sending(self, edition, readers, settings):
        settings.SEND_BATCH_SIZE = 4
        readers(10)
        transport = WatchingTransport()
        pipeline.send_now(edition)
        drain(pipeline.Sender(transport))
        assert [len(c["messages"]) for c in transport.calls] == [3, 1, 3, 1, 2]
        for call in transport.calls:
            assert call["sending"] == call["messages"]
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    def test_each_lane_has_at_most_one_chunk_sending(self, edition, readers, settings):
        settings.SEND_BATCH_SIZE = 7
        readers(30)
        transport = LaneTransport()
        pipeline.send_now(edition)
        drain(pipeline.Sender(transport))
        assert len(transport.seen) == 4 * 3 + 1  # batches of 7 rows: chunks of 3, 3, 1
        for ids, sending, this_and_other_lanes_last in transport.seen:
            assert ids <= sending <= this_and_other_lanes_last
        assert any(len(sending) > len(ids) for ids, sending, _ in transport.seen)
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    def test_the_next_batch_is_claimed_before_the_last_chunk_goes_out(
        self, edition, readers, settings
    ):
        settings.SEND_BATCH_SIZE = 4
        readers(8)
        transport = WatchingTransport()
        pipeline.send_now(edition)
        drain(pipeline.Sender(transport))
        first, second = Batch.objects.order_by("first_id")
        assert transport.calls[0]["claimed"] == [first.pk]
        assert transport.calls[1]["claimed"] == [first.pk, second.pk]
        assert set(Batch.objects.values_list("status", flat=True)) == {"done"}

    def test_a_worker_that_lost_its_lease_sends_no_further_chunk(self, edition, readers):
        readers(6)
        taken_over = lambda: Batch.objects.update(lease_owner="another-worker")  # noqa: E731
        transport = WatchingTransport(during_send=taken_over)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        pipeline.Sender(transport).send_due_batches(max_batches=1)
        assert len(transport.calls) == 1
        statuses = list(Delivery.objects.order_by("id").values_list("status", flat=True))
        assert statuses == ["sent"] * 3 + ["pending"] * 3
        assert Batch.objects.get().lease_owner == "another-worker"
