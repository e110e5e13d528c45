"""Worker tasks of the wire desk: one bounded fetch pass per call."""

from topten.wire.actions import cluster_new_items, fetch_pass


def fetch_feeds() -> int:
    """Fetch the due sources (at most WIRE_FEEDS_PER_PASS), store and cluster their items."""
    return fetch_pass()


def cluster_items() -> int:
    """Place items that have no story yet (e.g. after a crash between store and cluster)."""
    return cluster_new_items()


WORKER_TASKS = [fetch_feeds, cluster_items]
