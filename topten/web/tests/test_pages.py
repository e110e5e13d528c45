import pytest
from django.urls import reverse

from topten.core.management.commands.demo import load_demo
from topten.newsroom.models import Article

pytestmark = pytest.mark.django_db


class TestPages:
    @pytest.fixture(autouse=True)
    def demo(self):
        load_demo()

    def test_home_shows_name_tagline_and_articles(self, client):
        response = client.get("/")
        assert response.status_code == 200
        assert (
            b"Home of Lisa&#x27;s Top Ten, the daily email that brings you the world"
            in response.content
        )
        assert response.content.count(b'class="card"') >= 12

    def test_every_article_page_renders_with_its_source(self, client):
        for article in Article.objects.published():
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert article.source_name.encode() in response.content

    def test_unknown_page_is_a_friendly_404(self, client):
        response = client.get("/news/no-such-story/")
        assert response.status_code == 404
        assert b"Page not found" in response.content

    def test_section_tag_and_author_pages_list_articles(self, client):
        article = Article.objects.published().first()
        for url in [
            article.section.get_absolute_url(),
            article.tags.first().get_absolute_url(),
            reverse("web:author", args=["lisa"]),
        ]:
            response = client.get(url)
            assert response.status_code == 200
            assert article.headline.encode() in response.content
