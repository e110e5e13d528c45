from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from topten.newsroom.actions import publish_article
from topten.newsroom.demo_articles import ARTICLES
from topten.newsroom.models import Article, Author, Section, Tag


def load(publication) -> None:
    lisa, _ = Author.objects.get_or_create(slug="lisa", defaults={"name": "Lisa Marten"})
    now = timezone.now()
    for i, (section_name, source, headline, standfirst, paragraphs) in enumerate(ARTICLES):
        section, _ = Section.objects.get_or_create(
            slug=slugify(section_name), defaults={"name": section_name}
        )
        tag, _ = Tag.objects.get_or_create(
            slug=slugify(section_name), defaults={"name": section_name}
        )
        article, created = Article.objects.get_or_create(
            slug=slugify(headline),
            defaults={
                "headline": headline,
                "standfirst": standfirst,
                "body": "".join(f"<p>{p}</p>" for p in paragraphs),
                "section": section,
                "source_name": source,
                "republished_from": f"This article was first published by {source}.",
            },
        )
        if created:
            article.authors.add(lisa)
            article.tags.add(tag)
            publish_article(article, when=now - timedelta(hours=3 * i + 1))
