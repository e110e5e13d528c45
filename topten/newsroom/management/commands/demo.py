from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from topten.newsroom.actions import publish_article
from topten.newsroom.demo.articles import ARTICLES
from topten.newsroom.models import Article, Author, Publication, Section, Tag


class Command(BaseCommand):
    help = "Load the demo publication (Lisa's Top Ten) with a dozen fictional articles."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data exists.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Publication.objects.exists():
            self.stdout.write("demo: the database already has a publication; skipped")
            return
        with transaction.atomic():
            load_demo()
        self.stdout.write(self.style.SUCCESS(f"demo: loaded {len(ARTICLES)} articles"))


def load_demo() -> Publication:
    pub, _ = Publication.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Lisa's Top Ten",
            "tagline": "Home of Lisa's Top Ten, the daily email that brings you the world",
            "legal_name": "Lisa's Top Ten Media (demo)",
            "postal_address": "1 Example Street, 10115 Berlin, Germany",
            "from_email": "news@topten.localhost",
        },
    )
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
    return pub
