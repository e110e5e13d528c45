import json
import time

import pytest
import time_machine
from django.test import Client

from topten.donations.models import Donation, StripeEvent
from topten.donations.tests.conftest import WEBHOOK_URL, deliver, recorded_text, sign

pytestmark = pytest.mark.django_db
EVENT = "evt_checkout_session_completed_payment.json"


class TestWebhookSignature:
    def test_a_fresh_valid_signature_is_accepted_and_recorded(self, client, stripe_keys):
        response = deliver(client, recorded_text(EVENT))
        assert response.status_code == 200
        assert Donation.objects.get().status == "paid"

    def test_a_signature_301_seconds_old_is_rejected(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        header = sign(payload, timestamp=int(time.time()))
        with time_machine.travel(time.time() + 301, tick=False):
            response = deliver(client, payload, header=header)
        assert response.status_code == 400
        assert not StripeEvent.objects.exists()

    def test_a_signature_299_seconds_old_is_still_accepted(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        header = sign(payload, timestamp=int(time.time()))
        with time_machine.travel(time.time() + 299, tick=False):
            response = deliver(client, payload, header=header)
        assert response.status_code == 200

    def test_a_tampered_body_is_rejected(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        header = sign(payload)
        response = deliver(
            client, payload.replace('"amount_total": 2500', '"amount_total": 9'), header=header
        )
        assert response.status_code == 400
        assert not Donation.objects.exists()

    def test_a_tampered_signature_is_rejected(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        header = sign(payload)
        forged = header[:-1] + ("0" if header[-1] != "0" else "1")
        assert deliver(client, payload, header=forged).status_code == 400

    def test_a_re_serialised_body_is_rejected(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        header = sign(payload)
        same_json = json.dumps(json.loads(payload), separators=(",", ":"), sort_keys=True)
        assert json.loads(same_json) == json.loads(payload)
        assert deliver(client, same_json, header=header).status_code == 400
        assert not StripeEvent.objects.exists()

    def test_a_signature_made_with_another_secret_is_rejected(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        header = sign(payload, secret="whsec_someone_else")
        assert deliver(client, payload, header=header).status_code == 400

    def test_a_missing_or_garbled_header_is_rejected(self, client, stripe_keys):
        payload = recorded_text(EVENT)
        for header in ["", "garbage", "t=abc,v1=00", "v1=deadbeef"]:
            assert deliver(client, payload, header=header).status_code == 400

    def test_a_body_that_is_not_utf8_is_rejected(self, client, stripe_keys):
        response = client.post(
            WEBHOOK_URL,
            data=b"\xff\xfe{}",
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE="t=1,v1=00",
        )
        assert response.status_code == 400

    def test_a_signed_body_that_is_not_an_event_is_rejected(self, client, stripe_keys):
        for payload in ["[]", '{"id": "evt_1"}', "not json"]:
            assert deliver(client, payload).status_code == 400

    def test_get_is_not_allowed(self, client, stripe_keys):
        assert client.get(WEBHOOK_URL).status_code == 405

    def test_without_a_webhook_secret_nothing_is_accepted(self, client, stripe_keys):
        stripe_keys.STRIPE_WEBHOOK_SECRET = ""
        response = deliver(client, recorded_text(EVENT))
        assert response.status_code == 503
        assert not Donation.objects.exists()

    def test_the_webhook_needs_no_csrf_token(self, stripe_keys):
        strict = Client(enforce_csrf_checks=True)
        assert deliver(strict, recorded_text(EVENT)).status_code == 200
