from datetime import datetime, timedelta

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.utils import timezone

from topten.newsroom.models import Article

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class TestSitemaps:
    def test_sitemap_is_valid_xml_listing_every_published_article(self, client, demo):
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        locations = {loc.text for loc in root.iter(f"{SM}loc")}
        for article in Article.objects.published():
            assert settings.SITE_URL + article.get_absolute_url() in locations
        assert settings.SITE_URL + "/" in locations

    def test_news_sitemap_lists_only_the_last_two_days(self, client, demo):
        old = Article.objects.published().first()
        Article.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=3))
        response = client.get("/news-sitemap.xml")
        assert response["Content-Type"].startswith("application/xml")
        root = ElementTree.fromstring(response.content)
        urls = root.findall(f"{SM}url")
        assert urls
        locations = {url.find(f"{SM}loc").text for url in urls}
        assert settings.SITE_URL + old.get_absolute_url() not in locations
        news = urls[0].find(f"{NEWS}news")
        assert news.find(f"{NEWS}publication/{NEWS}name").text == "Lisa's Top Ten"
        assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
        assert news.find(f"{NEWS}title").text
        datetime.fromisoformat(news.find(f"{NEWS}publication_date").text)

    def test_news_sitemap_escapes_headlines(self, client, demo):
        Article.objects.create(headline="Cats & <dogs>", body="<p>x</p>", status="published")
        root = ElementTree.fromstring(client.get("/news-sitemap.xml").content)
        titles = [t.text for t in root.iter(f"{NEWS}title")]
        assert "Cats & <dogs>" in titles

    def test_robots_txt_points_at_both_sitemaps(self, client, demo):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        text = response.content.decode()
        assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
        assert f"Sitemap: {settings.SITE_URL}/news-sitemap.xml" in text
        assert "Disallow: /share/" in text
