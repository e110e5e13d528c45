from datetime import date, datetime, timedelta

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_GET, require_http_methods

from topten.editions.models import Edition
from topten.lib.clientip import client_ip_hash
from topten.newsroom.models import Article, Author, Publication, Section, Tag
from topten.web import actions, queries, search, seo, sharing
from topten.web.cache import public_page

PAGE_SIZE = 20
HOME_SIZE = 13
RELATED_SIZE = 4
NEWS_SITEMAP_DAYS = 2


def _listing():
    """Published articles as cards show them (no body, no authors)."""
    return Article.objects.published().defer("body")


def _latest_edition():
    return (
        Edition.objects.filter(status=Edition.Status.SENT)
        .order_by("-date")
        .prefetch_related("slots")
        .first()
    )


@require_GET
@public_page
def home(request):
    context = {"articles": _listing()[:HOME_SIZE], "edition": _latest_edition()}
    return render(request, "web/home.html", context)


@require_GET
@public_page
def article(request, slug):
    article = queries.article_by_slug(slug)
    if article is None or not article.is_live:
        raise Http404("Not published")
    context = {
        "article": article,
        "authors": queries.authors_of(article.pk),
        "tags": queries.tags_of(article.pk),
        "description": truncatechars(article.standfirst, 300),
        "related": queries.related_of(article.pk, RELATED_SIZE),
        "canonical": seo.absolute(seo.path_of(article)),
        "og_image": seo.lead_image_url(article),
    }
    context["share_links"], context["copy_link"] = _share_links(article)
    return render(request, "web/article.html", context)


def _share_links(article) -> tuple[list, str]:
    """(network, path) of each share network, and the path of copy-link, which the page
    shows last and differently."""
    paths = {slug: seo.share_path(article.pk, slug) for slug in sharing.NETWORKS}
    copy = paths.pop(sharing.COPY)
    return [(sharing.NETWORKS[slug], path) for slug, path in paths.items()], copy


def _page(items, number):
    """One page of a listing; a page that does not exist is a 404, so that crawlers and
    the page cache do not collect endless copies of the last page."""
    try:
        return Paginator(items, PAGE_SIZE).page(number or 1)
    except InvalidPage:
        raise Http404("No such page") from None


def _archive(request, title, queryset, heading_object=None, **extra):
    page = _page(queryset, request.GET.get("page"))
    context = {"title": title, "page": page, "object": heading_object, **extra}
    return render(request, "web/listing.html", context)


@require_GET
@public_page
def section(request, slug):
    obj = get_object_or_404(Section, slug=slug)
    feeds = {
        "rss": reverse("web:section_rss", args=[slug]),
        "atom": reverse("web:section_atom", args=[slug]),
    }
    return _archive(request, obj.name, _listing().filter(section=obj), obj, feeds=feeds)


@require_GET
@public_page
def tag(request, slug):
    obj = get_object_or_404(Tag, slug=slug)
    return _archive(request, f"Tagged “{obj.name}”", _listing().filter(tags=obj), obj)


@require_GET
@public_page
def author(request, slug):
    obj = get_object_or_404(Author, slug=slug)
    return _archive(request, obj.name, _listing().filter(authors=obj), obj)


def _day_range(year: int, month: int | None, day: int | None) -> tuple[datetime, datetime]:
    """The start and end of a year, month or day archive, in the site's time zone."""
    try:
        start = date(year, 1 if month is None else month, 1 if day is None else day)
        if day is not None:
            end = start + timedelta(days=1)
        elif month is not None:
            end = date(year + (month == 12), month % 12 + 1, 1)
        else:
            end = date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise Http404("No such date") from None
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, datetime.min.time(), tz),
        datetime.combine(end, datetime.min.time(), tz),
    )


@require_GET
@public_page
def archive(request, year, month=None, day=None):
    start, end = _day_range(
        int(year), None if month is None else int(month), None if day is None else int(day)
    )
    if start > timezone.now():
        raise Http404("That date is in the future")
    articles = _listing().filter(published_at__gte=start, published_at__lt=end)
    if day is not None:
        title = f"Published on {date_format(start, 'j F Y')}"
    else:
        title = f"Published in {date_format(start, 'Y' if month is None else 'F Y')}"
    return _archive(request, title, articles)


@require_GET
def search_page(request):
    query = request.GET.get("q", "")
    results = search.search_articles(query) if query.strip() else []
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"query": query[: search.MAX_QUERY_CHARS], "page": page, "searched": bool(query)}
    return render(request, "web/search.html", context)


class _ShareRedirect(HttpResponseRedirect):
    allowed_schemes = ["https", "mailto"]


@require_http_methods(["GET", "HEAD"])
def share(request, article_id, network):
    """Count a share, then send the reader to the network (or show the link to copy)."""
    target = sharing.NETWORKS.get(network)
    if target is None:
        raise Http404("Unknown network")
    article = get_object_or_404(
        Article.objects.published().only("pk", "slug", "headline"), pk=article_id
    )
    if _counts_as_share(request, article.pk, network):
        actions.record_share(article.pk, network)
    url = seo.absolute(article.get_absolute_url())
    if network == sharing.COPY:
        if request.GET.get("via") == "js":
            response = HttpResponse(status=204)
        else:
            response = render(request, "web/share_copy.html", {"article": article, "url": url})
    else:
        response = _ShareRedirect(sharing.share_url(target, url, article.headline))
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _counts_as_share(request, article_id: int, network: str) -> bool:
    if request.method != "GET" or sharing.is_prefetch(request.headers):
        return False
    if sharing.is_bot(request.headers.get("User-Agent", "")):
        return False
    return actions.first_share_today(client_ip_hash(request, "share"), article_id, network)


@require_GET
@public_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /share/",
        "Disallow: /search/",
        "Disallow: /outbox/",
        "",
        f"Sitemap: {seo.absolute(reverse('web:sitemap'))}",
        f"Sitemap: {seo.absolute(reverse('web:news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@public_page
def news_sitemap(request):
    """Google News sitemap: articles published in the last two days (at most 1,000)."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("slug", "headline", "published_at")[:1000]
    )
    context = {"articles": articles, "publication": Publication.current()}
    return render(request, "web/news_sitemap.xml", context, content_type="application/xml")


def not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


def server_error(request):
    # No request context: the database may be what failed.
    return HttpResponse(loader.render_to_string("web/500.html"), status=500)
