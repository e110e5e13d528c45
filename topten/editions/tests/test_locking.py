import pytest

from topten.editions import actions
from topten.editions.models import Edition

pytestmark = pytest.mark.django_db


class TestLocking:
    def test_a_scheduled_edition_refuses_every_edit(self, full_edition, articles):
        actions.schedule_edition(full_edition)
        slot = full_edition.slots.first()
        attempts = [
            lambda: actions.update_edition(full_edition, subject="New"),
            lambda: actions.move_slot(slot, 3),
            lambda: actions.remove_slot(slot),
            lambda: actions.update_slot(slot, headline="X", blurb="Y.", sources=[]),
            lambda: actions.add_slot_from_article(full_edition, articles[11]),
        ]
        for attempt in attempts:
            with pytest.raises(actions.EditionLocked, match="unschedule it"):
                attempt()
        assert full_edition.slots.get(position=1).headline == slot.headline

    def test_a_stale_copy_cannot_edit_a_scheduled_edition(self, full_edition):
        stale = Edition.objects.get(pk=full_edition.pk)
        actions.schedule_edition(full_edition)
        with pytest.raises(actions.EditionLocked):
            actions.update_edition(stale, subject="Sneaky")

    def test_unscheduling_makes_it_editable_again(self, full_edition):
        actions.schedule_edition(full_edition)
        actions.unschedule_edition(full_edition)
        actions.update_edition(full_edition, subject="Changed")
        full_edition.refresh_from_db()
        assert (full_edition.status, full_edition.subject) == ("draft", "Changed")
        assert full_edition.scheduled_at is None

    def test_unscheduling_is_refused_once_the_send_has_started(self, full_edition, monkeypatch):
        import topten.mailer.reports

        monkeypatch.setattr(topten.mailer.reports, "send_started", lambda e: True)
        actions.schedule_edition(full_edition)
        with pytest.raises(actions.EditionLocked, match="send has started"):
            actions.unschedule_edition(full_edition)

    def test_only_a_scheduled_edition_can_be_unscheduled(self, full_edition):
        with pytest.raises(actions.EditionLocked):
            actions.unschedule_edition(full_edition)

    def test_a_cancelled_edition_is_locked_until_reopened(self, full_edition):
        actions.cancel_edition(full_edition)
        with pytest.raises(actions.EditionLocked, match="no longer be edited"):
            actions.update_edition(full_edition, subject="X")
        actions.reopen_edition(full_edition)
        actions.update_edition(full_edition, subject="X")

    def test_a_sent_edition_cannot_be_cancelled(self, full_edition):
        Edition.objects.filter(pk=full_edition.pk).update(status=Edition.Status.SENT)
        with pytest.raises(actions.EditionLocked):
            actions.cancel_edition(full_edition)
