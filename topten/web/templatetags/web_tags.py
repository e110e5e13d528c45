from django import template

from topten.web import seo
from topten.web.cache import STORE

register = template.Library()


@register.filter
def srcset(article, fmt="jpg") -> str:
    """`url 480w, url 960w, ...` of the lead image's renditions in one format."""
    return article.rendition_srcset(fmt) if article.lead_image else ""


@register.filter
def rendition(article, width) -> str:
    """The URL of the smallest rendition at least `width` wide (else the widest)."""
    return seo.rendition_url(article, int(width))


@register.filter
def path(obj) -> str:
    return seo.path_of(obj)


@register.filter(expects_localtime=True)
def iso(value) -> str:
    """`|date:"c"` without the general date formatter: the local time in ISO 8601."""
    return value.isoformat() if value else ""


@register.filter(expects_localtime=True)
def day_path(value) -> str:
    """The path of the day archive a (local) datetime belongs to."""
    return seo.day_path(value)


@register.filter
def absolute(url) -> str:
    return seo.absolute(str(url))


@register.simple_tag
def json_ld(data):
    return seo.json_ld(data)


@register.simple_tag
def sections():
    """The sections with published articles, for the menu (recomputed after each edit)."""
    return STORE.memo("sections", _sections)


def _sections():
    from topten.newsroom.models import Section

    published = Section.objects.filter(articles__status="published")
    return [
        (s.name, s.get_absolute_url()) for s in published.distinct().order_by("position", "name")
    ]


@register.simple_tag
def site_links():
    """The URLs every page links to, reversed once per content version instead of per page
    (reverse() was a fifth of an uncached page's CPU)."""
    return STORE.memo("site_links", _site_links)


def _site_links():
    from django.urls import reverse

    names = ["web:home", "web:rss", "web:atom", "web:search", "editions:index"]
    names += ["audience:index", "donations:index"]
    return {name.replace(":", "_"): reverse(name) for name in names}


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article, authors):
    return seo.json_ld(seo.news_article(article, context["publication"], authors))


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return seo.json_ld(seo.website(context["publication"]))
