import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from topten.mailer.models import Send

pytestmark = pytest.mark.django_db


class TestSendCommand:
    def test_it_sends_now_and_reports_progress(self, edition, readers, sink, capsys):
        readers(15)
        call_command("send", edition.date.isoformat(), "--now")
        out = capsys.readouterr().out
        assert "15/15 sent" in out and "sent 15 of 15" in out
        assert len(sink.accepted()) == 15
        assert Send.objects.get().status == Send.Status.SENT

    def test_a_bad_date_is_a_clear_error(self, publication):
        with pytest.raises(CommandError, match="not a date"):
            call_command("send", "2026-13-45", "--now")

    def test_a_missing_edition_says_how_to_draft_one(self, publication):
        with pytest.raises(CommandError, match="editions draft 2026-01-02"):
            call_command("send", "2026-01-02", "--now")

    def test_a_sent_edition_is_not_sent_again(self, edition, readers, sink):
        readers(2)
        call_command("send", edition.date.isoformat(), "--now")
        with pytest.raises(CommandError, match="cannot be sent again"):
            call_command("send", edition.date.isoformat(), "--now")
        assert len(sink.accepted()) == 2

    def test_resume_needs_a_paused_send(self, edition, readers, sink):
        readers(1)
        call_command("send", edition.date.isoformat(), "--now")
        with pytest.raises(CommandError, match="not paused"):
            call_command("send", edition.date.isoformat(), "--resume")

    def test_an_incomplete_draft_lists_its_problems(self, publication):
        from topten.editions.actions import start_edition

        day = dt.date.today() + dt.timedelta(days=2)
        start_edition(day)
        with pytest.raises(CommandError, match="cannot be sent"):
            call_command("send", day.isoformat(), "--now")
        assert not Send.objects.exists()

    def test_cancelling_the_edition_stops_its_send(self, edition, readers, sink):
        from topten.editions.models import Edition
        from topten.mailer import pipeline

        readers(3)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.CANCELLED)
        pipeline.start_due_sends()
        assert Send.objects.get().status == Send.Status.CANCELLED
        assert pipeline.claim_batch() is None
