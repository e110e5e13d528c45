"""The three calls we make to Stripe's API, behind one small interface.

Everything else (the webhook) only receives. `STRIPE_API_BASE` points the SDK at
another address; the tests use a loopback stand-in that answers recorded responses.
"""

import logging

import stripe

from topten.donations import conf

log = logging.getLogger(__name__)


class StripeUnavailable(Exception):
    """Stripe refused or could not be reached; `str()` is safe to show a visitor."""


def _client() -> stripe.StripeClient:
    base = conf.api_base()
    return stripe.StripeClient(
        conf.secret_key(),
        base_addresses={"api": base} if base else None,
        max_network_retries=conf.stripe_max_network_retries(),
        http_client=stripe.RequestsClient(timeout=conf.stripe_timeout()),
    )


def _call(what: str, function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except stripe.AuthenticationError as exc:
        log.error("stripe: %s refused our API key: %s", what, exc)
        raise StripeUnavailable("Donations are misconfigured on our side (payment key refused).")
    except stripe.InvalidRequestError as exc:
        log.error("stripe: %s was invalid: %s", what, exc.user_message or exc)
        raise StripeUnavailable("The payment service refused this request.")
    except stripe.RateLimitError:
        raise StripeUnavailable("The payment service is busy. Please try again in a minute.")
    except stripe.StripeError as exc:
        log.warning("stripe: %s failed: %s", what, exc)
        raise StripeUnavailable(
            "We could not reach the payment service. Please try again in a few minutes."
        )


def create_checkout_session(params: dict, idempotency_key: str) -> tuple[str, str]:
    """Returns (session id, hosted Checkout URL)."""
    session = _call(
        "checkout session",
        _client().v1.checkout.sessions.create,
        params=params,
        options={"idempotency_key": idempotency_key},
    )
    return session.id, session.url


def create_portal_session(customer: str, return_url: str) -> str:
    """Returns the URL of Stripe's customer portal for this customer."""
    session = _call(
        "billing portal session",
        _client().v1.billing_portal.sessions.create,
        params={"customer": customer, "return_url": return_url},
    )
    return session.url


def invoice_payment_intent(invoice_id: str) -> str | None:
    """The PaymentIntent that paid an invoice (API versions from 2025-03-31 no longer put
    it on the invoice itself). Raises StripeUnavailable so the webhook is retried."""
    payments = _call(
        "invoice payments",
        _client().v1.invoice_payments.list,
        params={"invoice": invoice_id, "limit": 10},
    )
    for payment in payments.data:
        row = payment.to_dict()
        inner = row.get("payment") or {}
        if row.get("status") == "paid" and inner.get("payment_intent"):
            intent = inner["payment_intent"]
            return intent if isinstance(intent, str) else intent.get("id")
    return None
