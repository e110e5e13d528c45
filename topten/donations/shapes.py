"""Read what we need from Stripe objects (plain dicts from the webhook body).

Stripe moved some fields in API version 2025-03-31 ("basil"): an invoice's
subscription went to `parent.subscription_details`, its payment intent and charge to
`payments`, and a charge lost its `invoice`. These readers accept both shapes so the
webhook works whatever API version the endpoint was created with.
"""

from dataclasses import dataclass
from datetime import UTC, datetime


def when(timestamp) -> datetime | None:
    if timestamp in (None, ""):
        return None
    return datetime.fromtimestamp(int(timestamp), tz=UTC)


def _id(value) -> str:
    """An expandable field is an id string or an expanded object with an id."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Payment:
    """The facts one Stripe object tells us about one payment."""

    amount: int = 0
    currency: str = ""
    email: str = ""
    name: str = ""
    customer: str = ""
    checkout_session: str = ""
    payment_intent: str = ""
    charge: str = ""
    invoice: str = ""
    subscription: str = ""
    intent_id: str = ""  # our DonationIntent.public_id from metadata
    livemode: bool = False


def checkout_session(session: dict) -> Payment:
    details = _dict(session.get("customer_details"))
    metadata = _dict(session.get("metadata"))
    return Payment(
        amount=int(session.get("amount_total") or 0),
        currency=(session.get("currency") or "").upper(),
        email=details.get("email") or session.get("customer_email") or "",
        name=details.get("name") or "",
        customer=_id(session.get("customer")),
        checkout_session=session.get("id") or "",
        payment_intent=_id(session.get("payment_intent")),
        invoice=_id(session.get("invoice")),
        subscription=_id(session.get("subscription")),
        intent_id=metadata.get("donation_intent") or session.get("client_reference_id") or "",
        livemode=bool(session.get("livemode")),
    )


def invoice_subscription_details(invoice: dict) -> dict:
    parent = _dict(invoice.get("parent"))
    return _dict(parent.get("subscription_details")) or _dict(invoice.get("subscription_details"))


def invoice(inv: dict) -> Payment:
    details = invoice_subscription_details(inv)
    subscription = _id(inv.get("subscription")) or _id(details.get("subscription"))
    payment_intent = _id(inv.get("payment_intent"))
    charge = _id(inv.get("charge"))
    for row in _dict(inv.get("payments")).get("data") or []:
        inner = _dict(row.get("payment"))
        if row.get("status") == "paid" and inner.get("payment_intent"):
            payment_intent = payment_intent or _id(inner.get("payment_intent"))
            charge = charge or _id(inner.get("charge"))
    return Payment(
        amount=int(inv.get("amount_paid") or 0),
        currency=(inv.get("currency") or "").upper(),
        email=inv.get("customer_email") or "",
        name=inv.get("customer_name") or "",
        customer=_id(inv.get("customer")),
        payment_intent=payment_intent,
        charge=charge,
        invoice=inv.get("id") or "",
        subscription=subscription,
        intent_id=_dict(details.get("metadata")).get("donation_intent", ""),
        livemode=bool(inv.get("livemode")),
    )


def invoice_paid_at(inv: dict):
    return when(_dict(inv.get("status_transitions")).get("paid_at"))


def charge(ch: dict) -> Payment:
    billing = _dict(ch.get("billing_details"))
    metadata = _dict(ch.get("metadata"))
    return Payment(
        amount=int(ch.get("amount") or 0),
        currency=(ch.get("currency") or "").upper(),
        email=billing.get("email") or ch.get("receipt_email") or "",
        name=billing.get("name") or "",
        customer=_id(ch.get("customer")),
        payment_intent=_id(ch.get("payment_intent")),
        charge=ch.get("id") or "",
        invoice=_id(ch.get("invoice")),
        intent_id=metadata.get("donation_intent", ""),
        livemode=bool(ch.get("livemode")),
    )


def subscription(sub: dict) -> Payment:
    items = _dict(sub.get("items")).get("data") or [{}]
    price = _dict(items[0].get("price"))
    quantity = int(items[0].get("quantity") or 1)
    return Payment(
        amount=int(price.get("unit_amount") or 0) * quantity,
        currency=(price.get("currency") or sub.get("currency") or "").upper(),
        customer=_id(sub.get("customer")),
        subscription=sub.get("id") or "",
        intent_id=_dict(sub.get("metadata")).get("donation_intent", ""),
        livemode=bool(sub.get("livemode")),
    )


def subscription_ended_at(sub: dict):
    return when(sub.get("ended_at")) or when(sub.get("canceled_at"))
