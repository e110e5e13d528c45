"""When each subscriber's edition is due: local delivery time on the edition's date, in UTC.

Pure: no ORM. Subscribers are grouped by (timezone, delivery_time); each group gets
one UTC instant, and groups sharing an instant form a wave.

DST: `datetime(..., tzinfo=ZoneInfo(tz))` with fold=0. A local time that does not
exist (the spring-forward gap, e.g. 02:30) is read with the offset before the
change, so it lands just after the gap; a repeated local time (autumn) is the
first of the two. An unknown timezone falls back to the publication's.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Group:
    timezone: str
    delivery_time: time
    count: int = 0


@dataclass(frozen=True)
class WavePlan:
    due_at: datetime  # UTC
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)


def zone(name: str, fallback: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(fallback)


def due_at(day: date, group: Group, fallback_tz: str) -> datetime:
    local = datetime.combine(day, group.delivery_time, tzinfo=zone(group.timezone, fallback_tz))
    return local.astimezone(UTC)


def plan_waves(
    day: date, groups, now: datetime, *, fallback_tz: str, late: str = "now", granularity=60
) -> tuple[list[WavePlan], list[Group]]:
    """Return (waves in due order, groups skipped because their time had passed).

    `late="now"` sends to groups whose time already passed at once; "skip" leaves them out.
    Instants are rounded down to `granularity` seconds so near-identical zones share a wave.
    """
    by_due: dict[datetime, list[Group]] = {}
    skipped = []
    for group in groups:
        due = due_at(day, group, fallback_tz)
        due -= timedelta(seconds=due.timestamp() % granularity)
        if due <= now:
            if late == "skip":
                skipped.append(group)
                continue
            due = now
        by_due.setdefault(due, []).append(group)
    waves = [WavePlan(due, tuple(gs)) for due, gs in sorted(by_due.items())]
    return waves, skipped


def immediate_wave(groups, now: datetime) -> WavePlan:
    return WavePlan(now, tuple(groups))
