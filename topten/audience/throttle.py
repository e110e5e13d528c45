"""The cache-backed side of the rate limiter (see ratelimit.py for the algorithm)."""

import time

from django.core.cache import cache
from django.http import HttpResponse

from topten.audience.ratelimit import Decision, Rate, decide, window_index


def hit(scope: str, key: str, rate: Rate, now: float | None = None) -> Decision:
    """Count one request for (scope, key) and say whether it is within the rate."""
    now = time.time() if now is None else now
    index = window_index(now, rate.period)
    current_key = f"rl:{scope}:{key}:{index}"
    cache.add(current_key, 0, rate.period * 2)
    try:
        current = cache.incr(current_key)
    except ValueError:  # evicted between add and incr
        cache.set(current_key, 1, rate.period * 2)
        current = 1
    previous = cache.get(f"rl:{scope}:{key}:{index - 1}", 0)
    return decide(rate, previous, current, now)


def too_many_requests(decision: Decision) -> HttpResponse:
    response = HttpResponse(
        "Too many requests from your network. Please wait a little and try again.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(decision.retry_after)
    return response
