"""Derived data of an article, refreshed after it changes (`actions.article_changed`):
lead-image renditions, related posts, and the public page cache.

Related posts are computed here, never on the request path: the article page only reads
`RelatedArticle` rows. A refresh is bounded by the candidate window (the
`RELATED_WINDOW` most recent published articles): one vectorizer fit over the window,
then sparse products for the handful of articles whose lists may change.

Measured on this 2-core machine while it was busy (load average 10), refreshing one
article and its 12 nearest neighbours among news articles of ~600 words: window 500,
1.3 s; window 1000 (the default), 2.4 s; window 2000, 3.6 s. The cost grows with the
window, never with the whole archive.
"""

import logging
import re
from html import unescape

from django.db import transaction

from topten.lib.sanitize import plain_text
from topten.newsroom import conf, images
from topten.newsroom.models import Article, RelatedArticle
from topten.newsroom.related import LIMIT, Doc, Match, Model

log = logging.getLogger(__name__)

# After an article changes, its nearest neighbours may now list it: recompute this many.
NEIGHBOURS_TO_REFRESH = 12


def refresh(pk: int) -> None:
    article = Article.objects.filter(pk=pk).first()
    if article is not None:
        refresh_renditions(article)
        refresh_related(article)
    else:
        RelatedArticle.objects.filter(related_id=pk).delete()
    invalidate_pages()


def invalidate_pages() -> None:
    from topten.web.cache import invalidate  # web depends on newsroom: import at call time

    invalidate()


# --- renditions ---------------------------------------------------------------------


def refresh_renditions(article: Article, reuse: bool = False) -> None:
    """Make renditions when the lead image is new; drop them when it was removed."""
    name = article.lead_image.name if article.lead_image else ""
    if article.renditions.get("source", "") == name and (name or not article.renditions):
        return
    if not reuse:
        images.delete_renditions(article.renditions)
    renditions = {}
    if name:
        try:
            renditions = images.make_renditions(name, reuse=reuse)
        except Exception:
            log.exception("could not make renditions of %s for article %s", name, article.pk)
    Article.objects.filter(pk=article.pk).update(renditions=renditions)
    article.renditions = renditions


# --- related posts ------------------------------------------------------------------


_BLOCK_END = re.compile(r"</(?:p|h\d|li|dd|dt|blockquote|figcaption|pre|td|th|tr)>|<br\s*/?>", re.I)


def text_of(html: str) -> str:
    """The words of an article body, one block a line (so blocks never run together)."""
    return unescape(plain_text(_BLOCK_END.sub("\n", html)))


def doc_of(article: Article) -> Doc:
    text = "\n".join(filter(None, [article.standfirst, text_of(article.body)]))
    return Doc(
        id=article.pk,
        title=article.headline,
        text=text,
        tags=tuple(t.slug for t in article.tags.all()),
    )


def candidate_window(extra: Article | None = None, size: int | None = None) -> list[Doc]:
    """The most recent published articles, newest first, plus `extra` if it is not among them."""
    articles = list(
        Article.objects.published()
        .order_by("-published_at", "-pk")
        .prefetch_related("tags")
        .only("pk", "headline", "standfirst", "body")[: size or conf.related_window()]
    )
    if extra is not None and all(a.pk != extra.pk for a in articles):
        articles.append(extra)
    return [doc_of(a) for a in articles]


def refresh_related(article: Article) -> int:
    """Recompute the related posts of `article` and of the articles that may list it now.

    Returns how many articles had their lists rewritten.
    """
    listers = set(RelatedArticle.objects.filter(related=article).values_list("article_id", flat=1))
    if not article.is_live:
        with transaction.atomic():
            RelatedArticle.objects.filter(related=article).delete()
            RelatedArticle.objects.filter(article=article).delete()
        article = None
    model = Model(candidate_window(extra=article))
    targets = set(listers)
    if article is not None:
        nearest = model.related([article.pk], limit=NEIGHBOURS_TO_REFRESH)[article.pk]
        targets |= {article.pk} | {m.id for m in nearest}
    store(model.related(targets, limit=LIMIT))
    return len(targets)


def refresh_lists(pks: list[int]) -> None:
    """Recompute the related posts of these articles only."""
    if pks:
        store(Model(candidate_window()).related(pks, limit=LIMIT))


def rebuild_related(window: int | None = None) -> int:
    """Recompute related posts for every article of the window; clear all others."""
    docs = candidate_window(size=window)
    results = Model(docs).related([d.id for d in docs], limit=LIMIT)
    with transaction.atomic():
        RelatedArticle.objects.exclude(article_id__in=results).delete()
        store(results)
    return len(results)


def store(results: dict[int, list[Match]]) -> None:
    """Replace the stored related posts of each article in `results`."""
    rows = [
        RelatedArticle(article_id=pk, related_id=m.id, rank=rank, score=m.score)
        for pk, matches in results.items()
        for rank, m in enumerate(matches, start=1)
    ]
    with transaction.atomic():
        # Lock the articles whose lists we rewrite, so two refreshes never interleave
        # their delete and insert (which would break the one-row-per-pair constraint).
        list(
            Article.objects.select_for_update()
            .filter(pk__in=list(results))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        RelatedArticle.objects.filter(article_id__in=list(results)).delete()
        RelatedArticle.objects.bulk_create(rows, batch_size=500)


def preview_related(article: Article) -> list[Article]:
    """What the related posts of `article` would be if it were published now (not stored)."""
    model = Model(candidate_window(extra=article))
    ids = [m.id for m in model.related([article.pk]).get(article.pk, [])]
    by_id = Article.objects.select_related("section").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
