"""sitemap.xml: articles, sections, tags, authors and the home page, with SITE_URL as origin."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from topten.newsroom.models import Article, Author, Section, Tag
from topten.web import conf


class _SiteSitemap(Sitemap):
    """Absolute URLs come from SITE_URL, not the request's Host header."""

    def get_protocol(self, protocol=None):
        return urlsplit(conf.site_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(conf.site_url()).netloc


class ArticleSitemap(_SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


class StaticSitemap(_SiteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["web:home"]

    def location(self, item):
        return reverse(item)


class _ListSitemap(_SiteSitemap):
    changefreq = "daily"
    model = None

    def items(self):
        return self.model.objects.filter(articles__isnull=False).distinct().order_by("pk")


class SectionSitemap(_ListSitemap):
    model = Section


class TagSitemap(_ListSitemap):
    model = Tag


class AuthorSitemap(_ListSitemap):
    model = Author


SITEMAPS = {
    "home": StaticSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
