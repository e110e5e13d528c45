from topten.mailer.ratelimit import RateLimit


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class TestRateLimit:
    def test_it_holds_messages_to_the_rate_per_second(self):
        clock = FakeClock()
        limit = RateLimit(per_second=100)
        limit.buckets[0].stamp = 0.0
        for _ in range(10):
            limit.acquire(50, sleep=clock.sleep, clock=clock)
        assert 3.9 <= clock.now <= 4.1  # 500 messages, the first 100 at once

    def test_no_limit_never_waits(self):
        clock = FakeClock()
        assert RateLimit().acquire(10_000, sleep=clock.sleep, clock=clock) == 0

    def test_the_hourly_quota_spreads_messages(self):
        clock = FakeClock()
        limit = RateLimit(per_hour=3600)
        limit.buckets[0].stamp = 0.0
        for _ in range(5):
            limit.acquire(60, sleep=clock.sleep, clock=clock)
        assert clock.now >= 239
