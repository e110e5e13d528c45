import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from topten.newsroom.models import Article, Author, RelatedArticle, Tag

pytestmark = pytest.mark.django_db


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
