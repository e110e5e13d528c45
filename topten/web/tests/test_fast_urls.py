import pytest

from topten.newsroom.models import Article, Author, Section, Tag
from topten.web.seo import path_of

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
