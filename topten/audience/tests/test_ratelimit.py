import pytest

from topten.audience.ratelimit import Rate, decide


class TestRateLimitAlgorithm:
    def test_a_rate_parses_from_text(self):
        assert Rate.parse("10/h") == Rate(10, 3600)
        assert Rate.parse("5/30s") == Rate(5, 30)

    def test_a_bad_rate_is_refused_with_the_reason(self):
        with pytest.raises(ValueError, match="not a rate"):
            Rate.parse("ten per hour")

    def test_requests_within_the_limit_are_allowed(self):
        assert decide(Rate(10, 60), previous=0, current=10, now=30.0).allowed

    def test_the_request_over_the_limit_is_refused(self):
        assert not decide(Rate(10, 60), previous=0, current=11, now=30.0).allowed

    def test_the_previous_window_counts_by_its_overlap(self):
        # 15 s into the window: 75% of the previous window's 8 still count.
        decision = decide(Rate(10, 60), previous=8, current=5, now=75.0)
        assert decision.estimate == pytest.approx(11.0)
        assert not decision.allowed

    def test_retry_after_is_when_the_old_window_has_decayed_enough(self):
        decision = decide(Rate(10, 60), previous=8, current=5, now=75.0)
        # fits when 8 * (1 - f) + 5 <= 10, i.e. f >= 0.375 -> 22.5 s into the window
        assert decision.retry_after == 8
