"""The connections of a pool take a chunk's messages from one queue, one at a time."""

import pytest

from topten.mailer.replies import Outcome
from topten.mailer.sink import Sink
from topten.mailer.smtp import Outgoing, SMTPSettings, SyncPool

MESSAGE = b"From: a@topten.test\r\nSubject: hi\r\n\r\nhello\r\n"


@pytest.fixture
def relay():
    sink = Sink().start()
    yield sink
    sink.stop()


def send(relay, n: int, pool_size: int):
    pool = SyncPool(SMTPSettings(host="127.0.0.1", port=relay.port, timeout=10), pool_size)
    try:
        messages = [Outgoing(i, "a@topten.test", f"r{i}@example.com", MESSAGE) for i in range(n)]
        return pool.send(messages)
    finally:
        pool.close()


class TestPoolQueue:
    def test_every_message_gets_exactly_one_result_and_is_delivered_once(self, relay):
        results = send(relay, 37, pool_size=4)
        assert sorted(r.delivery_id for r in results) == list(range(37))
        assert {r.outcome for r in results} == {Outcome.SENT}
        assert relay.accepted() == {f"r{i}@example.com": 1 for i in range(37)}

    def test_when_a_connection_drops_the_others_send_the_rest(self, relay):
        # The relay stores r0's message and drops that connection before replying.
        # With fixed shares, the rest of that connection's share (r2, r4, r6, r8)
        # would come back unsent; from one queue, the other connection takes it.
        relay.drop_after_data = {"r0@example.com"}
        results = {r.delivery_id: r for r in send(relay, 10, pool_size=2)}
        assert sorted(results) == list(range(10))
        assert results[0].outcome is Outcome.UNKNOWN and results[0].relay_down
        not_attempted = [i for i, r in results.items() if r.outcome is Outcome.NOT_ATTEMPTED]
        # At most the message whose envelope was written behind r0's body.
        assert len(not_attempted) <= 1
        sent = [i for i, r in results.items() if r.outcome is Outcome.SENT]
        assert len(sent) == 9 - len(not_attempted)
        accepted = relay.accepted()
        assert accepted["r0@example.com"] == 1  # stored, though its reply was lost
        assert all(accepted[f"r{i}@example.com"] == 1 for i in sent)
        assert all(accepted[f"r{i}@example.com"] == 0 for i in not_attempted)

    def test_when_the_relay_is_down_nothing_is_sent_and_all_say_why(self, relay):
        relay.down()
        results = send(relay, 6, pool_size=3)
        assert sorted(r.delivery_id for r in results) == list(range(6))
        assert {r.outcome for r in results} == {Outcome.NOT_ATTEMPTED}
        assert all(r.relay_down and r.code == 421 for r in results)
        assert not relay.accepted()
