"""The edition report: delivery figures from the mailer, unsubscribes and clicks per story."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from topten.editions.models import Click, Edition
from topten.lib.svgchart import Series, bar_chart


def delivery_stats(edition: Edition) -> dict | None:
    """The mailer's figures for `edition`, or None when it has none (not started)."""
    from topten.mailer.reports import edition_stats

    stats = edition_stats(edition)
    if not stats or stats.get("status") == "not started":
        return None
    return stats


def unsubscribes(edition: Edition, stats: dict | None) -> int:
    """Unsubscribes from this edition: the mailer's count when it has one, else those
    between this edition's date and the next edition's (publication timezone)."""
    if stats and stats.get("unsubscribes") is not None:
        return stats["unsubscribes"]
    from topten.audience.models import Subscriber
    from topten.newsroom.models import Publication

    tz = ZoneInfo(Publication.current().timezone)
    start = dt.datetime.combine(edition.date, dt.time(), tzinfo=tz)
    following = (
        Edition.objects.filter(newsletter=edition.newsletter, date__gt=edition.date)
        .exclude(status=Edition.Status.CANCELLED)
        .order_by("date")
        .first()
    )
    end = (
        dt.datetime.combine(following.date, dt.time(), tzinfo=tz)
        if following
        else start + dt.timedelta(days=1)
    )
    return Subscriber.objects.filter(unsubscribed_at__gte=start, unsubscribed_at__lt=end).count()


def clicks_per_story(edition: Edition) -> list[dict]:
    counts = {
        row["slot_position"]: row
        for row in Click.objects.filter(edition=edition)
        .values("slot_position")
        .annotate(clicks=Count("id"), readers=Count("subscriber_id", distinct=True))
    }
    stories = []
    for slot in edition.slots.all():
        row = counts.get(slot.position, {})
        stories.append(
            {
                "position": slot.position,
                "headline": slot.headline,
                "clicks": row.get("clicks", 0),
                "readers": row.get("readers", 0),
            }
        )
    return stories


@staff_member_required
@require_GET
def report(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    stats = delivery_stats(edition)
    stories = clicks_per_story(edition)
    chart = bar_chart(
        [str(s["position"]) for s in stories],
        [Series("Clicks", [s["clicks"] for s in stories])],
        title="Clicks per story",
        desc="; ".join(f"Story {s['position']}, {s['headline']}: {s['clicks']}" for s in stories),
    )
    context = {
        "edition": edition,
        "stats": stats,
        "unsubscribes": unsubscribes(edition, stats),
        "stories": stories,
        "total_clicks": sum(s["clicks"] for s in stories),
        "chart": mark_safe(chart),  # topten.lib.svgchart escapes every text it draws
    }
    return render(request, "editions/desk/report.html", context)


@staff_member_required
@require_GET
def progress(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    stats = delivery_stats(edition)
    body = {"edition": edition.pk, "status": edition.status, "started": stats is not None}
    body.update(stats or {})
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response
