from datetime import date

import pytest

from topten.donations.tests.conftest import deliver_recorded
from topten.donations.totals import monthly_totals

pytestmark = pytest.mark.django_db


class TestRefundTotals:
    def test_a_full_refund_takes_the_gift_out_of_the_month_net(self, client, stripe_keys):
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        [before] = monthly_totals()
        deliver_recorded(client, "evt_charge_refunded_full.json")
        [after] = monthly_totals()
        assert (before.month, before.gross, before.net) == (date(2026, 11, 1), 2500, 2500)
        assert (after.gross, after.refunded, after.net) == (2500, 2500, 0)

    def test_a_partial_refund_leaves_the_rest_in_the_totals(self, client, stripe_keys):
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        deliver_recorded(client, "evt_charge_refunded_partial.json")
        [total] = monthly_totals()
        assert (total.count, total.net) == (1, 1500)

    def test_the_admin_totals_page_shows_the_net_after_refunds(self, staff_client, stripe_api):
        deliver_recorded(staff_client, "evt_checkout_session_completed_payment.json")
        deliver_recorded(staff_client, "evt_invoice_paid_first.json")
        deliver_recorded(staff_client, "evt_charge_refunded_partial.json")
        response = staff_client.get("/admin/donations/donation/totals/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "<svg" in body
        assert "€35.41" in body  # gross: 25.00 + 10.41
        assert "€25.41" in body  # net after the 10.00 refund

    def test_the_donor_list_shows_what_each_donor_gave_net(self, staff_client, stripe_keys):
        deliver_recorded(staff_client, "evt_checkout_session_completed_payment.json")
        deliver_recorded(staff_client, "evt_charge_refunded_partial.json")
        response = staff_client.get("/admin/donations/donor/")
        assert response.status_code == 200
        assert "ada@example.org" in response.content.decode()
        assert "€15.00" in response.content.decode()
