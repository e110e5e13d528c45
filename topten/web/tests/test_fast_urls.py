from datetime import date

import pytest
from django.urls import reverse

from topten.newsroom.models import Article, Author, Section, Tag
from topten.web.seo import day_path, path_of, share_path

pytestmark = pytest.mark.django_db


class TestFastUrls:
    def test_paths_match_get_absolute_url(self):
        for obj in [
            Article(slug="a-story_2"),
            Section(slug="world"),
            Tag(slug="oceans"),
            Author(slug="lisa"),
        ]:
            assert path_of(obj) == obj.get_absolute_url()

    def test_day_paths_match_reverse(self):
        for day in [date(2024, 1, 2), date(1999, 12, 31)]:
            args = [f"{day:%Y}", f"{day:%m}", f"{day:%d}"]
            assert day_path(day) == reverse("web:archive_day", args=args)

    def test_share_paths_match_reverse(self):
        for article_id, network in [(7, "x"), (123456, "copy")]:
            assert share_path(article_id, network) == reverse(
                "web:share", args=[article_id, network]
            )
