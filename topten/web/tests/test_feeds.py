import feedparser
import pytest
from django.conf import settings
from django.urls import reverse

from topten.newsroom.models import Article

pytestmark = pytest.mark.django_db


class TestFeeds:
    @pytest.mark.parametrize("name", ["web:rss", "web:atom"])
    def test_site_feed_parses_with_the_latest_articles(self, client, published, name):
        response = client.get(reverse(name))
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.title == "Lisa's Top Ten"
        assert feed.entries[0].title == published.headline
        assert feed.entries[0].link == settings.SITE_URL + published.get_absolute_url()
        assert len(feed.entries) == Article.objects.published().count()

    @pytest.mark.parametrize("name", ["web:section_rss", "web:section_atom"])
    def test_section_feed_holds_only_that_section(self, client, published, name):
        section = published.section
        response = client.get(reverse(name, args=[section.slug]))
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        expected = set(
            Article.objects.published().filter(section=section).values_list("headline", flat=True)
        )
        assert {entry.title for entry in feed.entries} == expected

    def test_unknown_section_feed_is_404(self, client, demo):
        assert client.get(reverse("web:section_rss", args=["no-such-section"])).status_code == 404

    def test_drafts_stay_out_of_the_feed(self, client, demo):
        Article.objects.create(headline="Draft in progress", body="<p>x</p>")
        assert b"Draft in progress" not in client.get(reverse("web:rss")).content

    def test_pages_announce_the_feeds(self, client, published):
        content = client.get("/").content.decode()
        assert 'type="application/rss+xml"' in content and 'type="application/atom+xml"' in content
