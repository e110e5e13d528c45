from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from topten.newsroom.models import Article, ShareCount
from topten.web import conf


def record_share(article_id: int, network: str) -> None:
    """Add one share of an article on a network, and to the article's total.

    Increments happen in the database (F() expressions), so concurrent clicks never lose
    a count; the first share on a network creates its row, and a racing creator falls back
    to the increment.
    """
    with transaction.atomic():
        counts = ShareCount.objects.filter(article_id=article_id, network=network)
        if not counts.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ShareCount.objects.create(article_id=article_id, network=network, count=1)
            except IntegrityError:
                counts.update(count=F("count") + 1)
        Article.objects.filter(pk=article_id).update(share_total=F("share_total") + 1)


def first_share_today(client_key: str, article_id: int, network: str) -> bool:
    """True the first time this client shares this article on this network within a day."""
    key = f"web:share:{client_key}:{article_id}:{network}"
    return cache.add(key, 1, timeout=conf.share_dedupe_seconds())
