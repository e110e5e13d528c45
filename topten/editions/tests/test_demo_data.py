import pytest

from topten.editions import actions, demo_data
from topten.editions.models import Edition
from topten.newsroom import demo_data as newsroom_demo

pytestmark = pytest.mark.django_db


def load(publication):
    # The demo runs app by app, newsroom first; other apps' demo data is theirs to test.
    newsroom_demo.load(publication)
    demo_data.load(publication)


class TestDemoData:
    def test_the_demo_has_todays_edition_drafted_with_ten_stories(self, publication):
        load(publication)
        edition = actions.todays_edition()
        assert edition.status == Edition.Status.DRAFT
        assert edition.slots.count() == 10
        assert actions.edition_problems(edition) == []

    def test_loading_twice_adds_nothing(self, publication):
        load(publication)
        load(publication)
        assert Edition.objects.count() == 1
        assert actions.todays_edition().slots.count() == 10
