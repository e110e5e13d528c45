import pytest
from django.urls import reverse

from topten.editions import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def paused_send(full_edition):
    from topten.mailer.models import Send
    from topten.mailer.pipeline import start_send

    actions.schedule_edition(full_edition)
    send = start_send(full_edition)
    Send.objects.filter(pk=send.pk).update(
        status=Send.Status.PAUSED, paused_reason="Too many permanent failures."
    )
    return send


class TestDeskResume:
    def test_the_desk_shows_why_a_send_is_paused(self, desk, full_edition, paused_send):
        page = desk.get(reverse("editions:desk_edition", args=[full_edition.pk])).content
        assert b"Too many permanent failures." in page
        assert b"Resume sending" in page

    def test_resuming_continues_the_send(self, desk, full_edition, paused_send):
        desk.post(reverse("editions:desk_status", args=[full_edition.pk, "resume"]))
        paused_send.refresh_from_db()
        assert paused_send.status == paused_send.Status.SENDING

    def test_resuming_a_send_that_is_not_paused_is_explained(self, desk, full_edition):
        actions.schedule_edition(full_edition)
        response = desk.post(
            reverse("editions:desk_status", args=[full_edition.pk, "resume"]), follow=True
        )
        assert b"is not paused" in response.content
