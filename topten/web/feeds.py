"""RSS 2.0 and Atom feeds of the latest articles, for the whole site and for each section."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from topten.newsroom.models import Article, Publication, Section
from topten.web import seo
from topten.web.cache import public_page

FEED_SIZE = 30


def _latest():
    return Article.objects.published().select_related("section").prefetch_related("authors")


class LatestArticlesFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        return public_page(super().__call__)(request, *args, **kwargs)

    def title(self):
        return Publication.current().name

    def description(self):
        return Publication.current().tagline

    subtitle = description

    def link(self):
        return seo.absolute(reverse("web:home"))

    def feed_url(self):
        return seo.absolute(reverse("web:rss"))

    def items(self):
        return _latest()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst or item.body

    def item_link(self, item):
        return seo.absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(a.name for a in item.authors.all()) or None

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def feed_url(self):
        return seo.absolute(reverse("web:atom"))


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{Publication.current().name}: {obj.name}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} articles."

    subtitle = description

    def link(self, obj):
        return seo.absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        return seo.absolute(reverse("web:section_rss", args=[obj.slug]))

    def items(self, obj):
        return _latest().filter(section=obj)[:FEED_SIZE]


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def feed_url(self, obj):
        return seo.absolute(reverse("web:section_atom", args=[obj.slug]))
