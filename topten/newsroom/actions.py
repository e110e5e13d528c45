from django.db import transaction
from django.utils import timezone

from topten.newsroom.models import Article


def publish_article(article: Article, when=None) -> Article:
    """Publish now, or schedule for `when` if it is in the future."""
    when = when or article.published_at or timezone.now()
    article.published_at = when
    article.status = Article.Status.SCHEDULED if when > timezone.now() else Article.Status.PUBLISHED
    with transaction.atomic():
        article.save()
        transaction.on_commit(lambda: article_changed(article.pk))
    return article


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
    """Everything derived from an article: renditions, related posts, page caches."""
    from topten.newsroom import derived

    derived.refresh(pk)
