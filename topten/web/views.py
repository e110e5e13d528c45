from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from topten.newsroom.models import Article, Author, Section, Tag

PAGE_SIZE = 20


def _listing():
    return (
        Article.objects.published()
        .select_related("section")
        .prefetch_related("authors")
        .defer("body")
    )


def home(request):
    return render(request, "web/home.html", {"articles": _listing()[:13]})


def article(request, slug):
    article = get_object_or_404(
        Article.objects.select_related("section").prefetch_related("authors", "tags"), slug=slug
    )
    if not article.is_live:
        from django.http import Http404

        raise Http404("Not published")
    related = [link.related for link in article.related_links.select_related("related")[:4]]
    return render(request, "web/article.html", {"article": article, "related": related})


def _archive(request, title, queryset, heading_object=None):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "web/listing.html", {"title": title, "page": page, "object": heading_object}
    )


def section(request, slug):
    obj = get_object_or_404(Section, slug=slug)
    return _archive(request, obj.name, _listing().filter(section=obj), obj)


def tag(request, slug):
    obj = get_object_or_404(Tag, slug=slug)
    return _archive(request, f"Tagged “{obj.name}”", _listing().filter(tags=obj), obj)


def author(request, slug):
    obj = get_object_or_404(Author, slug=slug)
    return _archive(request, obj.name, _listing().filter(authors=obj), obj)


def not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


def server_error(request):
    return render(request, "web/500.html", status=500)
