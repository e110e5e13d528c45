"""Sliding-window quotas for provider limits (messages per second, per hour). Pure.

A quota holds over *every* window of its length, not per calendar second or hour:
a grant of `n` messages at `now` is allowed only when the grants in (now - length, now]
plus `n` stay within the quota. Whoever records grants in one order with times that
never go back (quota.py, under a database lock) therefore never lets any window of
that length hold more than the quota: the last grant inside a window saw all the
others when it was checked. A token bucket would not do: a full bucket plus a
second of refill lets through twice the per-second quota within one second.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    seconds: float
    quota: int


def windows(per_second: float = 0.0, per_hour: float = 0.0) -> tuple[Window, ...]:
    """The windows for the settings; a rate under one per window becomes one per longer window."""
    out = []
    for rate, length in ((per_second, 1.0), (per_hour, 3600.0)):
        if rate <= 0:
            continue
        if rate >= 1:
            out.append(Window(length, math.floor(rate)))
        else:
            out.append(Window(length / rate, 1))
    return tuple(out)


def largest_grant(limits: Sequence[Window]) -> int:
    """The most messages one grant may hold: the smallest quota (0 = no limit)."""
    return min((w.quota for w in limits), default=0)


def used(grants: Sequence[tuple[float, int]], now: float, window: Window) -> int:
    return sum(count for at, count in grants if at > now - window.seconds)


def wait_seconds(
    grants: Sequence[tuple[float, int]], now: float, n: int, limits: Sequence[Window]
) -> float:
    """0 when `n` more messages may go at `now`; otherwise the seconds until they may,
    if nobody else takes any meanwhile.

    `grants` are (time, count), oldest first, none after `now`; `n` is at most
    `largest_grant(limits)`.
    """
    wait = 0.0
    for window in limits:
        inside = [(at, count) for at, count in grants if at > now - window.seconds]
        excess = sum(count for _, count in inside) + n - window.quota
        freed = 0
        for at, count in inside:
            if excess <= 0:
                break
            freed += count
            if freed >= excess:
                wait = max(wait, at + window.seconds - now)
                break
    return wait


def busiest_window(grants: Sequence[tuple[float, int]], length: float) -> int:
    """The most messages granted within any window of `length` seconds (for tests and
    reports): every such window's count is at most that of one starting at a grant."""
    grants = sorted(grants)
    best, total, first = 0, 0, 0
    for at, count in grants:
        total += count
        while grants[first][0] <= at - length:
            total -= grants[first][1]
            first += 1
        best = max(best, total)
    return best
