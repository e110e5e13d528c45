import pytest

from topten.mailer import pipeline
from topten.mailer.reports import edition_stats, send_started
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db

KEYS = {
    "recipients",
    "sent",
    "failed",
    "bounced",
    "complained",
    "uncertain",
    "pending",
    "rate_per_s",
    "eta_seconds",
}


class TestReports:
    def test_an_edition_without_a_send_has_zero_figures(self, edition):
        stats = edition_stats(edition)
        assert KEYS <= set(stats) and stats["recipients"] == 0
        assert not send_started(edition)

    def test_a_planned_send_counts_its_waiting_recipients(self, edition, readers):
        readers(7, timezones=("Europe/London", "Asia/Tokyo"))
        pipeline.start_send(edition)
        stats = edition_stats(edition)
        assert (stats["recipients"], stats["pending"], stats["sent"]) == (7, 7, 0)
        assert not send_started(edition)

    def test_a_finished_send_has_its_totals(self, edition, readers, sink):
        readers(9)
        sink.script = lambda rcpt, seen: (
            "550 5.1.1 unknown" if rcpt.startswith("reader3@") else None
        )
        pipeline.send_now(edition)
        drain()
        stats = edition_stats(edition)
        assert (stats["sent"], stats["failed"], stats["bounced"], stats["pending"]) == (8, 1, 1, 0)
        assert stats["eta_seconds"] == 0 and stats["rate_per_s"] > 0
        assert send_started(edition)
