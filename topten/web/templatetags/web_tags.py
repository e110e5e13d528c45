from django import template

from topten.web import seo

register = template.Library()


@register.filter
def srcset(article) -> str:
    """`url 480w, url 960w, ...` from the article's lead-image renditions."""
    widths = sorted(int(w) for w in (article.renditions or {}) if str(w).isdigit())
    return ", ".join(f"{article.rendition_url(w)} {w}w" for w in widths)


@register.filter
def rendition(article, width) -> str:
    return article.rendition_url(int(width)) if article.lead_image else ""


@register.filter
def absolute(url) -> str:
    return seo.absolute(str(url))


@register.simple_tag
def json_ld(data):
    return seo.json_ld(data)


@register.simple_tag
def sections():
    from topten.newsroom.models import Section

    return list(
        Section.objects.filter(articles__isnull=False).distinct().order_by("position", "name")
    )
