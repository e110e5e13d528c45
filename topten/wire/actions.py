"""Every state change of the wire desk: sources, fetch passes, stories, the desk's buttons.

Read-only questions (candidates, coverage, source health) are in queries.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from topten.lib import fetch as fetching
from topten.lib import ssrf
from topten.wire import conf, engine
from topten.wire.drafting import best_headline
from topten.wire.models import Item, Source, Story
from topten.wire.parsing import FeedError, discover_feeds, parse_feed
from topten.wire.queries import already_run, coverage_of, draft_for, majority, story_sources
from topten.wire.ranking import rank

log = logging.getLogger("topten.wire")

MAX_BACKOFF = dt.timedelta(hours=24)
MAX_UNCHANGED_BACKOFF = dt.timedelta(hours=4)
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"
MAX_OPML_BYTES = 2 * 1024 * 1024
# Feed categories that name a desk section; other categories (people, places) are ignored.
SECTIONS = {
    "world": "world",
    "international": "world",
    "politics": "politics",
    "business": "business",
    "economy": "business",
    "markets": "business",
    "science": "science",
    "technology": "technology",
    "tech": "technology",
    "health": "health",
    "environment": "environment",
    "climate": "environment",
    "sport": "sport",
    "sports": "sport",
    "culture": "culture",
    "arts": "culture",
    "entertainment": "culture",
}


class WireError(Exception):
    """A message written for the editor."""


# ---------------------------------------------------------------- fetching


def limits() -> fetching.Limits:
    return fetching.Limits(
        deadline_s=conf.fetch_deadline(),
        max_bytes=conf.max_bytes(),
        max_decompressed=conf.max_decompressed(),
        max_redirects=conf.max_redirects(),
    )


def fetch_url(url: str, *, etag: str = "", last_modified: str = "", accept: str = FEED_ACCEPT):
    return fetching.fetch(
        url,
        etag=etag,
        last_modified=last_modified,
        accept=accept,
        user_agent=conf.user_agent(),
        limits=limits(),
        allowed_networks=ssrf.parse_networks(conf.allowed_networks()),
    )


@dataclass
class FetchOutcome:
    source_id: int
    response: fetching.Response | None = None
    error: fetching.FetchError | None = None


class _HostLimiter:
    """At most `per_host` fetches to one host at a time."""

    def __init__(self, per_host: int):
        self.per_host = per_host
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}

    def __call__(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._semaphores.setdefault(host, threading.Semaphore(self.per_host))


def _fetch_one(source: Source, limiter: _HostLimiter) -> FetchOutcome:
    host = (urlsplit(source.feed_url).hostname or "").lower()
    with limiter(host):
        try:
            response = fetch_url(
                source.feed_url, etag=source.etag, last_modified=source.last_modified
            )
        except fetching.FetchError as exc:
            return FetchOutcome(source.pk, error=exc)
        except Exception as exc:  # noqa: BLE001 - a broken feed never stops the others
            log.exception("unexpected error fetching %s", source.feed_url)
            return FetchOutcome(source.pk, error=fetching.FetchError("internal", repr(exc)[:300]))
    return FetchOutcome(source.pk, response=response)


def due_sources(now=None, limit=None) -> list[Source]:
    now = now or timezone.now()
    query = Source.objects.filter(enabled=True, next_fetch_at__lte=now).order_by(
        "next_fetch_at", "pk"
    )
    return list(query[: limit or conf.feeds_per_pass()])


def fetch_pass(now=None, limit=None) -> int:
    """Fetch every due source (bounded), store new items, cluster them. Returns sources fetched."""
    sources = due_sources(now, limit)
    if not sources:
        return 0
    limiter = _HostLimiter(conf.per_host())
    workers = max(1, min(conf.concurrency(), len(sources)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wire-fetch") as pool:
        outcomes = list(pool.map(lambda s: _fetch_one(s, limiter), sources))
    by_id = {s.pk: s for s in sources}
    for outcome in outcomes:
        try:
            record_fetch(by_id[outcome.source_id], outcome)
        except Exception:  # noqa: BLE001 - one source's bad data never stops the pass
            log.exception("recording the fetch of source %s failed", outcome.source_id)
    cluster_new_items()
    return len(sources)


def record_fetch(source: Source, outcome: FetchOutcome, now=None) -> int:
    """Store what one fetch brought and schedule the next one. Returns the number of new items."""
    now = now or timezone.now()
    source.last_fetched_at = now
    if outcome.error is not None:
        _record_error(
            source, outcome.error.kind, outcome.error.message, now, outcome.error.retry_after
        )
        return 0
    response = outcome.response
    source.last_status = response.status
    if response.status == 304:
        _record_unchanged(source, now)
        return 0
    if response.status >= 400:
        kind = "rate_limited" if response.status == 429 else "http_status"
        message = f"HTTP {response.status}"
        _record_error(source, kind, message, now, response.retry_after)
        return 0
    try:
        parsed = parse_feed(response.body, base_url=response.url, now=now)
    except FeedError as exc:
        _record_error(source, exc.kind, exc.message, now)
        return 0
    created = store_items(source, parsed.items, now)
    if created and source.full_text:
        _extract_full_text(source, limit=5)
    source.etag = response.etag[:300]
    source.last_modified = response.last_modified[:100]
    source.last_success_at = now
    source.last_error_kind = source.last_error_message = ""
    source.failures = 0
    if created:
        source.unchanged = 0
        source.next_fetch_at = now + dt.timedelta(seconds=source.interval_seconds)
    else:
        _record_unchanged(source, now, save=False)
    source.items_total += created
    source.save()
    return created


def _extract_full_text(source: Source, limit: int) -> None:
    """Replace the summaries of the newest items by the article text (optional; trafilatura)."""
    from topten.wire.parsing import extract_full_text

    if not full_text_available():
        log.warning("%s: %s", source.name, FULL_TEXT_MISSING)
        return
    for item in source.items.filter(story__isnull=True).exclude(url="").order_by("-pk")[:limit]:
        try:
            response = fetch_url(item.url, accept="text/html")
            text = extract_full_text(response.body, response.url) if response.status == 200 else ""
        except (fetching.FetchError, FeedError) as exc:
            log.info("full text of %s: %s", item.url, exc)
            continue
        if text:
            Item.objects.filter(pk=item.pk).update(summary=text[:20000])


def _record_unchanged(source: Source, now, save: bool = True) -> None:
    source.unchanged += 1
    source.last_success_at = now
    source.last_error_kind = source.last_error_message = ""
    source.failures = 0
    delay = min(
        dt.timedelta(seconds=source.interval_seconds * 2 ** min(source.unchanged, 4)),
        max(MAX_UNCHANGED_BACKOFF, dt.timedelta(seconds=source.interval_seconds)),
    )
    source.next_fetch_at = now + delay
    if save:
        source.save()


def _record_error(source: Source, kind: str, message: str, now, retry_after=None) -> None:
    source.failures += 1
    source.last_error_at = now
    source.last_error_kind = kind[:40]
    source.last_error_message = message[:500]
    delay = min(
        dt.timedelta(seconds=source.interval_seconds * 2 ** min(source.failures, 10)), MAX_BACKOFF
    )
    if retry_after is not None:
        delay = max(delay, dt.timedelta(seconds=min(retry_after, MAX_BACKOFF.total_seconds())))
    source.next_fetch_at = now + delay
    source.save()


def _section(categories, source: Source) -> str:
    for category in categories:
        if category.strip().lower() in SECTIONS:
            return SECTIONS[category.strip().lower()]
    return source.section


def store_items(source: Source, parsed_items, now) -> int:
    """Insert the items not seen before (by GUID per source); link URL duplicates to the original."""
    guids = [p.guid for p in parsed_items]
    known = set(Item.objects.filter(source=source, guid__in=guids).values_list("guid", flat=True))
    created = 0
    for parsed in parsed_items:
        if parsed.guid in known:
            continue
        known.add(parsed.guid)
        original = None
        if parsed.link:
            original = (
                Item.objects.filter(url=parsed.link, duplicate_of__isnull=True)
                .exclude(source=source)
                .order_by("pk")
                .first()
            )
        try:
            with transaction.atomic():
                Item.objects.create(
                    source=source,
                    guid=parsed.guid,
                    url=parsed.link[:1000],
                    title=parsed.title[:300],
                    summary=parsed.summary,
                    author=parsed.author,
                    image_url=parsed.image[:1000],
                    published_at=parsed.published,
                    fetched_at=now,
                    position=min(parsed.position, 32000),
                    section=_section(parsed.categories, source),
                    duplicate_of=original,
                    story_id=original.story_id if original else None,
                )
        except IntegrityError:
            continue  # a concurrent pass stored it first
        created += 1
    return created


# ---------------------------------------------------------------- stories


def cluster_new_items(limit: int = 5000) -> int:
    """Put every item without a story into one (joining, or starting); returns items placed."""
    eng = engine.get_engine()
    pending = list(
        Item.objects.filter(story__isnull=True)
        .select_related("source", "duplicate_of")
        .order_by("pk")[:limit]
    )
    touched: set[int] = set()
    for item in pending:
        story_id = _place(eng, item)
        Item.objects.filter(pk=item.pk).update(story_id=story_id, duplicate_of=item.duplicate_of_id)
        touched.add(story_id)
    for old, new, keys in eng.clusterer.refine():
        touched |= _split_story(eng, old, new, keys)
    for keep, gone in eng.clusterer.consolidate():
        keep_id, gone_id = eng.story_ids.get(keep), eng.story_ids.pop(gone, None)
        if keep_id and gone_id and keep_id != gone_id:
            Item.objects.filter(story_id=gone_id).update(story_id=keep_id)
            Story.objects.filter(pk=gone_id).update(
                merged_into_id=keep_id, item_count=0, source_count=0
            )
            touched.discard(gone_id)
            touched.add(keep_id)
    for story in Story.objects.filter(pk__in=touched):
        refresh_story(story)
    return len(pending)


def _split_story(eng: engine.Engine, old: int, new: int, keys: list[str]) -> set[int]:
    """The clusterer found two events in one story: move the second one's items to a new story."""
    old_id = eng.story_ids.get(old)
    if old_id is None:
        return set()
    pks = [int(k) for k in keys]
    first = Item.objects.filter(pk__in=pks).order_by("published_at", "pk").first()
    if first is None:
        return set()
    story = Story.objects.create(
        title=first.title[:300], first_seen=first.seen_at, last_seen=first.seen_at
    )
    eng.story_ids[new] = story.pk
    Item.objects.filter(pk__in=pks).update(story=story)
    # Copies of a moved item follow it.
    Item.objects.filter(duplicate_of_id__in=pks).update(story=story)
    return {old_id, story.pk}


def _place(eng: engine.Engine, item: Item) -> int:
    if item.duplicate_of_id and item.duplicate_of.story_id:
        return item.duplicate_of.story_id
    match = eng.duplicates.find(engine.item_text(item))
    if match is not None:
        original = Item.objects.filter(pk=int(match.key)).only("story_id").first()
        if original is not None and original.story_id:
            item.duplicate_of_id = original.pk
            return original.story_id
    internal = eng.assign(item)
    story_id = eng.story_ids.get(internal)
    if story_id is None or not Story.objects.filter(pk=story_id, merged_into__isnull=True).exists():
        seen = item.seen_at
        story = Story.objects.create(title=item.title[:300], first_seen=seen, last_seen=seen)
        story_id = eng.story_ids[internal] = story.pk
    return story_id


def refresh_story(story: Story, now=None) -> Story:
    """Recompute a story's title, counts, region/section and score from its items."""
    items = list(story.items.select_related("source"))
    if not items:
        return story
    story.item_count = len(items)
    story.source_count = len({i.source_id for i in items})
    story.first_seen = min(i.seen_at for i in items)
    story.last_seen = max(i.seen_at for i in items)
    story.title = (
        best_headline([(i.title, i.source.trust) for i in items if not i.duplicate_of_id])
        or items[0].title
    )
    story.region = majority(i.source.region for i in items)
    story.section = majority(i.section or i.source.section for i in items)
    ranked = rank(
        coverage_of(story, items),
        (now or timezone.now()).timestamp(),
        already_run=already_run(story, items),
    )
    story.score = ranked.score
    story.explanation = ranked.explain()[:300]
    story.save()
    return story


# ---------------------------------------------------------------- the desk


def pin_story(story: Story, pinned: bool = True) -> Story:
    Story.objects.filter(pk=story.pk).update(pinned=pinned)
    story.pinned = pinned
    return story


def dismiss_story(story: Story, dismissed: bool = True) -> Story:
    Story.objects.filter(pk=story.pk).update(
        dismissed=dismissed, pinned=False if dismissed else story.pinned
    )
    story.dismissed = dismissed
    return story


def add_story_to_edition(story: Story):
    """Fill the next free slot of today's edition with this story. Raises EditionError subclasses."""
    from topten.editions import actions as editions

    edition = editions.todays_edition() or editions.start_edition(editions.publication_today())
    headline, blurb = draft_for(story)
    slot = editions.add_slot(edition, headline=headline, blurb=blurb, sources=story_sources(story))
    Story.objects.filter(pk=story.pk).update(added_slot=slot, pinned=False)
    return slot


# ---------------------------------------------------------------- sources


def _validate_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise WireError(f"Not a web address (http or https): {url[:100]!r}") from None
    return url


def add_source(
    *, url: str, name: str = "", kind: str = Source.Kind.OUTLET, discover: bool = True, **fields
) -> Source:
    """Add a source by feed URL, or by site URL (the page's <link rel="alternate"> feed is used)."""
    url = _validate_url(url)
    if not 0.1 <= float(fields.get("trust", 1.0)) <= 3:
        raise WireError("Trust is between 0.1 and 3.")
    if Source.objects.filter(feed_url=url).exists():
        raise WireError("This feed is already a source.")
    feed_url, title, home = url, "", fields.pop("home_url", "")
    if discover:
        try:
            response = fetch_url(url)
        except fetching.FetchError as exc:
            raise WireError(f"Cannot fetch {url}: {exc.message}") from None
        if response.status >= 400:
            raise WireError(f"Cannot fetch {url}: HTTP {response.status}")
        try:
            parsed = parse_feed(response.body, base_url=response.url)
            title, home = parsed.title, home or parsed.link
        except FeedError as exc:
            if exc.kind != "not_a_feed":
                raise WireError(f"{url} is not a readable feed: {exc.message}") from None
            found = discover_feeds(response.body, response.url)
            if not found:
                raise WireError(
                    'That page announces no feed (no <link rel="alternate">). Paste the feed address.'
                )
            feed_url, title, home = found[0][0], found[0][1], home or url
            if Source.objects.filter(feed_url=feed_url).exists():
                raise WireError("This site's feed is already a source.")
    if kind not in Source.Kind.values:
        raise WireError(f"Unknown kind {kind!r}.")
    return Source.objects.create(
        feed_url=feed_url,
        name=(name or title or urlsplit(feed_url).hostname or feed_url)[:120],
        home_url=home[:1000],
        kind=kind,
        **fields,
    )


def full_text_available() -> bool:
    from importlib.util import find_spec

    return find_spec("trafilatura") is not None


FULL_TEXT_MISSING = (
    "Full-text extraction needs the optional package trafilatura, which is not installed."
)


def update_source(source: Source, **fields) -> Source:
    if fields.get("full_text") and not full_text_available():
        raise WireError(FULL_TEXT_MISSING)
    trust = fields.get("trust", source.trust)
    if not 0.1 <= float(trust) <= 3:
        raise WireError("Trust is between 0.1 and 3.")
    for name, value in fields.items():
        setattr(source, name, value)
    source.save()
    return source


def import_opml(data: bytes) -> tuple[int, int]:
    """Add every feed of an OPML file; returns (added, skipped). A bad file imports nothing."""
    if len(data) > MAX_OPML_BYTES:
        raise WireError("The OPML file is over 2 MB.")
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise WireError(
            "The OPML file declares XML entities or a DTD; refused, nothing imported."
        ) from None
    except SafeET.ParseError as exc:
        raise WireError(
            f"The OPML file is not well-formed XML ({exc}); nothing imported."
        ) from None
    if root.tag.lower() != "opml":
        raise WireError("Not an OPML file; nothing imported.")
    rows = []
    for outline in root.iter("outline"):
        feed_url = (outline.get("xmlUrl") or "").strip()
        if not feed_url:
            continue
        _validate_url(feed_url)
        rows.append(
            {
                "feed_url": feed_url,
                "name": (outline.get("title") or outline.get("text") or feed_url)[:120],
                "home_url": (outline.get("htmlUrl") or "")[:1000],
                "language": (outline.get("language") or "en")[:12],
            }
        )
    added = skipped = 0
    with transaction.atomic():
        existing = set(Source.objects.values_list("feed_url", flat=True))
        for row in rows:
            if row["feed_url"] in existing:
                skipped += 1
                continue
            existing.add(row["feed_url"])
            Source.objects.create(**row)
            added += 1
    return added, skipped


def export_opml() -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "<head><title>Topten wire sources</title></head>",
        "<body>",
    ]
    for source in Source.objects.order_by("name"):
        lines.append(
            f'<outline type="rss" text={quoteattr(source.name)} title={quoteattr(source.name)} '
            f"xmlUrl={quoteattr(source.feed_url)} htmlUrl={quoteattr(source.home_url)} "
            f"language={quoteattr(source.language)}/>"
        )
    lines += ["</body>", "</opml>"]
    return "\n".join(lines).encode()
