"""Sliding-window rate limiting, as a pure algorithm (no cache, no clock).

The window is approximated from two fixed windows: the count in the previous
window weighted by how much of it still overlaps the sliding window, plus the
count in the current one (the Cloudflare/Redis "sliding window counter"). It
needs two integers per key, both of which a cache can increment atomically.
"""

import math
from dataclasses import dataclass

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "10/h", "60/m", "5/30s" -> Rate. Raises ValueError with the reason."""
        try:
            count, _, span = text.strip().partition("/")
            unit = span[-1:].lower()
            multiple = int(span[:-1] or 1)
            rate = cls(int(count), multiple * _UNITS[unit])
        except (KeyError, ValueError):
            raise ValueError(f"{text!r} is not a rate: use N/s, N/m, N/h or N/d") from None
        if rate.limit < 0 or rate.period <= 0:
            raise ValueError(f"{text!r}: the count and period must be positive")
        return rate


@dataclass(frozen=True)
class Decision:
    allowed: bool
    estimate: float
    retry_after: int  # seconds until a request would be allowed; 0 when allowed


def window_index(now: float, period: int) -> int:
    return int(now // period)


def decide(rate: Rate, previous: int, current: int, now: float) -> Decision:
    """`current` already counts this request; `previous` is the last window's count."""
    elapsed = (now % rate.period) / rate.period
    estimate = previous * (1.0 - elapsed) + current
    if estimate <= rate.limit:
        return Decision(True, estimate, 0)
    # The previous window's weight decays linearly; find when the estimate fits again.
    if previous and current <= rate.limit:
        needed = 1.0 - (rate.limit - current) / previous
        wait = max(needed - elapsed, 0.0) * rate.period
    else:
        wait = (1.0 - elapsed) * rate.period
    return Decision(False, estimate, max(1, math.ceil(wait)))
