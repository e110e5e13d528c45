from datetime import datetime
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import get_language

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
def memo_date(value, fmt) -> str:
    """`|date:fmt`, remembered in this process: pages format the same publication dates
    over and over, and one |date:"j M Y" cost 37 µs (month names are translated)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):  # an aware datetime equals its UTC twin: keep the zone
        return _formatted(value.replace(tzinfo=None), value.fold, value.tzinfo, fmt, get_language())
    return _formatted(value, 0, None, fmt, get_language())


@lru_cache(maxsize=4096)
def _formatted(value, fold, tzinfo, fmt, language) -> str:
    if tzinfo is not None or fold:
        value = value.replace(tzinfo=tzinfo, fold=fold)
    return formats.date_format(value, fmt)


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
def signup_box(context):
    """audience/_signup_box.html, rendered once per content version: it shows only the
    publication's name and consent text and holds no CSRF token (the page cache already
    shares it between readers), and rendering it cost 0.16 ms a page."""
    publication = context["publication"]
    return STORE.memo(
        "signup_box",
        lambda: render_to_string("audience/_signup_box.html", {"publication": publication}),
    )


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article, authors):
    return seo.json_ld(seo.news_article(article, context["publication"], authors))


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return seo.json_ld(seo.website(context["publication"]))
