"""The in-process clustering state for the wire desk.

The clusterer and the near-duplicate index live in memory in the worker. They
are rebuilt from the database (the items of the live window, bounded) when the
process starts or when the database moved on without this process (another
worker, a test database): the cost of a rebuild is bounded by the window, not
by the history.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.db.models import Max
from django.utils import timezone

from topten.wire.clustering import ClusterConfig, Clusterer
from topten.wire.clustering import Item as ClusterItem
from topten.wire.dedupe import NearDuplicateIndex

WINDOW = dt.timedelta(hours=36)
REBUILD_LIMIT = 30000
_lock = threading.Lock()
_engine: Engine | None = None


def item_text(item) -> str:
    return f"{item.title}\n{item.summary}"


class Engine:
    def __init__(self):
        self.clusterer = Clusterer(ClusterConfig(window_seconds=WINDOW.total_seconds()))
        self.duplicates = NearDuplicateIndex()
        self.story_ids: dict[int, int] = {}  # clusterer story id -> database Story id
        self.last_item_id = 0

    def assign(self, item) -> int | None:
        """Feed one item; return the database story id it joins (None: a new story is needed)."""
        internal = self.clusterer.add(
            ClusterItem(
                key=str(item.pk),
                title=item.title,
                text=item.summary,
                published=item.seen_at.timestamp(),
                source=str(item.source_id),
            )
        )
        self.duplicates.add(str(item.pk), item_text(item))
        self.last_item_id = max(self.last_item_id, item.pk)
        return internal

    @classmethod
    def rebuild(cls) -> Engine:
        from topten.wire.models import Item

        engine = cls()
        since = timezone.now() - WINDOW
        rows = (
            Item.objects.filter(
                story__isnull=False, fetched_at__gte=since, duplicate_of__isnull=True
            )
            .order_by("-id")
            .only("id", "title", "summary", "published_at", "fetched_at", "source_id", "story_id")
        )[:REBUILD_LIMIT]
        for item in sorted(rows, key=lambda i: i.pk):
            internal = engine.assign(item)
            engine.story_ids.setdefault(internal, item.story_id)
        engine.last_item_id = newest_clustered_item()
        return engine


def newest_clustered_item() -> int:
    """Id of the newest item that went through the clusterer (copies do not)."""
    from topten.wire.models import Item

    query = Item.objects.filter(story__isnull=False, duplicate_of__isnull=True)
    return query.aggregate(m=Max("id"))["m"] or 0


def get_engine() -> Engine:
    """The process's clusterer, rebuilt when the database has items it has not seen."""
    global _engine
    newest = newest_clustered_item()
    with _lock:
        if _engine is None or _engine.last_item_id != newest:
            _engine = Engine.rebuild()
        return _engine


def reset() -> None:
    global _engine
    with _lock:
        _engine = None
