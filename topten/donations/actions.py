"""Every state change of the donations app: opening a Checkout, recording Stripe events."""

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from topten.donations import conf, shapes, stripe_api
from topten.donations.fees import gross_up, no_fee
from topten.donations.models import (
    Donation,
    DonationIntent,
    Donor,
    Frequency,
    Pledge,
    StripeEvent,
)
from topten.donations.receipts import queue_manage_link, queue_receipt
from topten.donations.states import Status
from topten.newsroom.models import Publication

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Choice:
    """A visitor's validated choice on the donate page."""

    frequency: str
    gift: int  # minor units
    currency: str
    cover_fees: bool = False
    public_name: str = ""
    public_message: str = ""


# --- Opening a Checkout -------------------------------------------------------------


def checkout_params(intent: DonationIntent, publication: Publication) -> dict:
    monthly = intent.frequency == Frequency.MONTHLY
    name = f"{'Monthly donation' if monthly else 'Donation'} to {publication.name}"
    price_data = {
        "currency": intent.currency.lower(),
        "unit_amount": intent.total,
        "product_data": {"name": name},
    }
    if monthly:
        price_data["recurring"] = {"interval": "month"}
    metadata = {"donation_intent": str(intent.public_id)}
    site = conf.site_url()
    params = {
        "mode": "subscription" if monthly else "payment",
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "success_url": f"{site}{reverse('donations:thanks')}?intent={intent.public_id}",
        "cancel_url": f"{site}{reverse('donations:cancelled')}?intent={intent.public_id}",
        "client_reference_id": str(intent.public_id),
        "metadata": metadata,
    }
    if monthly:
        params["subscription_data"] = {"metadata": metadata, "description": name}
    else:
        params["submit_type"] = "donate"
        params["payment_intent_data"] = {"metadata": metadata, "description": name}
    return params


def start_checkout(choice: Choice) -> str:
    """Record the visitor's choice, open a Stripe Checkout Session and return its URL.

    Raises StripeUnavailable (with a message for the visitor) when Stripe refuses.
    """
    gross = gross_up(choice.gift, conf.fee_rule()) if choice.cover_fees else no_fee(choice.gift)
    intent = DonationIntent.objects.create(
        frequency=choice.frequency,
        gift=gross.gift,
        fee=gross.fee,
        total=gross.total,
        currency=choice.currency.upper(),
        public_name=choice.public_name,
        public_message=choice.public_message,
    )
    params = checkout_params(intent, Publication.current())
    try:
        session_id, url = stripe_api.create_checkout_session(
            params, idempotency_key=f"donation-intent-{intent.public_id}"
        )
    except stripe_api.StripeUnavailable as exc:
        intent.state = DonationIntent.State.ERROR
        intent.error = str(exc)
        intent.save(update_fields=["state", "error"])
        raise
    if not (url or "").startswith("https://"):
        # Never redirect a visitor anywhere but an https page Stripe gave us.
        intent.state = DonationIntent.State.ERROR
        intent.error = f"Stripe returned an unusable Checkout URL: {url!r}"[:500]
        intent.save(update_fields=["state", "error"])
        raise stripe_api.StripeUnavailable("The payment service gave an unusable answer.")
    intent.stripe_checkout_session_id = session_id
    intent.state = DonationIntent.State.OPEN
    try:
        with transaction.atomic():
            intent.save(update_fields=["stripe_checkout_session_id", "state"])
    except IntegrityError:  # a session id we already hold: never send two visitors to one
        DonationIntent.objects.filter(pk=intent.pk).update(
            state=DonationIntent.State.ERROR, error=f"Duplicate Checkout Session {session_id}"
        )
        raise stripe_api.StripeUnavailable("The payment service gave an unusable answer.")
    return url


def open_customer_portal(pledge: Pledge) -> str:
    """A Stripe customer portal URL where the donor changes or cancels their pledge."""
    if not pledge.stripe_customer_id:
        raise stripe_api.StripeUnavailable("We have no payment record to manage for this link.")
    url = stripe_api.create_portal_session(
        pledge.stripe_customer_id, return_url=conf.site_url() + reverse("donations:index")
    )
    if not (url or "").startswith("https://"):
        raise stripe_api.StripeUnavailable("The payment service gave an unusable answer.")
    return url


def send_manage_links(email: str) -> int:
    """Email a fresh manage link for each active pledge of this address (silently none)."""
    pledges = Pledge.objects.filter(
        donor__email=email.strip().lower(), cancelled_at__isnull=True
    ).exclude(stripe_customer_id="")
    with transaction.atomic():
        for pledge in pledges:
            queue_manage_link(pledge, pledge.donor.email)
    return len(pledges)


# --- Recording Stripe events --------------------------------------------------------


def process_event(event: dict) -> str:
    """Apply one verified Stripe event exactly once; returns what was done, for the log.

    The StripeEvent row and the event's effects commit together: a crash in between
    leaves neither, and Stripe's next delivery is processed afresh.
    """
    event_id, kind = event["id"], event["type"]
    if StripeEvent.objects.filter(pk=event_id).exists():
        return "duplicate"
    handler = HANDLERS.get(kind)
    obj = event["data"]["object"]
    # Network calls happen before the transaction, so no lock is held while we wait.
    hints = PREPARE[kind](obj) if kind in PREPARE else {}
    created = shapes.when(event["created"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(
                    id=event_id, type=kind, created=created, livemode=bool(event.get("livemode"))
                )
        except IntegrityError:
            return "duplicate"  # a concurrent delivery of the same event won
        outcome = handler(obj, created, **hints) if handler else f"ignored {kind}"
        StripeEvent.objects.filter(pk=event_id).update(outcome=outcome[:300])
    log.info("stripe event %s %s: %s", event_id, kind, outcome)
    return outcome


# Lock order, in every handler: Pledge, then Donor, then Donation. Two events about one
# payment may be processed at once (Stripe sends them in parallel); taking the rows in
# one order means they queue behind each other instead of deadlocking.


def _earliest(current, new):
    if current is None:
        return new
    if new is None:
        return current
    return min(current, new)


def _locked_or_created(model, lookup: Q, create: dict):
    """Select the row for update, or create it; a concurrent insert is caught and re-read."""
    found = model.objects.select_for_update().filter(lookup).order_by("pk").first()
    if found:
        return found
    try:
        with transaction.atomic():
            return model.objects.create(**create)
    except IntegrityError:
        return model.objects.select_for_update().filter(lookup).order_by("pk").get()


def _donor_for(email: str, name: str = "", customer: str = "") -> Donor | None:
    email = (email or "").strip().lower()
    if not email or len(email) > 254:  # longer is no deliverable address (RFC 5321)
        return None
    donor = _locked_or_created(Donor, Q(email=email), {"email": email})
    changed = []
    if name and not donor.name:
        donor.name, changed = name[:200], [*changed, "name"]
    if customer and donor.stripe_customer_id != customer:
        donor.stripe_customer_id, changed = customer, [*changed, "stripe_customer_id"]
    if changed:
        donor.save(update_fields=changed)
    return donor


def _intent_for(payment: shapes.Payment) -> DonationIntent | None:
    lookup = Q(pk__in=[])
    try:
        lookup |= Q(public_id=uuid.UUID(payment.intent_id))
    except ValueError:  # absent, or someone else's metadata
        pass
    if payment.checkout_session:
        lookup |= Q(stripe_checkout_session_id=payment.checkout_session)
    return DonationIntent.objects.filter(lookup).first()


def _pledge_for(payment: shapes.Payment) -> Pledge:
    pledge = _locked_or_created(
        Pledge,
        Q(stripe_subscription_id=payment.subscription),
        {"stripe_subscription_id": payment.subscription},
    )
    if payment.customer and not pledge.stripe_customer_id:
        pledge.stripe_customer_id = payment.customer
    if payment.currency and not pledge.currency:
        pledge.currency = payment.currency
    return pledge


KEY_FIELDS = {
    "payment_intent": "stripe_payment_intent_id",
    "charge": "stripe_charge_id",
    "invoice": "stripe_invoice_id",
}


def _donation_for(payment: shapes.Payment, keys: tuple[str, ...]) -> Donation:
    """The donation these Stripe ids name: found, merged from partial rows, or created."""
    lookup = Q(pk__in=[])
    create = {}
    for key in keys:
        value = getattr(payment, key)
        if value:
            lookup |= Q(**{KEY_FIELDS[key]: value})
            create[KEY_FIELDS[key]] = value
    rows = list(Donation.objects.select_for_update().filter(lookup).order_by("pk"))
    if not rows:
        return _locked_or_created(Donation, lookup, create)
    donation = rows[0]
    for other in rows[1:]:
        _merge(donation, other)
    return donation


def _merge(into: Donation, other: Donation) -> None:
    """Two partial rows turned out to be one payment (ids learnt late): fold the facts."""
    log.warning("donations: merging donation %s into %s", other.pk, into.pk)
    for field in [*KEY_FIELDS.values()]:
        if not getattr(into, field):
            setattr(into, field, getattr(other, field))
    for field in ["stripe_checkout_session_id", "stripe_customer_id", "stripe_subscription_id"]:
        setattr(into, field, getattr(into, field) or getattr(other, field))
    for field in ["donor_email", "donor_name", "public_name", "public_message", "currency"]:
        setattr(into, field, getattr(into, field) or getattr(other, field))
    into.amount = max(into.amount, other.amount)
    into.amount_refunded = max(into.amount_refunded, other.amount_refunded)
    for field in ["paid_at", "failed_at", "refunded_at", "receipt_queued_at"]:
        setattr(into, field, _earliest(getattr(into, field), getattr(other, field)))
    into.donor = into.donor or other.donor
    into.pledge = into.pledge or other.pledge
    into.intent = into.intent or other.intent
    if other.kind == Frequency.MONTHLY:
        into.kind = Frequency.MONTHLY
    other.delete()


def _absorb(donation: Donation, payment: shapes.Payment, *, authoritative: bool) -> None:
    """Fill what this Stripe object knows; ids and names never overwrite earlier ones."""
    for key, field in KEY_FIELDS.items():
        value = getattr(payment, key)
        if value and not getattr(donation, field):
            setattr(donation, field, value)
    pairs = [
        ("stripe_checkout_session_id", payment.checkout_session),
        ("stripe_customer_id", payment.customer),
        ("stripe_subscription_id", payment.subscription),
        ("currency", payment.currency),
        ("donor_email", payment.email.strip().lower()[:254]),
        ("donor_name", payment.name[:200]),
    ]
    for field, value in pairs:
        if value and not getattr(donation, field):
            setattr(donation, field, value)
    if payment.amount and (authoritative or not donation.amount):
        donation.amount = payment.amount
    donation.livemode = donation.livemode or payment.livemode


def _attach_intent(donation: Donation, intent: DonationIntent | None, *, public: bool) -> None:
    if intent is None:
        return
    donation.intent = donation.intent or intent
    donation.fee_covered = intent.fee
    if public and not (donation.public_name or donation.public_message):
        donation.public_name = intent.public_name
        donation.public_message = intent.public_message


def _save(donation: Donation) -> str:
    """Recompute the status from the facts, save, and queue the receipt the first time
    the donation is paid (never for one refunded before we heard it was paid)."""
    donation.refresh_status()
    if donation.donor is None and donation.donor_email:
        # The address came from an earlier event, whose handler made the donor: link it
        # without locking (the lock order puts donors before donations).
        donation.donor = Donor.objects.filter(email=donation.donor_email).first()
    should_thank = (
        donation.status == Status.PAID
        and donation.receipt_queued_at is None
        and bool(donation.donor_email)
    )
    if should_thank:
        donation.receipt_queued_at = timezone.now()
    donation.save()
    if should_thank:
        queue_receipt(donation)
    return f"donation {donation.pk} {donation.status}"


def _with_payment_intent(payment: shapes.Payment, payment_intent: str) -> shapes.Payment:
    if payment_intent and not payment.payment_intent:
        return replace(payment, payment_intent=payment_intent)
    return payment


def on_checkout_session(
    session: dict, created, *, failed: bool = False, payment_intent: str = ""
) -> str:
    payment = _with_payment_intent(shapes.checkout_session(session), payment_intent)
    intent = _intent_for(payment)
    if intent and intent.state != DonationIntent.State.COMPLETED:
        intent.state = DonationIntent.State.COMPLETED
        intent.completed_at = created
        intent.stripe_checkout_session_id = (
            intent.stripe_checkout_session_id or payment.checkout_session
        )
        intent.save(update_fields=["state", "completed_at", "stripe_checkout_session_id"])
    if session.get("mode") == "subscription":
        if not payment.subscription:
            return "ignored: subscription checkout without a subscription"
        pledge = _pledge_for(payment)
        donor = _donor_for(payment.email, payment.name, payment.customer)
        pledge.donor = pledge.donor or donor
        pledge.intent = pledge.intent or intent
        pledge.amount = pledge.amount or payment.amount
        pledge.started_at = _earliest(pledge.started_at, created)
        pledge.save()
        if not payment.invoice:
            return f"pledge {pledge.pk} started"  # invoice.paid records the payment
        donation = _donation_for(payment, ("invoice", "payment_intent"))
        donation.kind, donation.pledge = Frequency.MONTHLY, pledge
    elif session.get("mode") == "payment":
        if not payment.payment_intent:
            return "ignored: payment checkout without a payment intent"
        donor = _donor_for(payment.email, payment.name, payment.customer)
        donation = _donation_for(payment, ("payment_intent",))
        donation.kind = Frequency.ONCE
    else:
        return f"ignored: checkout mode {session.get('mode')!r}"
    _absorb(donation, payment, authoritative=True)
    donation.donor = donation.donor or donor
    _attach_intent(donation, intent, public=True)
    if failed:
        donation.failed_at = _earliest(donation.failed_at, created)
    elif session.get("payment_status") in {"paid", "no_payment_required"}:
        donation.paid_at = _earliest(donation.paid_at, created)
    return _save(donation)


def on_checkout_failed(session: dict, created, **hints) -> str:
    return on_checkout_session(session, created, failed=True, **hints)


def _lookup_payment_intent(payment: shapes.Payment) -> dict:
    """Since API version 2025-03-31 neither an invoice nor a subscription Checkout
    names the PaymentIntent that paid it; a refund names only the PaymentIntent. So we
    ask Stripe, before the transaction, to tie them together whatever the order."""
    if payment.payment_intent or not payment.invoice or not payment.amount:
        return {}
    if not conf.secret_key():
        return {}
    return {"payment_intent": stripe_api.invoice_payment_intent(payment.invoice) or ""}


def prepare_invoice(invoice: dict) -> dict:
    payment = shapes.invoice(invoice)
    return _lookup_payment_intent(payment) if payment.subscription else {}


def prepare_checkout_session(session: dict) -> dict:
    if session.get("mode") != "subscription":
        return {}
    return _lookup_payment_intent(shapes.checkout_session(session))


def on_invoice_paid(invoice: dict, created, *, payment_intent: str = "") -> str:
    payment = _with_payment_intent(shapes.invoice(invoice), payment_intent)
    if not payment.subscription:
        return "ignored: invoice is not for a monthly donation"
    if not payment.amount:
        return "ignored: invoice paid nothing"
    pledge = _pledge_for(payment)
    intent = pledge.intent or _intent_for(payment)
    donor = _donor_for(payment.email, payment.name, payment.customer)
    pledge.intent = pledge.intent or intent
    pledge.donor = pledge.donor or donor
    pledge.amount = pledge.amount or payment.amount
    pledge.save()
    donation = _donation_for(payment, ("invoice", "payment_intent", "charge"))
    _absorb(donation, payment, authoritative=True)
    donation.kind, donation.pledge = Frequency.MONTHLY, pledge
    donation.donor = donation.donor or donor or pledge.donor
    first = invoice.get("billing_reason") == "subscription_create"
    _attach_intent(donation, intent, public=first)
    donation.paid_at = _earliest(donation.paid_at, shapes.invoice_paid_at(invoice) or created)
    return _save(donation)


def on_charge_refunded(charge: dict, created) -> str:
    payment = shapes.charge(charge)
    if not (payment.payment_intent or payment.charge):
        return "ignored: charge without ids"
    donor = _donor_for(payment.email, payment.name, payment.customer)
    donation = _donation_for(payment, ("charge", "payment_intent", "invoice"))
    _absorb(donation, payment, authoritative=False)
    donation.donor = donation.donor or donor
    if payment.invoice:
        donation.kind = Frequency.MONTHLY
    # A refund proves the charge had succeeded, even if we hear of the refund first.
    donation.paid_at = _earliest(donation.paid_at, shapes.when(charge.get("created")) or created)
    refunded = int(charge.get("amount_refunded") or 0)
    donation.amount_refunded = max(donation.amount_refunded, refunded)
    if donation.amount_refunded:
        donation.refunded_at = _earliest(donation.refunded_at, created)
    return _save(donation)


def on_subscription_deleted(subscription: dict, created) -> str:
    payment = shapes.subscription(subscription)
    if not payment.subscription:
        return "ignored: subscription without id"
    pledge = _pledge_for(payment)
    pledge.amount = pledge.amount or payment.amount
    if pledge.intent is None:
        pledge.intent = _intent_for(payment)
    pledge.started_at = _earliest(pledge.started_at, shapes.when(subscription.get("start_date")))
    pledge.cancelled_at = _earliest(
        pledge.cancelled_at, shapes.subscription_ended_at(subscription) or created
    )
    pledge.save()
    return f"pledge {pledge.pk} cancelled"


HANDLERS = {
    "checkout.session.completed": on_checkout_session,
    "checkout.session.async_payment_succeeded": on_checkout_session,
    "checkout.session.async_payment_failed": on_checkout_failed,
    "invoice.paid": on_invoice_paid,
    "charge.refunded": on_charge_refunded,
    "customer.subscription.deleted": on_subscription_deleted,
}
PREPARE = {
    "checkout.session.completed": prepare_checkout_session,
    "checkout.session.async_payment_succeeded": prepare_checkout_session,
    "checkout.session.async_payment_failed": prepare_checkout_session,
    "invoice.paid": prepare_invoice,
}


# --- Housekeeping -------------------------------------------------------------------

ABANDONED_AFTER = timedelta(days=30)


def forget_abandoned_intents(limit: int = 500) -> int:
    """Delete intents whose Checkout never completed (with their public name and message)
    once Stripe can no longer complete them: sessions expire after at most 24 hours."""
    cutoff = timezone.now() - ABANDONED_AFTER
    stale = DonationIntent.objects.filter(created_at__lt=cutoff).exclude(
        state=DonationIntent.State.COMPLETED
    )
    ids = list(stale.order_by("pk").values_list("pk", flat=True)[:limit])
    if ids:
        DonationIntent.objects.filter(pk__in=ids).delete()
    return len(ids)
