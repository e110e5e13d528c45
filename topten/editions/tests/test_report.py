import pytest
from django.urls import reverse
from django.utils import timezone

from topten.editions import actions
from topten.editions.views import record_click
from topten.mailer import reports

pytestmark = pytest.mark.django_db

STATS = {
    "recipients": 1200,
    "sent": 1100,
    "failed": 7,
    "bounced": 3,
    "complained": 1,
    "uncertain": 2,
    "pending": 90,
    "rate_per_s": 850.0,
    "eta_seconds": 1,
}


@pytest.fixture
def mailer_stats(monkeypatch):
    monkeypatch.setattr(reports, "edition_stats", lambda edition: dict(STATS))


@pytest.fixture
def scheduled(full_edition):
    actions.schedule_edition(full_edition)
    full_edition.refresh_from_db()
    return full_edition


class TestReport:
    def test_it_shows_the_delivery_figures_from_the_mailer(self, desk, scheduled, mailer_stats):
        page = desk.get(reverse("editions:report", args=[scheduled.pk])).content.decode()
        for label, value in [("Recipients", 1200), ("Sent", 1100), ("Complained", 1)]:
            assert f"<dt>{label}</dt><dd" in page and f">{value}</dd>" in page

    def test_before_the_send_it_says_not_started(self, desk, scheduled):
        page = desk.get(reverse("editions:report", args=[scheduled.pk])).content.decode()
        assert "Not started." in page

    def test_clicks_per_story_are_drawn_as_bars(self, desk, scheduled):
        for subscriber in (1, 2, 3):
            record_click(scheduled, subscriber, 4, 5)
        record_click(scheduled, 1, 0, 1)
        page = desk.get(reverse("editions:report", args=[scheduled.pk])).content.decode()
        assert "4 clicks in all." in page
        assert "<title" in page and "Clicks per story</title>" in page
        headline = scheduled.slots.get(position=5).headline
        assert f"Story 5, {headline}: 3;" in page

    def test_unsubscribes_on_the_edition_day_are_counted(self, desk, scheduled):
        from topten.audience.models import Subscriber

        Subscriber.objects.create(
            email="gone@example.com", status="unsubscribed", unsubscribed_at=timezone.now()
        )
        page = desk.get(reverse("editions:report", args=[scheduled.pk])).content.decode()
        assert "<dt>Unsubscribes</dt><dd>1</dd>" in page

    def test_progress_json_returns_the_mailer_figures(self, desk, scheduled, mailer_stats):
        body = desk.get(reverse("editions:progress", args=[scheduled.pk])).json()
        assert body["started"] is True
        assert (body["sent"], body["recipients"], body["status"]) == (1100, 1200, "scheduled")

    def test_progress_json_before_the_send(self, desk, scheduled):
        body = desk.get(reverse("editions:progress", args=[scheduled.pk])).json()
        assert body == {"edition": scheduled.pk, "status": "scheduled", "started": False}

    def test_a_send_the_mailer_has_not_started_counts_as_not_started(
        self, desk, scheduled, monkeypatch
    ):
        monkeypatch.setattr(
            reports, "edition_stats", lambda edition: {"status": "not started", "sent": 0}
        )
        body = desk.get(reverse("editions:progress", args=[scheduled.pk])).json()
        assert body["started"] is False

    def test_readers_get_no_progress(self, client, reader, scheduled):
        client.force_login(reader)
        assert client.get(reverse("editions:progress", args=[scheduled.pk])).status_code == 302
