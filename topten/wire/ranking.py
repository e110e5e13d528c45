"""Ranking of candidate stories for today's edition. Pure module, no ORM.

A story's score adds five factors, each between 0 and 1, with weights:

* breadth: distinct sources, weighted by their trust (saturates around 12);
* velocity: items in the last `velocity_hours` hours;
* recency: how recently the story was last seen (half-life of a few hours);
* prominence: wire agencies in the coverage, and items at the top of their feed;
* novelty: 1 unless a recent edition already carried the story.

`explain()` turns the factors into the sentence the desk shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIRE = "wire"


@dataclass(frozen=True)
class Coverage:
    source: str
    kind: str = "outlet"  # wire, outlet or blog
    trust: float = 1.0
    seen_at: float = 0.0  # unix time
    position: int = 99  # 0 = top of the feed


@dataclass(frozen=True)
class RankWeights:
    breadth: float = 3.0
    velocity: float = 2.0
    recency: float = 1.5
    prominence: float = 1.5
    novelty: float = 2.0
    velocity_hours: float = 2.0
    half_life_hours: float = 6.0
    breadth_saturation: float = 12.0


@dataclass(frozen=True)
class Ranked:
    score: float
    breadth: float
    velocity: float
    recency: float
    prominence: float
    novelty: float
    sources: int
    recent_items: int
    wire_sources: tuple[str, ...] = field(default_factory=tuple)
    top_sources: tuple[str, ...] = field(default_factory=tuple)
    already_run: bool = False

    def explain(self, hours: float = 2.0) -> str:
        parts = [f"{self.sources} source{'s' if self.sources != 1 else ''}"]
        parts.append(f"{self.recent_items} in the last {hours:g} hours")
        if self.top_sources:
            parts.append(" + ".join(self.top_sources))
        if self.already_run:
            parts.append("already in a recent edition")
        return ", ".join(parts)


def rank(
    coverage: list[Coverage], now: float, *, already_run: bool = False, weights=None
) -> Ranked:
    weights = weights or RankWeights()
    best_by_source: dict[str, Coverage] = {}
    for item in coverage:
        kept = best_by_source.get(item.source)
        if kept is None or item.trust > kept.trust:
            best_by_source[item.source] = item
    trust_sum = sum(max(0.0, c.trust) for c in best_by_source.values())
    breadth = 1 - math.exp(-trust_sum / (weights.breadth_saturation / 3))
    horizon = now - weights.velocity_hours * 3600
    recent = sum(1 for c in coverage if c.seen_at >= horizon)
    velocity = 1 - math.exp(-recent / 4)
    last_seen = max((c.seen_at for c in coverage), default=0.0)
    age_hours = max(0.0, (now - last_seen) / 3600)
    recency = 0.5 ** (age_hours / weights.half_life_hours) if coverage else 0.0
    wires = sorted({c.source for c in coverage if c.kind == WIRE})
    top_of_feed = sum(1 for c in best_by_source.values() if c.position <= 2)
    prominence = min(
        1.0, 0.5 * min(len(wires), 1) + 0.25 * min(len(wires), 2) / 2 + 0.1 * top_of_feed
    )
    novelty = 0.0 if already_run else 1.0
    score = (
        weights.breadth * breadth
        + weights.velocity * velocity
        + weights.recency * recency
        + weights.prominence * prominence
        + weights.novelty * novelty
    )
    by_trust = sorted(best_by_source.values(), key=lambda c: (c.kind != WIRE, -c.trust, c.source))
    return Ranked(
        score=round(score, 4),
        breadth=breadth,
        velocity=velocity,
        recency=recency,
        prominence=prominence,
        novelty=novelty,
        sources=len(best_by_source),
        recent_items=recent,
        wire_sources=tuple(wires),
        top_sources=tuple(c.source for c in by_trust[:3]),
        already_run=already_run,
    )
