"""`topten wire evaluate FILE.jsonl | ingest [--once] [--all] | import-opml FILE | export-opml`."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from topten.wire.clustering import Clusterer, Item, score_clustering


def evaluate(path: Path) -> dict:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                rows.append(
                    (
                        str(row["id"]),
                        str(row.get("title") or ""),
                        str(row.get("text") or ""),
                        str(row["story"]),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"{path}:{number}: not a labelled article ({exc})") from None
    if not rows:
        raise CommandError(f"{path}: no articles")
    clusterer = Clusterer()
    started = time.perf_counter()
    for index, (key, title, text, _story) in enumerate(rows):
        clusterer.add(Item(key=key, title=title, text=text, published=float(index)))
    clusterer.refine()
    clusterer.consolidate()
    elapsed = time.perf_counter() - started
    found = clusterer.labels()
    truth = {key: story for key, _t, _x, story in rows}
    scores = score_clustering(truth, found)
    return {
        "articles": len(rows),
        "stories_true": len(set(truth.values())),
        "stories_found": len(set(found.values())),
        "b3_precision": round(scores.b3_precision, 4),
        "b3_recall": round(scores.b3_recall, 4),
        "b3_f1": round(scores.b3_f1, 4),
        "pairwise_f1": round(scores.pairwise_f1, 4),
        "items_per_s": round(len(rows) / elapsed, 1),
    }


class Command(BaseCommand):
    help = "Wire desk: evaluate clustering, run a fetch pass, import/export OPML."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ev = sub.add_parser(
            "evaluate", help="Score the production clustering on labelled articles (JSONL)."
        )
        ev.add_argument("file", type=Path)
        ingest = sub.add_parser("ingest", help="Fetch the due sources and cluster their items.")
        ingest.add_argument("--once", action="store_true", help="One pass, then exit.")
        ingest.add_argument("--all", action="store_true", help="Treat every enabled source as due.")
        imp = sub.add_parser("import-opml", help="Add the feeds of an OPML file.")
        imp.add_argument("file", type=Path)
        sub.add_parser("export-opml", help="Print the sources as OPML.")

    def handle(self, *args, action, **options):
        getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_evaluate(self, file, **_):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        self.stdout.write(json.dumps(evaluate(file)))

    def do_ingest(self, once=False, all=False, **_):
        from django.utils import timezone

        from topten.core.worker import Worker
        from topten.wire.actions import fetch_pass
        from topten.wire.models import Source

        if all:
            Source.objects.filter(enabled=True).update(next_fetch_at=timezone.now())
        if once:
            fetched = fetch_pass()
            self.stdout.write(f"wire: fetched {fetched} source(s)")
            return
        from topten.wire.tasks import WORKER_TASKS

        Worker(tasks=WORKER_TASKS).run_forever()

    def do_import_opml(self, file, **_):
        from topten.wire.actions import WireError, import_opml

        try:
            added, skipped = import_opml(file.read_bytes())
        except (OSError, WireError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"wire: added {added} source(s), skipped {skipped} already present")

    def do_export_opml(self, **_):
        from topten.wire.actions import export_opml

        self.stdout.write(export_opml().decode())
