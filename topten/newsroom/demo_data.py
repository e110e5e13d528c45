from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from topten.newsroom import demo_images, derived
from topten.newsroom.actions import publish_article
from topten.newsroom.demo_articles import ARTICLES, DemoArticle
from topten.newsroom.models import Article, Author, Section, Tag


def load(publication) -> None:
    """Add the demo articles that are missing, with lead images and related posts.

    Idempotent: an article whose slug exists is left as it is (an editor may have changed
    it), except that it gets a lead image if it has none.
    """
    lisa, _ = Author.objects.get_or_create(slug="lisa", defaults={"name": "Lisa Marten"})
    now = timezone.now()
    for i, demo in enumerate(ARTICLES):
        article, created = _get_or_create(demo)
        if created:
            article.authors.add(lisa)
            article.tags.add(*[_tag(name) for name in (demo.section, *demo.tags)])
        if not article.lead_image:
            _add_lead_image(article, demo, seed=i)
        if created:
            publish_article(article, when=now - timedelta(hours=3 * i + 1))
    # Also done after commit by each publish; done here too so the demo is complete
    # inside this transaction (and in tests that never commit).
    derived.rebuild_related()


def _get_or_create(demo: DemoArticle) -> tuple[Article, bool]:
    section, _ = Section.objects.get_or_create(
        slug=slugify(demo.section), defaults={"name": demo.section}
    )
    return Article.objects.get_or_create(
        slug=slugify(demo.headline),
        defaults={
            "headline": demo.headline,
            "standfirst": demo.standfirst,
            "body": "".join(f"<p>{escape(p)}</p>" for p in demo.paragraphs),
            "section": section,
            "source_name": demo.source,
            "republished_from": f"This article was first published by {demo.source}.",
        },
    )


def _tag(name: str) -> Tag:
    tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return tag


# Demo media made by this process, by storage path: written back when the media folder
# is fresh (each test has its own), so loading the demo again costs no image work.
_MADE: dict[str, bytes] = {}


def _add_lead_image(article: Article, demo: DemoArticle, seed: int) -> None:
    name = f"demo/{article.slug[:80]}-{seed}.jpg"
    _restore(name, lambda: demo_images.lead_image(demo.section, seed))
    for path in [p for p in _MADE if p.startswith(f"renditions/demo/{article.slug[:80]}-{seed}-")]:
        _restore(path, lambda path=path: _MADE[path])
    article.lead_image.name = name
    article.lead_image_alt = f"Abstract illustration for the {demo.section} section."
    article.lead_image_caption = demo.caption
    article.lead_image_credit = demo_images.CREDIT
    article.save()
    derived.refresh_renditions(article, reuse=True)
    for key, path in article.renditions.items():
        if key != "source" and path not in _MADE:
            with default_storage.open(path, "rb") as f:
                _MADE[path] = f.read()


def _restore(path: str, make) -> None:
    if not default_storage.exists(path):
        data = _MADE.get(path) or make()
        default_storage.save(path, ContentFile(data))
        _MADE[path] = data
