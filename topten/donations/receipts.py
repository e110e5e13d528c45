"""The thank-you email with its receipt, and the "manage your monthly donation" email."""

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from topten.donations import conf
from topten.donations.models import Donation, Frequency, Pledge
from topten.donations.money import format_amount
from topten.donations.tokens import make_manage_token
from topten.mailer.actions import queue_email
from topten.newsroom.models import Publication


def _local(moment, publication):
    try:
        zone = ZoneInfo(publication.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.localtime(moment, zone)


def manage_url(pledge: Pledge) -> str:
    token = make_manage_token(pledge)
    return conf.site_url() + reverse("donations:manage", args=[token])


def _manage_context(pledge: Pledge | None, publication) -> dict:
    if pledge is None or not pledge.is_active or not pledge.stripe_customer_id:
        return {}
    expires = _local(timezone.now() + timedelta(seconds=conf.manage_link_max_age()), publication)
    return {
        "manage_url": manage_url(pledge),
        "manage_expires": expires,
        "manage_request_url": conf.site_url() + reverse("donations:manage_request"),
    }


def receipt_context(donation: Donation) -> dict:
    publication = Publication.current()
    context = {
        "publication": publication,
        "donation": donation,
        "monthly": donation.kind == Frequency.MONTHLY,
        "amount": format_amount(donation.amount, donation.currency),
        "fee": format_amount(donation.fee_covered, donation.currency)
        if donation.fee_covered
        else "",
        "date": _local(donation.paid_at or timezone.now(), publication),
        "reference": donation.stripe_invoice_id
        or donation.stripe_payment_intent_id
        or f"D{donation.pk}",
        "recipient": publication.legal_name or publication.name,
    }
    if context["monthly"]:
        context.update(_manage_context(donation.pledge, publication))
    return context


def queue_receipt(donation: Donation) -> None:
    context = receipt_context(donation)
    subject = f"Thank you: your receipt for {context['amount']} to {context['publication'].name}"
    queue_email(
        kind="receipt",
        to=donation.donor_email,
        subject=subject,
        text=render_to_string("donations/email/receipt.txt", context),
        html=render_to_string("donations/email/receipt.html", context),
    )


def queue_manage_link(pledge: Pledge, to: str) -> None:
    publication = Publication.current()
    context = {
        "publication": publication,
        "pledge": pledge,
        "amount": format_amount(pledge.amount, pledge.currency) if pledge.amount else "",
        **_manage_context(pledge, publication),
    }
    queue_email(
        kind="donation-manage",
        to=to,
        subject=f"Manage your monthly donation to {publication.name}",
        text=render_to_string("donations/email/manage.txt", context),
        html=render_to_string("donations/email/manage.html", context),
    )
