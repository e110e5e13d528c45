from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from topten.newsroom.models import Article, Author, RelatedArticle, Tag
from topten.web import queries

pytestmark = pytest.mark.django_db


def fields(article) -> dict:
    values = {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields}
    section = article.section
    return values | {"section": section and (section.pk, section.name, section.slug)}


def queries_for(client, url) -> int:
    client.get(url)  # fill this process's menu and link memos first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


class TestPageQueries:
    def test_related_posts_authors_and_tags_cost_no_query_each(self, client, demo):
        article, *others = Article.objects.published()
        url = article.get_absolute_url()
        RelatedArticle.objects.filter(article=article).delete()
        article.authors.clear()
        article.tags.clear()
        bare = queries_for(client, url)
        for rank, other in enumerate(others[:4], start=1):
            RelatedArticle.objects.create(article=article, related=other, rank=rank, score=1)
        article.authors.set(Author.objects.all()[:3])
        article.tags.set(Tag.objects.all()[:5])
        assert queries_for(client, url) == bare

    def test_an_unpublished_related_post_is_left_out(self, client, demo):
        article, gone, kept = Article.objects.published()[:3]
        RelatedArticle.objects.filter(article=article).delete()
        RelatedArticle.objects.create(article=article, related=gone, rank=1, score=1)
        RelatedArticle.objects.create(article=article, related=kept, rank=2, score=1)
        Article.objects.filter(pk=gone.pk).update(status=Article.Status.DRAFT)
        related = client.get(article.get_absolute_url()).content.decode().split("Related Posts")[1]
        assert kept.headline in related and gone.headline not in related

    def test_the_plain_sql_reads_match_the_orm(self, demo):
        first, later = Article.objects.published()[:2]
        # Published, but from a minute from now: not live yet.
        Article.objects.filter(pk=later.pk).update(
            published_at=timezone.now() + timedelta(minutes=1)
        )
        RelatedArticle.objects.update_or_create(
            article=first, related=later, defaults={"rank": 0, "score": 1}
        )
        Article.objects.filter(pk=later.pk).update(section=None)
        assert queries.article_by_slug("no-such-article") is None
        for article in Article.objects.all():
            assert fields(queries.article_by_slug(article.slug)) == fields(article)
            assert queries.authors_of(article.pk) == list(article.authors.all())
            assert queries.tags_of(article.pk) == list(article.tags.all())
            live = article.related_links.filter(
                related__status=Article.Status.PUBLISHED,
                related__published_at__lte=timezone.now(),
            )
            expected = [link.related.headline for link in live.order_by("rank")[:4]]
            assert [a.headline for a in queries.related_of(article.pk, 4)] == expected
