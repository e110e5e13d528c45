import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from topten.newsroom import derived
from topten.newsroom.evaluate import EvaluationError, evaluate_here, evaluate_in_throwaway_database


class Command(BaseCommand):
    help = "Related posts: `rebuild` them all, or `evaluate` them on labelled articles."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rebuild = sub.add_parser("rebuild", help="Recompute related posts of recent articles.")
        rebuild.add_argument(
            "--window", type=int, help="How many recent articles (default: RELATED_WINDOW)."
        )
        evaluate = sub.add_parser(
            "evaluate",
            help="Load labelled articles (JSONL: id, title, text, story) into a throwaway "
            "database and print {articles, precision_at_4, seconds} as one JSON line.",
        )
        evaluate.add_argument("file", type=Path)
        evaluate.add_argument("--here", action="store_true", help="(internal) use this database")

    def handle(self, *args, subcommand, **options):
        if subcommand == "rebuild":
            if options["window"] is not None and options["window"] < 1:
                raise CommandError("--window must be at least 1")
            count = derived.rebuild_related(window=options["window"])
            derived.invalidate_pages()
            self.stdout.write(f"related: rebuilt related posts of {count} article(s)")
            return
        try:
            if options["here"]:
                result = evaluate_here(options["file"])
            else:
                result = evaluate_in_throwaway_database(options["file"])
        except EvaluationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result))
