"""A token bucket for provider quotas (messages per second and per hour). Pure."""

import time
from dataclasses import dataclass, field


@dataclass
class Bucket:
    rate: float  # tokens per second; 0 = unlimited
    capacity: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        if self.tokens < 0:
            self.tokens = self.capacity

    def wait_time(self, n: int, now: float) -> float:
        if self.rate <= 0:
            return 0.0
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= n:
            return 0.0
        return (n - self.tokens) / self.rate

    def take(self, n: int) -> None:
        if self.rate > 0:
            self.tokens -= n


@dataclass
class RateLimit:
    per_second: float = 0.0
    per_hour: float = 0.0
    buckets: list = field(default_factory=list)

    def __post_init__(self):
        if self.per_second > 0:
            self.buckets.append(Bucket(self.per_second, max(1.0, self.per_second)))
        if self.per_hour > 0:
            self.buckets.append(Bucket(self.per_hour / 3600.0, max(1.0, self.per_hour / 60)))

    def acquire(self, n: int, sleep=time.sleep, clock=time.monotonic) -> float:
        """Block until `n` messages may go; returns the seconds waited."""
        waited = 0.0
        for bucket in self.buckets:
            # Larger than the bucket: let it through in pieces, waiting for each.
            delay = bucket.wait_time(min(n, bucket.capacity), clock())
            if delay > 0:
                sleep(delay)
                waited += delay
                bucket.wait_time(0, clock())
            bucket.take(n)
        return waited
