import pytest

from topten.editions import actions
from topten.editions.models import Edition

pytestmark = pytest.mark.django_db


class TestExactlyTenRule:
    def test_nine_stories_cannot_be_scheduled(self, edition, articles):
        for article in articles[:9]:
            actions.add_slot_from_article(edition, article)
        with pytest.raises(actions.EditionInvalid) as error:
            actions.schedule_edition(edition)
        assert "exactly 10 stories; it has 9" in str(error.value)
        assert Edition.objects.get(pk=edition.pk).status == Edition.Status.DRAFT

    def test_ten_complete_stories_can_be_scheduled(self, full_edition, editor):
        actions.schedule_edition(full_edition, user=editor)
        full_edition.refresh_from_db()
        assert full_edition.status == Edition.Status.SCHEDULED
        assert full_edition.scheduled_at is not None
        assert full_edition.scheduled_by == editor

    def test_an_eleventh_story_is_refused(self, full_edition, articles):
        with pytest.raises(actions.EditionFull):
            actions.add_slot_from_article(full_edition, articles[10])
        assert full_edition.slots.count() == 10

    def test_a_story_without_blurb_blocks_scheduling(self, full_edition):
        slot = full_edition.slots.get(position=4)
        actions.update_slot(slot, headline="H", blurb="", sources=[("AFP", "https://a.test/")])
        with pytest.raises(actions.EditionInvalid) as error:
            actions.schedule_edition(full_edition)
        assert error.value.problems == ["Story 4 has no blurb."]

    def test_an_empty_subject_blocks_scheduling(self, full_edition):
        actions.update_edition(full_edition, subject="  ")
        with pytest.raises(actions.EditionInvalid) as error:
            actions.schedule_edition(full_edition)
        assert "The subject is empty." in error.value.problems

    def test_a_past_date_blocks_scheduling(self, full_edition):
        from datetime import timedelta

        Edition.objects.filter(pk=full_edition.pk).update(
            date=full_edition.date - timedelta(days=2)
        )
        full_edition.refresh_from_db()
        with pytest.raises(actions.EditionInvalid) as error:
            actions.schedule_edition(full_edition)
        assert any("has passed" in p for p in error.value.problems)

    def test_scheduling_stores_the_tracked_links(self, full_edition):
        actions.schedule_edition(full_edition)
        full_edition.refresh_from_db()
        assert len(full_edition.links) == 10
        assert full_edition.links[0]["slot"] == 1
        assert full_edition.links[0]["url"].startswith("http://")
