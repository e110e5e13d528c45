from urllib.parse import parse_qs

import pytest

from topten.donations.models import DonationIntent
from topten.donations.tests.conftest import recorded

pytestmark = pytest.mark.django_db
SESSIONS = "/v1/checkout/sessions"


def _form(**overrides):
    return {"frequency": "once", "amount": "2500", "custom_amount": "", **overrides}


def _sent(stripe_api) -> dict:
    request, _ = stripe_api.log[-1]
    return {k: v[0] for k, v in parse_qs(request.get_data(as_text=True)).items()}


class TestCheckoutSession:
    def test_a_one_time_gift_opens_a_payment_checkout_and_redirects_with_303(
        self, client, stripe_api
    ):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_checkout_session_payment.json")
        )
        response = client.post("/donate/", _form())
        assert response.status_code == 303
        assert response["Location"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
        sent = _sent(stripe_api)
        intent = DonationIntent.objects.get()
        assert sent["mode"] == "payment"
        assert sent["line_items[0][price_data][unit_amount]"] == "2500"
        assert sent["line_items[0][price_data][currency]"] == "eur"
        assert sent["metadata[donation_intent]"] == str(intent.public_id)
        assert sent["payment_intent_data[metadata][donation_intent]"] == str(intent.public_id)
        assert (
            sent["success_url"]
            == f"https://topten.example/donate/thanks/?intent={intent.public_id}"
        )
        assert sent["cancel_url"].startswith("https://topten.example/donate/cancelled/")
        assert intent.state == "open"
        assert intent.stripe_checkout_session_id.startswith("cs_test_a1")

    def test_the_request_carries_our_key_and_an_idempotency_key(self, client, stripe_api):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_checkout_session_payment.json")
        )
        client.post("/donate/", _form())
        request, _ = stripe_api.log[-1]
        intent = DonationIntent.objects.get()
        assert request.headers["Authorization"] == "Bearer sk_test_51QToptenExampleKey000000000000"
        assert request.headers["Idempotency-Key"] == f"donation-intent-{intent.public_id}"

    def test_a_monthly_gift_opens_a_subscription_checkout_billed_each_month(
        self, client, stripe_api
    ):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_checkout_session_subscription.json")
        )
        response = client.post("/donate/", _form(frequency="monthly", amount="1000"))
        assert response.status_code == 303
        sent = _sent(stripe_api)
        assert sent["mode"] == "subscription"
        assert sent["line_items[0][price_data][recurring][interval]"] == "month"
        assert "subscription_data[metadata][donation_intent]" in sent
        assert "payment_intent_data[metadata][donation_intent]" not in sent

    def test_covering_the_fees_charges_the_grossed_up_total(self, client, stripe_api):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_checkout_session_payment.json")
        )
        client.post("/donate/", _form(amount="1000", cover_fees="on"))
        assert _sent(stripe_api)["line_items[0][price_data][unit_amount]"] == "1041"
        intent = DonationIntent.objects.get()
        assert (intent.gift, intent.fee, intent.total) == (1000, 41, 1041)

    def test_a_custom_amount_is_sent_in_minor_units(self, client, stripe_api):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_checkout_session_payment.json")
        )
        client.post("/donate/", _form(amount="other", custom_amount="12.50"))
        assert _sent(stripe_api)["line_items[0][price_data][unit_amount]"] == "1250"

    def test_a_stripe_error_gives_a_clear_message_not_a_500(self, client, stripe_api):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_error_invalid_request.json"), status=400
        )
        response = client.post("/donate/", _form())
        assert response.status_code == 502
        assert b"The payment service refused this request." in response.content
        assert DonationIntent.objects.get().state == "error"

    def test_a_refused_api_key_is_explained(self, client, stripe_api):
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
            recorded("api_error_authentication.json"), status=401
        )
        response = client.post("/donate/", _form())
        assert response.status_code == 502
        assert b"payment key refused" in response.content

    def test_an_unreachable_stripe_gives_a_clear_message(self, client, stripe_keys):
        response = client.post("/donate/", _form())  # API base is a closed loopback port
        assert response.status_code == 502
        assert b"could not reach the payment service" in response.content

    def test_a_non_https_checkout_url_is_never_followed(self, client, stripe_api):
        session = recorded("api_checkout_session_payment.json")
        session["url"] = "javascript:alert(1)"
        stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(session)
        response = client.post("/donate/", _form())
        assert response.status_code == 502
        assert not response.has_header("Location")

    def test_a_session_id_stripe_already_gave_us_is_refused_not_a_500(self, client, stripe_api):
        for _ in range(2):
            stripe_api.expect_oneshot_request(SESSIONS, method="POST").respond_with_json(
                recorded("api_checkout_session_payment.json")
            )
        assert client.post("/donate/", _form()).status_code == 303
        response = client.post("/donate/", _form())
        assert response.status_code == 502
        assert DonationIntent.objects.filter(state="error").count() == 1
