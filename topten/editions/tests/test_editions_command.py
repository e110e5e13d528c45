import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from topten.editions import actions
from topten.editions.models import Edition

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("editions", *args, stdout=out)
    return out.getvalue()


class TestEditionsCommand:
    def test_draft_from_latest_takes_the_ten_newest_articles(self, articles):
        day = actions.publication_today()
        assert "with 10 stories" in run("draft", day.isoformat(), "--from-latest")
        edition = Edition.objects.get(date=day)
        assert edition.slots.get(position=1).article == articles[0]
        assert edition.slots.get(position=10).article == articles[9]

    def test_draft_refuses_with_fewer_than_ten_articles(self, publication):
        from topten.editions.tests.conftest import make_article

        for n in range(3):
            make_article(n)
        with pytest.raises(CommandError, match="Only 3 published articles"):
            run("draft", "2031-01-01", "--from-latest")
        assert not Edition.objects.exists()

    def test_a_bad_date_is_explained(self, publication):
        with pytest.raises(CommandError, match="write it as YYYY-MM-DD"):
            run("draft", "01/02/2031", "--from-latest")

    def test_drafting_an_existing_edition_is_refused(self, full_edition, articles):
        with pytest.raises(CommandError, match="already exists"):
            run("draft", full_edition.date.isoformat(), "--from-latest")

    def test_schedule_schedules_a_complete_edition(self, full_edition):
        assert "scheduled" in run("schedule", full_edition.date.isoformat())
        full_edition.refresh_from_db()
        assert full_edition.status == Edition.Status.SCHEDULED

    def test_schedule_lists_the_problems(self, edition):
        with pytest.raises(CommandError, match="exactly 10 stories"):
            run("schedule", edition.date.isoformat())

    def test_a_missing_edition_is_explained(self, publication):
        with pytest.raises(CommandError, match="No daily edition for 2031-01-01"):
            run("schedule", "2031-01-01")

    def test_list_and_show(self, full_edition):
        assert "10/10" in run("list")
        shown = run("show", full_edition.date.isoformat())
        assert " 1. " in shown and "AFP" in shown

    def test_unschedule_and_cancel(self, full_edition):
        day = full_edition.date.isoformat()
        run("schedule", day)
        run("unschedule", day)
        run("cancel", day)
        full_edition.refresh_from_db()
        assert full_edition.status == Edition.Status.CANCELLED
        assert isinstance(full_edition.date, dt.date)
