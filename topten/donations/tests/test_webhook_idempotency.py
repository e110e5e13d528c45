import time

import pytest

from topten.donations.models import Donation, StripeEvent
from topten.donations.tests.conftest import deliver, deliver_recorded, recorded_text, sign
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db


class TestWebhookIdempotency:
    def test_a_duplicate_event_is_processed_once(self, client, stripe_keys):
        first = deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        second = deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        assert first.startswith("donation ")
        assert second == "duplicate"
        assert Donation.objects.count() == 1
        assert StripeEvent.objects.count() == 1
        assert QueuedEmail.objects.filter(kind="receipt").count() == 1

    def test_a_duplicate_refund_is_not_subtracted_twice(self, client, stripe_keys):
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        for _ in range(3):
            deliver_recorded(client, "evt_charge_refunded_partial.json")
        donation = Donation.objects.get()
        assert (donation.status, donation.amount_refunded) == ("partially_refunded", 1000)

    def test_a_redelivery_signed_a_minute_later_is_still_a_duplicate(self, client, stripe_keys):
        payload = recorded_text("evt_checkout_session_completed_payment.json")
        now = int(time.time())
        deliver(client, payload, header=sign(payload, timestamp=now - 60))
        again = deliver(client, payload, header=sign(payload, timestamp=now))
        assert again.json()["outcome"] == "duplicate"
        assert Donation.objects.count() == 1

    def test_an_event_whose_effect_failed_is_processed_again_on_retry(
        self, client, stripe_keys, monkeypatch
    ):
        from topten.donations import actions

        def broken(*args, **kwargs):
            raise RuntimeError("database hiccup")

        monkeypatch.setitem(actions.HANDLERS, "checkout.session.completed", broken)
        client.raise_request_exception = False
        response = deliver(client, recorded_text("evt_checkout_session_completed_payment.json"))
        assert response.status_code == 500
        assert not StripeEvent.objects.exists()
        monkeypatch.undo()
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        assert Donation.objects.get().status == "paid"
