import json
import logging
import uuid

import stripe
from django.core.cache import cache
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from topten.core.middleware import CSP
from topten.donations import actions, conf
from topten.donations.fees import gross_up
from topten.donations.forms import DonateForm, ManageRequestForm
from topten.donations.models import Donation, DonationIntent
from topten.donations.money import format_amount
from topten.donations.stripe_api import StripeUnavailable
from topten.donations.tokens import read_manage_token
from topten.lib.clientip import client_ip_hash
from topten.newsroom.models import Publication

log = logging.getLogger(__name__)
WEBHOOK_TOLERANCE = 300  # seconds; Stripe's own default, stated here so it cannot drift


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _currency() -> str:
    return (Publication.current().currency or "EUR").upper()


def _over_limit(request, scope: str, limit: int, seconds: int) -> bool:
    key = f"donations:{scope}:{client_ip_hash(request, scope)}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False


def _setup_help(request) -> dict:
    return {
        "missing": conf.missing_settings(),
        "webhook_url": conf.site_url() + reverse("donations:webhook"),
        "events": conf.WEBHOOK_EVENTS,
        "test_mode": conf.is_test_mode(),
    }


def _supporters():
    return (
        Donation.objects.filter(status__in=["paid", "partially_refunded"], message_hidden=False)
        .exclude(public_name="", public_message="")
        .order_by("-paid_at")[:10]
    )


def _fee_context(currency: str) -> dict:
    rule = conf.fee_rule()
    example = 1000  # 10.00 (or ¥1,000): the worked example of the formula

    def money(minor):
        return format_amount(minor, currency)

    return {
        "fee_rule": rule.describe(money),
        "fee_percent": f"{rule.percent.normalize():f}",
        "fee_fixed": money(rule.fixed),
        "fee_example_gift": money(example),
        "fee_example_total": money(gross_up(example, rule).total),
    }


def _try_checkout(request, form) -> tuple[int, str, str]:
    """(status, error for the visitor, Checkout URL) for a submitted donate form."""
    if not conf.is_ready():
        return 503, "Donations are not set up yet, so no payment can be taken.", ""
    if not form.is_valid():
        return 400, "Please check the highlighted fields.", ""
    if _over_limit(request, "checkout", conf.checkouts_per_hour(), 3600):
        return 429, "Too many attempts from your connection. Please try later.", ""
    try:
        return 303, "", actions.start_checkout(form.choice())
    except StripeUnavailable as exc:
        return 502, str(exc), ""


@require_http_methods(["GET", "POST"])
def index(request):
    currency = _currency()
    form = DonateForm(request.POST or None, currency=currency)
    status, error = 200, ""
    if request.method == "POST":
        status, error, url = _try_checkout(request, form)
        if url:
            return SeeOther(url)
    context = {
        "form": form,
        "ready": conf.is_ready(),
        "error": error,
        "currency": currency,
        "minimum": format_amount(conf.min_amount(), currency),
        "maximum": format_amount(conf.max_amount(), currency),
        "supporters": _supporters(),
        **_fee_context(currency),
    }
    if request.user.is_staff:
        context["setup"] = _setup_help(request)
    return render(request, "donations/index.html", context, status=status)


def _intent_from_query(request) -> DonationIntent | None:
    try:
        public_id = uuid.UUID(request.GET.get("intent", ""))
    except ValueError:
        return None
    return DonationIntent.objects.filter(public_id=public_id).first()


@require_http_methods(["GET"])
def thanks(request):
    intent = _intent_from_query(request)
    context = {"intent": intent}
    if intent:
        context["amount"] = format_amount(intent.total, intent.currency)
    return render(request, "donations/thanks.html", context)


@require_http_methods(["GET"])
def cancelled(request):
    return render(request, "donations/cancelled.html", {"intent": _intent_from_query(request)})


def _bad_request(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _parse_event(payload: bytes) -> dict | None:
    try:
        event = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    data = event.get("data")
    valid = (
        isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("created"), int)
        and isinstance(data, dict)
        and isinstance(data.get("object"), dict)
    )
    return event if valid else None


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's deliveries. Verified against the raw body; any non-2xx makes Stripe retry."""
    secret = conf.webhook_secret()
    if not secret:
        return _bad_request("The Stripe webhook secret is not configured.", status=503)
    payload = request.body
    header = request.headers.get("Stripe-Signature", "")
    try:
        stripe.WebhookSignature.verify_header(payload, header, secret, WEBHOOK_TOLERANCE)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        log.warning("stripe webhook: rejected signature: %s", str(exc)[:200])
        return _bad_request("Invalid signature.")
    event = _parse_event(payload)
    if event is None:
        return _bad_request("Not a Stripe event.")
    try:
        outcome = actions.process_event(event)
    except StripeUnavailable as exc:
        return _bad_request(str(exc), status=503)
    return JsonResponse({"received": True, "outcome": outcome})


def _private(response, *, portal: bool = False):
    """Pages reached through a token: never cached, never leak the URL as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    if portal:
        response["Content-Security-Policy"] = CSP.replace(
            "form-action 'self'", "form-action 'self' https://billing.stripe.com"
        )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """GET shows a button (mail scanners follow links); POST opens Stripe's portal."""
    pledge = read_manage_token(token)
    if pledge is None:
        page = render(
            request, "donations/manage_invalid.html", {"form": ManageRequestForm()}, status=400
        )
        return _private(page)
    status, error = 200, ""
    if request.method == "POST":
        if not conf.secret_key():
            status, error = 503, "Donations are not set up on this site any more."
        else:
            try:
                return _private(SeeOther(actions.open_customer_portal(pledge)))
            except StripeUnavailable as exc:
                status, error = 502, str(exc)
    context = {
        "pledge": pledge,
        "error": error,
        "amount": format_amount(pledge.amount, pledge.currency) if pledge.amount else "",
    }
    return _private(render(request, "donations/manage.html", context, status=status), portal=True)


@require_http_methods(["GET", "POST"])
def manage_request(request):
    """Ask for a fresh manage link. The answer never says whether the address is known."""
    form = ManageRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not _over_limit(request, "manage-ip", 10, 3600) and cache.add(
            f"donations:manage-mail:{email}", 1, 900
        ):
            actions.send_manage_links(email)
        return render(request, "donations/manage_request_sent.html", {"email": email})
    return render(
        request, "donations/manage_request.html", {"form": form}, status=400 if form.errors else 200
    )
