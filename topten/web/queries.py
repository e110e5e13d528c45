"""The article page's reads, in plain SQL.

Each of these is a lookup by one indexed key that SQLite answers in about 10 µs, but the
ORM spent 0.2-0.3 ms building and compiling every one of them, on every page view (issue
2: the uncached article page). `Model.objects.raw()` returns the same model instances,
with the same ordering, for about a fifth of that. `test_page_queries` checks the results
against the ORM's, so a renamed column fails a test rather than a page.
"""

from django.db import connection
from django.utils import timezone

from topten.newsroom.models import Article, Author, Section, Tag

_ARTICLE = """
    SELECT a.*, s.name AS section_name, s.slug AS section_slug,
        s.description AS section_description, s.position AS section_position
    FROM newsroom_article a LEFT JOIN newsroom_section s ON s.id = a.section_id
    WHERE a.slug = %s"""
_SECTION_FIELDS = ["id", "name", "slug", "description", "position"]

_AUTHORS = """
    SELECT a.id, a.name, a.slug FROM newsroom_author a
    JOIN newsroom_article_authors t ON t.author_id = a.id
    WHERE t.article_id = %s ORDER BY a.name"""

_TAGS = """
    SELECT g.id, g.name, g.slug FROM newsroom_tag g
    JOIN newsroom_article_tags t ON t.tag_id = g.id
    WHERE t.article_id = %s ORDER BY g.name"""

# Only what web/_card.html shows of a related post: the other fields stay deferred.
_RELATED = """
    SELECT a.id, a.slug, a.headline, a.standfirst, a.source_name, a.status, a.published_at,
        a.lead_image, a.lead_image_alt, a.renditions
    FROM newsroom_relatedarticle r JOIN newsroom_article a ON a.id = r.related_id
    WHERE r.article_id = %s AND a.status = %s AND a.published_at <= %s
    ORDER BY r.rank LIMIT %s"""


def article_by_slug(slug: str) -> Article | None:
    """The article with this slug and its section, as
    `Article.objects.select_related("section").filter(slug=slug).first()` reads them."""
    for article in Article.objects.raw(_ARTICLE, [slug]):
        if article.section_id is not None:
            values = [getattr(article, f"section_{name}") for name in _SECTION_FIELDS]
            article.section = Section.from_db(article._state.db, _SECTION_FIELDS, values)
        return article
    return None


def authors_of(article_id: int) -> list[Author]:
    """The article's authors by name, as `article.authors.all()` lists them."""
    return list(Author.objects.raw(_AUTHORS, [article_id]))


def tags_of(article_id: int) -> list[Tag]:
    """The article's tags by name, as `article.tags.all()` lists them."""
    return list(Tag.objects.raw(_TAGS, [article_id]))


def related_of(article_id: int, limit: int) -> list[Article]:
    """The article's stored related posts that are live, best first, with only the card
    fields loaded."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM would
    params = [article_id, Article.Status.PUBLISHED, now, limit]
    return list(Article.objects.raw(_RELATED, params))
