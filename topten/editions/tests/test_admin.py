import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from topten.editions.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


class TestAdmin:
    def test_the_edition_pages_render(self, admin_client, full_edition):
        slot = full_edition.slots.first()
        for page in [
            reverse("admin:editions_edition_changelist"),
            reverse("admin:editions_edition_change", args=[full_edition.pk]),
            reverse("admin:editions_slot_change", args=[slot.pk]),
            reverse("admin:editions_click_changelist"),
        ]:
            assert admin_client.get(page).status_code == 200, page

    def test_the_schedule_action_goes_through_the_ten_story_rule(self, admin_client, full_edition):
        response = admin_client.post(
            reverse("admin:editions_edition_changelist"),
            {"action": "schedule", "_selected_action": [full_edition.pk]},
            follow=True,
        )
        assert "scheduled" in response.content.decode()
        full_edition.refresh_from_db()
        assert full_edition.status == Edition.Status.SCHEDULED

    def test_a_scheduled_edition_is_read_only_in_the_admin(self, admin_client, full_edition):
        from topten.editions import actions

        actions.schedule_edition(full_edition)
        url = reverse("admin:editions_edition_change", args=[full_edition.pk])
        admin_client.post(url, {"subject": "Changed in the admin"})
        full_edition.refresh_from_db()
        assert full_edition.subject != "Changed in the admin"
