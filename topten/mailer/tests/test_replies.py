import pytest

from topten.mailer.replies import Outcome, backoff_seconds, classify


class TestReplies:
    def test_2xx_is_sent(self):
        assert classify(250, "2.0.0 ok") == (Outcome.SENT, False)

    def test_4xx_is_retried(self):
        assert classify(451, "4.3.0 try later") == (Outcome.RETRY, False)

    def test_421_trips_the_breaker(self):
        assert classify(421, "4.7.28 too fast") == (Outcome.RETRY, True)

    def test_5_1_x_is_a_hard_bounce(self):
        assert classify(550, "5.1.1 no such user") == (Outcome.BOUNCE, False)

    def test_other_5xx_fails_without_suppressing(self):
        assert classify(552, "5.3.4 message too big") == (Outcome.FAILED, False)

    def test_backoff_doubles_within_the_jitter(self):
        for attempt, expected in [(1, 60), (2, 120), (3, 240)]:
            low = backoff_seconds(attempt, 60, 3600, rng=lambda: 0.0)
            high = backoff_seconds(attempt, 60, 3600, rng=lambda: 1.0)
            assert (low, high) == (pytest.approx(expected * 0.8), pytest.approx(expected * 1.2))

    def test_backoff_is_capped(self):
        assert backoff_seconds(30, 60, 3600, rng=lambda: 0.5) == 3600
