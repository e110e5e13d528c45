"""Read-side queries of the wire desk: candidates, coverage, novelty, source health."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils import timezone

from topten.wire import engine
from topten.wire.dedupe import canonical_url
from topten.wire.drafting import best_headline, draft_blurb
from topten.wire.models import Item, Source, Story
from topten.wire.ranking import Coverage, rank


def coverage_of(story: Story, items=None) -> list[Coverage]:
    items = items if items is not None else story.items.select_related("source")
    return [
        Coverage(
            source=i.source.name,
            kind=i.source.kind,
            trust=i.source.trust,
            seen_at=i.seen_at.timestamp(),
            position=i.position,
        )
        for i in items
    ]


def majority(values) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""


def recent_edition_marks(days: int = 3) -> tuple[set[str], list[set[str]]]:
    """URLs and headline word sets of the slots of the last few days' editions (novelty)."""
    from topten.editions.models import Slot, SlotSource

    since = timezone.now().date() - dt.timedelta(days=days)
    urls = {
        canonical_url(u)
        for u in SlotSource.objects.filter(slot__edition__date__gte=since).values_list(
            "url", flat=True
        )
    }
    headlines = [
        _words(h)
        for h in Slot.objects.filter(edition__date__gte=since).values_list("headline", flat=True)
    ]
    return urls, headlines


def _words(text: str) -> set[str]:
    return {w for w in text.lower().split() if len(w) > 3}


def already_run(story: Story, items, marks=None) -> bool:
    urls, headlines = marks or recent_edition_marks()
    if any(i.url and i.url in urls for i in items):
        return True
    title = _words(story.title)
    return any(title and h and len(title & h) / len(title | h) >= 0.5 for h in headlines)


def candidates(*, region: str = "", section: str = "", limit: int = 30, now=None):
    """Today's candidate stories, ranked now, with their score explained."""
    now = now or timezone.now()
    since = now - engine.WINDOW
    query = Story.objects.filter(
        last_seen__gte=since, merged_into__isnull=True, dismissed=False, item_count__gt=0
    )
    # A story is in a region (section) when any of its sources covers that region (section).
    if region:
        query = query.filter(pk__in=Item.objects.filter(source__region=region).values("story_id"))
    if section:
        query = query.filter(section=section)
    stories = list(query.prefetch_related("items__source").order_by("-score")[:300])
    marks = recent_edition_marks()
    for story in stories:
        items = list(story.items.all())
        story.ranked = rank(
            coverage_of(story, items), now.timestamp(), already_run=already_run(story, items, marks)
        )
        story.coverage = sorted(items, key=lambda i: i.seen_at)
        story.timeline = timeline(items, now)
    stories.sort(key=lambda s: (not s.pinned, -s.ranked.score))
    return stories[:limit]


def timeline(items, now, hours: int = 24, buckets: int = 24) -> list[int]:
    counts = [0] * buckets
    span = hours * 3600 / buckets
    for item in items:
        age = (now - item.seen_at).total_seconds()
        if 0 <= age < hours * 3600:
            counts[buckets - 1 - int(age // span)] += 1
    return counts


def story_sources(story: Story, limit: int = 5) -> list[tuple[str, str]]:
    """(name, url) per distinct source, wire agencies and trusted sources first."""
    items = [i for i in story.items.select_related("source") if i.url]
    items.sort(key=lambda i: (i.source.kind != Source.Kind.WIRE, -i.source.trust, i.seen_at))
    seen, sources = set(), []
    for item in items:
        if item.source_id not in seen:
            seen.add(item.source_id)
            sources.append((item.source.name[:120], item.url))
    return sources[:limit]


def draft_for(story: Story) -> tuple[str, str]:
    items = list(story.items.select_related("source").order_by("-source__trust", "position"))
    headline = best_headline([(i.title, i.source.trust) for i in items]) or story.title
    blurb = draft_blurb(
        [i.summary for i in items if not i.duplicate_of_id] or [i.summary for i in items]
    )
    return headline[:200], blurb or headline


def health_rows():
    """Sources with items per day over the last week, for the sources page."""
    since = timezone.now() - dt.timedelta(days=7)
    counts = defaultdict(int)
    for source_id in Item.objects.filter(fetched_at__gte=since).values_list("source_id", flat=True):
        counts[source_id] += 1
    sources = list(Source.objects.all())
    for source in sources:
        source.per_day = round(counts[source.pk] / 7, 1)
    return sources
