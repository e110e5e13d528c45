"""State changes of articles. Admin actions, the worker, commands and tests all call these."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from topten.newsroom.models import Article

log = logging.getLogger(__name__)


class PublishingError(ValueError):
    pass


def publish_article(article: Article, when: datetime | None = None) -> Article:
    """Publish now, or schedule for `when` if it is in the future."""
    when = when or article.published_at or timezone.now()
    article.published_at = when
    article.status = Article.Status.SCHEDULED if when > timezone.now() else Article.Status.PUBLISHED
    _save(article)
    return article


def publish_now(article: Article) -> Article:
    """Publish at once, also when it was scheduled for later. Keeps the first publish time."""
    if article.status == Article.Status.PUBLISHED and article.is_live:
        return article
    now = timezone.now()
    when = article.published_at if article.published_at and article.published_at <= now else now
    return publish_article(article, when=when)


def schedule_article(article: Article, when: datetime) -> Article:
    """Schedule for a future time; the worker publishes it then (`publish_due_articles`)."""
    if when <= timezone.now():
        raise PublishingError("Choose a time in the future to schedule, or publish now.")
    if article.is_live:
        raise PublishingError(f"“{article}” is already published; unpublish it first.")
    article.published_at = when
    article.status = Article.Status.SCHEDULED
    _save(article)
    return article


def unpublish_article(article: Article) -> Article:
    """Take a published or scheduled article back to draft. Its publish time is kept."""
    article.status = Article.Status.DRAFT
    _save(article)
    return article


def delete_article(article: Article) -> None:
    """Delete an article; the articles that listed it as related get new lists."""
    from topten.newsroom.models import RelatedArticle

    with transaction.atomic():
        listers = list(
            RelatedArticle.objects.filter(related=article).values_list("article_id", flat=True)
        )
        article.delete()
        transaction.on_commit(lambda: articles_lost_a_related_post(listers))


def articles_lost_a_related_post(pks: list[int]) -> None:
    from topten.newsroom import derived

    derived.refresh_lists(pks)
    derived.invalidate_pages()


def _save(article: Article) -> None:
    with transaction.atomic():
        article.save()
        transaction.on_commit(lambda: article_changed(article.pk))


def publish_due_articles() -> int:
    """Worker task: flip scheduled articles whose time has come to published."""
    done = 0
    for pk in Article.objects.due().values_list("pk", flat=True)[:100]:
        with transaction.atomic():
            updated = Article.objects.filter(pk=pk, status=Article.Status.SCHEDULED).update(
                status=Article.Status.PUBLISHED
            )
            if updated:
                transaction.on_commit(lambda pk=pk: article_changed(pk))
        done += updated
    return done


def article_changed(pk: int) -> None:
    """Everything derived from an article: renditions, related posts, page caches.

    Runs after the change is committed. A failure here is logged, not raised: the change
    itself is saved, and `topten related rebuild` (or the next edit) brings the derived
    data up to date.
    """
    from topten.newsroom import derived

    try:
        derived.refresh(pk)
    except Exception:
        log.exception("could not refresh the derived data of article %s", pk)
