from itertools import permutations

import pytest

from topten.donations.models import Donation, Donor, Pledge, StripeEvent
from topten.donations.tests.conftest import deliver_recorded, open_checkout
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db

MONTHLY_EVENTS = [
    "evt_checkout_session_completed_subscription.json",
    "evt_invoice_paid_first.json",
    "evt_charge_refunded_monthly.json",
    "evt_customer_subscription_deleted.json",
]


def _forget_everything():
    for model in [StripeEvent, Donation, Pledge, Donor, QueuedEmail]:
        model.objects.all().delete()


class TestEventOrdering:
    def test_a_refund_before_the_checkout_completed_ends_refunded(self, client, stripe_keys):
        deliver_recorded(client, "evt_charge_refunded_full.json")
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        donation = Donation.objects.get()
        assert donation.status == "refunded"
        assert (donation.amount, donation.amount_refunded) == (2500, 2500)
        assert donation.stripe_checkout_session_id.startswith("cs_test_a1")
        assert donation.stripe_charge_id == "ch_3QOneTimeDonation0000001"

    def test_no_thank_you_is_sent_for_a_gift_refunded_before_we_heard_of_it(
        self, client, stripe_keys
    ):
        deliver_recorded(client, "evt_charge_refunded_full.json")
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        assert not QueuedEmail.objects.filter(kind="receipt").exists()

    def test_invoice_paid_before_the_checkout_completed_makes_one_monthly_donation(
        self, client, stripe_api
    ):
        intent = open_checkout(
            client, stripe_api, frequency="monthly", amount="1000", public_message="Keep going"
        )
        deliver_recorded(client, "evt_invoice_paid_first.json", intent)
        deliver_recorded(client, "evt_checkout_session_completed_subscription.json", intent)
        donation = Donation.objects.get()
        assert (donation.kind, donation.status, donation.amount) == ("monthly", "paid", 1041)
        assert donation.public_message == "Keep going"
        assert donation.stripe_payment_intent_id == "pi_3QMonthlyFirst00000001"
        assert donation.pledge.intent == intent

    def test_subscription_deleted_before_invoice_paid_keeps_the_pledge_cancelled(
        self, client, stripe_api
    ):
        deliver_recorded(client, "evt_customer_subscription_deleted.json")
        deliver_recorded(client, "evt_invoice_paid_first.json")
        deliver_recorded(client, "evt_checkout_session_completed_subscription.json")
        pledge = Pledge.objects.get()
        assert not pledge.is_active
        assert pledge.stripe_customer_id == "cus_RMonthlyDonor0001"
        assert Donation.objects.get().status == "paid"

    def test_a_monthly_refund_lands_on_its_donation_even_before_invoice_paid(
        self, client, stripe_api
    ):
        for order in permutations(
            ["evt_checkout_session_completed_subscription.json", "evt_charge_refunded_monthly.json"]
        ):
            _forget_everything()
            for name in order:
                deliver_recorded(client, name)
            donation = Donation.objects.get()
            assert (donation.kind, donation.status) == ("monthly", "refunded")
            assert donation.stripe_invoice_id == "in_1QMonthlyFirst00000001"

    def test_a_partial_refund_arriving_after_the_full_refund_does_not_undo_it(
        self, client, stripe_keys
    ):
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        deliver_recorded(client, "evt_charge_refunded_full.json")
        deliver_recorded(client, "evt_charge_refunded_partial.json")
        donation = Donation.objects.get()
        assert (donation.status, donation.amount_refunded) == ("refunded", 2500)

    def test_every_order_of_the_monthly_events_ends_in_the_same_state(self, client, stripe_api):
        outcomes = set()
        for order in permutations(MONTHLY_EVENTS):
            _forget_everything()
            for name in order:
                deliver_recorded(client, name)
            donation = Donation.objects.get()
            pledge = Pledge.objects.get()
            outcomes.add(
                (
                    donation.kind,
                    donation.status,
                    donation.amount,
                    donation.amount_refunded,
                    donation.stripe_invoice_id,
                    donation.stripe_charge_id,
                    donation.donor_email,
                    donation.pledge_id == pledge.pk,
                    pledge.is_active,
                    Donor.objects.count(),
                )
            )
        assert outcomes == {
            (
                "monthly",
                "refunded",
                1041,
                1041,
                "in_1QMonthlyFirst00000001",
                "ch_3QMonthlyFirst00000001",
                "grace@example.org",
                True,
                False,
                1,
            )
        }
