import datetime as dt

import pytest
import time_machine

from topten.editions import actions
from topten.editions.models import Edition

pytestmark = pytest.mark.django_db


class TestStartEdition:
    def test_from_scratch_it_gets_a_dated_subject(self, publication):
        edition = actions.start_edition(dt.date(2031, 3, 4))
        assert edition.subject == "Lisa's Top Ten: Tuesday 4 March"
        assert edition.status == Edition.Status.DRAFT

    def test_from_the_previous_layout_it_copies_the_frame_not_the_stories(self, full_edition):
        actions.update_edition(
            full_edition,
            subject=f"Top ten, {full_edition.date.day} {full_edition.date:%B}",
            intro="Hello.",
            signoff="Bye, Lisa",
            preheader="Ten things",
        )
        tomorrow = full_edition.date + dt.timedelta(days=1)
        edition = actions.start_edition(tomorrow, from_previous=True)
        assert edition.subject == f"Top ten, {tomorrow.day} {tomorrow:%B}"
        assert (edition.intro, edition.signoff, edition.preheader) == (
            "Hello.",
            "Bye, Lisa",
            "Ten things",
        )
        assert edition.slots.count() == 0

    def test_starting_twice_returns_the_same_edition(self, publication):
        first = actions.start_edition(dt.date(2031, 3, 4))
        assert actions.start_edition(dt.date(2031, 3, 4)) == first
        assert Edition.objects.count() == 1

    def test_each_newsletter_has_its_own_edition_of_a_date(self, publication):
        daily = actions.start_edition(dt.date(2031, 3, 4))
        weekly = actions.start_edition(dt.date(2031, 3, 4), newsletter="weekly")
        assert daily != weekly

    def test_today_follows_the_publication_timezone(self, publication):
        publication.timezone = "Pacific/Auckland"
        publication.save()
        with time_machine.travel(dt.datetime(2031, 3, 4, 12, 0, tzinfo=dt.UTC), tick=False):
            edition = actions.start_edition(dt.date(2031, 3, 5))
            assert actions.todays_edition() == edition
