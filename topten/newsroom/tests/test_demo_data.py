import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from topten.core.management.commands.demo import load_demo
from topten.newsroom.demo_articles import ARTICLES
from topten.newsroom.demo_images import CREDIT
from topten.newsroom.models import Article, RelatedArticle

pytestmark = pytest.mark.django_db


class TestDemoData:
    @pytest.fixture(autouse=True)
    def demo(self):
        load_demo()

    def test_it_publishes_a_dozen_articles_of_four_to_six_paragraphs(self):
        articles = Article.objects.published()
        assert articles.count() == len(ARTICLES) == 12
        for article in articles:
            assert 4 <= len(re.findall("<p>", article.body)) <= 6

    def test_every_article_has_a_lead_image_with_credit_and_renditions(self):
        for article in Article.objects.all():
            assert article.lead_image_credit == CREDIT
            assert article.lead_image_alt
            for width in (480, 960, 1600):
                with Image.open(Path(settings.MEDIA_ROOT) / article.renditions[str(width)]) as img:
                    assert img.width == width

    def test_every_article_has_related_posts(self):
        for article in Article.objects.all():
            assert RelatedArticle.objects.filter(article=article).count() == 4

    def test_loading_it_again_adds_nothing(self):
        counts = Article.objects.count(), RelatedArticle.objects.count()
        files = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
        load_demo()
        assert (Article.objects.count(), RelatedArticle.objects.count()) == counts
        assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == files

    def test_an_article_page_shows_the_lead_image_and_its_credit(self, client):
        article = Article.objects.published().first()
        content = client.get(article.get_absolute_url()).content.decode()
        assert article.rendition_url(960) in content
        assert CREDIT in content
        assert "Related Posts" in content
