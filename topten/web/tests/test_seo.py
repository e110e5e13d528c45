import json
import re

import pytest
from django.conf import settings

from topten.newsroom.models import Article

pytestmark = pytest.mark.django_db


def json_ld(content: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(match[1])


class TestSeo:
    def test_article_has_canonical_open_graph_and_twitter_card(self, client, published):
        content = client.get(published.get_absolute_url()).content.decode()
        canonical = settings.SITE_URL + published.get_absolute_url()
        assert f'<link rel="canonical" href="{canonical}">' in content
        assert f'<meta property="og:url" content="{canonical}">' in content
        assert '<meta property="og:type" content="article">' in content
        assert 'name="twitter:card"' in content

    def test_canonical_uses_site_url_not_the_host_header(self, client, published):
        content = client.get(published.get_absolute_url(), HTTP_HOST="localhost").content.decode()
        assert f'href="{settings.SITE_URL}{published.get_absolute_url()}"' in content

    def test_json_ld_is_a_news_article(self, client, published):
        data = json_ld(client.get(published.get_absolute_url()).content.decode())
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == published.headline
        assert data["author"][0]["name"] == "Lisa Marten"
        assert data["publisher"]["name"] == "Lisa's Top Ten"
        assert data["sourceOrganization"]["name"] == published.source_name

    def test_home_describes_the_website_and_its_search(self, client, demo):
        data = json_ld(client.get("/").content.decode())
        assert data["@type"] == "WebSite" and data["name"] == "Lisa's Top Ten"
        assert data["potentialAction"]["target"].startswith(settings.SITE_URL + "/search/?q=")

    def test_json_ld_cannot_be_broken_out_of(self, client, demo):
        hostile = 'Headline </script><script>alert(1)</script> & "quotes"'
        article = Article.objects.create(headline=hostile, body="<p>x</p>", status="published")
        content = client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in content
        assert json_ld(content)["headline"] == hostile

    def test_public_pages_carry_the_security_headers(self, client, published):
        for url in ["/", published.get_absolute_url(), "/search/?q=x", "/feed/", "/robots.txt"]:
            response = client.get(url)
            csp = response["Content-Security-Policy"]
            assert "object-src 'none'" in csp and "base-uri 'none'" in csp, url
            assert "frame-ancestors" in csp and "script-src 'self'" in csp, url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["Referrer-Policy"], url

    def test_pages_load_nothing_from_third_parties(self, client, published):
        content = client.get(published.get_absolute_url()).content.decode()
        sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', content)
        external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
        assert all(s.startswith(settings.SITE_URL + "/") for s in external), external

    def test_lead_image_has_alt_text_credit_and_srcset(self, client, demo):
        article = Article.objects.published().exclude(lead_image="").first()
        if article is None:
            pytest.skip("the demo articles have no lead image yet")
        content = client.get(article.get_absolute_url()).content.decode()
        figure = content.split('<figure class="lead">')[1].split("</figure>")[0]
        assert 'alt="' in figure and 'alt=""' not in figure
        if article.renditions:
            assert "srcset=" in figure and "w," in figure
        if article.lead_image_credit:
            assert article.lead_image_credit in figure
