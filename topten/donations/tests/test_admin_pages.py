import pytest

from topten.donations.models import Donation, Donor, Pledge
from topten.donations.tests.conftest import deliver_recorded

pytestmark = pytest.mark.django_db


class TestAdminPages:
    def test_every_donations_admin_page_renders(self, staff_client, stripe_api):
        deliver_recorded(staff_client, "evt_checkout_session_completed_subscription.json")
        deliver_recorded(staff_client, "evt_charge_refunded_monthly.json")
        urls = [
            "/admin/donations/donation/",
            "/admin/donations/donor/",
            "/admin/donations/pledge/",
            "/admin/donations/donationintent/",
            "/admin/donations/stripeevent/",
            "/admin/donations/donation/totals/",
            f"/admin/donations/donation/{Donation.objects.get().pk}/change/",
            f"/admin/donations/donor/{Donor.objects.get().pk}/change/",
            f"/admin/donations/pledge/{Pledge.objects.get().pk}/change/",
        ]
        for url in urls:
            assert staff_client.get(url).status_code == 200, url

    def test_staff_cannot_invent_a_donation(self, staff_client, stripe_keys):
        assert staff_client.get("/admin/donations/donation/add/").status_code == 403

    def test_staff_may_hide_an_abusive_message(self, staff_client, stripe_keys):
        deliver_recorded(staff_client, "evt_checkout_session_completed_payment.json")
        donation = Donation.objects.get()
        response = staff_client.post(
            "/admin/donations/donation/",
            {"action": "hide_messages", "_selected_action": [donation.pk]},
        )
        assert response.status_code == 302
        donation.refresh_from_db()
        assert donation.message_hidden

    def test_the_changelist_links_to_totals_and_export(self, staff_client, stripe_keys):
        body = staff_client.get("/admin/donations/donation/").content.decode()
        assert "/admin/donations/donation/totals/" in body
        assert "/admin/donations/donation/export/" in body
