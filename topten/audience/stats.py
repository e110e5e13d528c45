"""Numbers for the editor: counts by status and daily growth."""

from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from topten.audience.models import Subscriber
from topten.lib.svgchart import Series, line_chart


def counts_by_status() -> list[tuple[str, int]]:
    found = dict(Subscriber.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [(label, found.get(value, 0)) for value, label in Subscriber.Status.choices]


def daily_growth(days: int = 90, today: date | None = None) -> tuple[list[date], dict]:
    """(days, {"new": [...], "confirmed": [...], "unsubscribed": [...]}) for the last `days`."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    axis = [start + timedelta(days=i) for i in range(days)]
    result = {}
    for name, field in (
        ("new", "created_at"),
        ("confirmed", "confirmed_at"),
        ("unsubscribed", "unsubscribed_at"),
    ):
        rows = (
            Subscriber.objects.filter(**{f"{field}__date__gte": start})
            .annotate(day=TruncDate(field))
            .values_list("day")
            .annotate(n=Count("id"))
            .order_by()
        )
        per_day = dict(rows)
        result[name] = [per_day.get(day, 0) for day in axis]
    return axis, result


def growth_chart(days: int = 90) -> str:
    axis, series = daily_growth(days)
    return line_chart(
        [day.strftime("%d %b") for day in axis],
        [
            Series("New", series["new"], "#1f6feb"),
            Series("Confirmed", series["confirmed"], "#2da44e"),
            Series("Unsubscribed", series["unsubscribed"], "#cf222e"),
        ],
        title=f"Daily growth, last {days} days",
    )
