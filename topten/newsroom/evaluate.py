"""`topten related evaluate FILE.jsonl`: precision@4 of the production related posts on
labelled articles, measured in a throwaway database.

The parent process checks the file, then runs `topten related evaluate --here FILE` in a
child process whose DATABASE_URL points to a temporary SQLite file; the child migrates
it, loads the articles through the ORM, runs `derived.rebuild_related` (the same code as
`topten related rebuild`) and scores the stored `RelatedArticle` rows. The story labels
stay in memory: they are used to score, never as an input.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from html import escape
from pathlib import Path

from topten.newsroom.related import LIMIT


class EvaluationError(ValueError):
    pass


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    title: str
    text: str
    story: str


def read_labelled(path: Path) -> list[LabelledArticle]:
    """Parse the JSONL file; raise EvaluationError naming the line of the first problem."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"{path}: cannot read it ({error})") from None
    articles = [_parse(path, n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if len(articles) < 2:
        raise EvaluationError(f"{path}: needs at least two articles, found {len(articles)}")
    if len({a.id for a in articles}) != len(articles):
        raise EvaluationError(f"{path}: article ids are not unique")
    return articles


def _parse(path: Path, n: int, line: str) -> LabelledArticle:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise EvaluationError(f"{path}:{n}: not JSON ({error.msg})") from None
    if not isinstance(row, dict):
        raise EvaluationError(f"{path}:{n}: expected a JSON object")
    missing = [f for f in ("id", "title", "text", "story") if f not in row]
    if missing:
        raise EvaluationError(f"{path}:{n}: missing field(s) {', '.join(missing)}")
    if not str(row["title"]).strip():
        raise EvaluationError(f"{path}:{n}: empty title")
    return LabelledArticle(
        str(row["id"]), str(row["title"]), str(row["text"] or ""), str(row["story"])
    )


def precision_at_k(related: dict[str, list[str]], story: dict[str, str], k: int = LIMIT) -> float:
    """Mean over articles of (related posts from the same story) / k; a missing slot counts wrong."""
    if not related:
        return 0.0
    hits = sum(sum(story[r] == story[a] for r in rs[:k]) for a, rs in related.items())
    return hits / (k * len(related))


def evaluate_in_throwaway_database(path: Path) -> dict:
    read_labelled(path)  # fail fast, with a clear message, before starting anything
    with tempfile.TemporaryDirectory(prefix="topten-related-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'evaluate.sqlite3'}",
            "TOPTEN_VAR_DIR": tmp,
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "CACHE_URL": "locmem://",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "throwaway-evaluation-database",
        }
        command = [sys.executable, "-m", "topten", "related", "evaluate", "--here", str(path)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise EvaluationError(f"evaluation failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def evaluate_here(path: Path) -> dict:
    """Load the articles into the current (throwaway!) database and score related posts."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from topten.lib.sanitize import clean_html
    from topten.newsroom import derived
    from topten.newsroom.models import Article, RelatedArticle

    if connection.vendor != "sqlite" or "topten-related-" not in str(
        connection.settings_dict["NAME"]
    ):
        raise EvaluationError("refusing to load evaluation articles outside a throwaway database")
    labelled = read_labelled(path)
    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=a.title[:200],
            slug=f"evaluate-{i}",
            body=clean_html("".join(f"<p>{escape(p)}</p>" for p in a.text.splitlines() if p)),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i + 1),
        )
        for i, a in enumerate(labelled)
    )
    story_of_slug = {f"evaluate-{i}": a.story for i, a in enumerate(labelled)}
    started = time.perf_counter()
    derived.rebuild_related(window=len(labelled))
    seconds = time.perf_counter() - started
    related: dict[str, list[str]] = {slug: [] for slug in story_of_slug}
    for article_slug, related_slug in RelatedArticle.objects.order_by(
        "article", "rank"
    ).values_list("article__slug", "related__slug"):
        related[article_slug].append(related_slug)
    return {
        "articles": len(labelled),
        "precision_at_4": round(precision_at_k(related, story_of_slug), 4),
        "seconds": round(seconds, 3),
    }
