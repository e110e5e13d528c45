"""Fixtures for the donations tests.

Stripe is beyond this machine, so it is played by recorded, real-shaped JSON in
stripe_data/: API responses served by a pytest-httpserver stand-in on 127.0.0.1
(the stripe SDK is pointed at it through STRIPE_API_BASE), and webhook events that
each test signs with a test secret exactly as Stripe does.
"""

import hashlib
import hmac
import json
import time
from pathlib import Path

import pytest

from topten.newsroom.models import Publication

DATA = Path(__file__).parent / "stripe_data"
WEBHOOK_SECRET = "whsec_test_ToptenDonationsSecret0123456789"
PLACEHOLDER_INTENT = "00000000-0000-4000-8000-000000000000"
WEBHOOK_URL = "/donate/stripe/webhook/"


def recorded_text(name: str, intent=None) -> str:
    text = (DATA / name).read_text()
    if intent is not None:
        text = text.replace(PLACEHOLDER_INTENT, str(intent.public_id))
    return text


def recorded(name: str, intent=None) -> dict:
    return json.loads(recorded_text(name, intent))


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{stamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def deliver(client, payload: str, *, header: str | None = None):
    """POST a webhook body exactly as given, signed freshly unless a header is given."""
    return client.post(
        WEBHOOK_URL,
        data=payload.encode(),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload) if header is None else header,
    )


def deliver_recorded(client, name: str, intent=None):
    response = deliver(client, recorded_text(name, intent))
    assert response.status_code == 200, response.content
    return response.json()["outcome"]


@pytest.fixture
def publication(db):
    return Publication.objects.create(
        name="Lisa's Top Ten",
        legal_name="Lisa's Top Ten Media GmbH",
        postal_address="1 Example Street\n10115 Berlin\nGermany",
        currency="EUR",
        timezone="Europe/Berlin",
    )


@pytest.fixture
def staff_client(client, db):
    """A superuser (the treasurer) logged in; no password, so no slow hashing."""
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("treasurer", "t@example.org", None))
    return client


@pytest.fixture
def stripe_keys(settings, publication):
    """Stripe configured in test mode. The API base points at a closed loopback port
    so a test that forgot the stand-in fails fast instead of reaching the internet."""
    settings.STRIPE_SECRET_KEY = "sk_test_51QToptenExampleKey000000000000"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_51QToptenExampleKey000000000000"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.STRIPE_TIMEOUT = 5
    settings.SITE_URL = "https://topten.example"
    return settings


@pytest.fixture
def stripe_api(stripe_keys, httpserver_ipv4):
    """The loopback stand-in for api.stripe.com, answering the invoice-payment lookups
    the webhook makes; tests add the expectations they exercise."""
    stripe_keys.STRIPE_API_BASE = httpserver_ipv4.url_for("/").rstrip("/")
    for invoice, name in [
        ("in_1QMonthlyFirst00000001", "api_invoice_payments_first.json"),
        ("in_1QMonthlyRenewal000001", "api_invoice_payments_renewal.json"),
    ]:
        httpserver_ipv4.expect_request(
            "/v1/invoice_payments", method="GET", query_string={"invoice": invoice, "limit": "10"}
        ).respond_with_json(recorded(name))
    yield httpserver_ipv4
    httpserver_ipv4.clear()


def open_checkout(client, stripe_api, session_id=None, **form):
    """Go through the donate page as a visitor would; returns the DonationIntent."""
    from topten.donations.models import DonationIntent

    monthly = form.get("frequency") == "monthly"
    name = (
        "api_checkout_session_subscription.json" if monthly else "api_checkout_session_payment.json"
    )
    session = recorded(name)
    session["id"] = session_id or session["id"]
    stripe_api.expect_oneshot_request("/v1/checkout/sessions", method="POST").respond_with_json(
        session
    )
    data = {"frequency": "once", "amount": "2500", "custom_amount": "", **form}
    response = client.post("/donate/", data)
    assert response.status_code == 303, response.content
    return DonationIntent.objects.order_by("-pk").first()
