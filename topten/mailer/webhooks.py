"""Bounces and complaints from email services, through django-anymail's tracking webhooks,
and unsubscribe mails through its inbound webhooks.

anymail parses each service's payload and sends the `tracking` signal; we
suppress the address (so the next claim skips it) and mark the delivery. Each
event is handled once (WebhookEvent, unique per service and event id).

`guarded()` wraps anymail's views: they answer 403 until ANYMAIL_WEBHOOK_SECRET
(basic auth) is configured, and a Mailgun event signed more than
SEND_WEBHOOK_MAX_AGE_SECONDS ago is rejected as a replay (anymail checks the
signature, not its age).

Inbound mail (the List-Unsubscribe mailto, routed to /anymail/<esp>/inbound/) goes to
inbound.handle_unsubscribe_mail; the view answers 200 whatever the mail says, so the
service does not retry it and nobody learns from the answer.
"""

import base64
import functools
import hashlib
import hmac
import json
import logging
import time

from anymail.signals import inbound, tracking
from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseForbidden

from topten.audience.hashing import email_hash
from topten.mailer import conf
from topten.mailer.models import Delivery, WebhookEvent

log = logging.getLogger(__name__)

SUPPRESSING = {
    "bounced": "bounced",
    "complained": "complained",
    "unsubscribed": "unsubscribed",
}


def _event_id(esp_name: str, event) -> str:
    if event.event_id:
        return str(event.event_id)[:200]
    raw = f"{event.event_type}|{event.recipient}|{event.timestamp}|{event.message_id}"
    return "h:" + hashlib.sha256(raw.encode()).hexdigest()


@receiver(tracking)
def handle_tracking(sender, event, esp_name, **kwargs):
    record_event(esp_name, event)


@receiver(inbound)
def handle_inbound(sender, event, esp_name, **kwargs):
    from topten.mailer.inbound import handle_unsubscribe_mail

    if event.message is not None:
        handle_unsubscribe_mail(event.message, channel=esp_name)


def record_event(esp_name: str, event) -> bool:
    """Apply one tracking event; False when it was seen before or needs nothing."""
    from topten.audience.actions import suppress_address

    reason = SUPPRESSING.get(event.event_type)
    if reason is None or not event.recipient:
        return False
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(
                esp=esp_name[:30],
                event_id=_event_id(esp_name, event),
                event_type=event.event_type[:30],
                recipient_hash=email_hash(event.recipient),
            )
            suppress_address(event.recipient, reason, source="webhook")
            _mark_delivery(event, reason)
    except IntegrityError:
        return False
    log.info("%s %s: address suppressed", esp_name, event.event_type)
    return True


def _mark_delivery(event, reason: str) -> None:
    field = {"bounced": "bounced", "complained": "complained"}.get(reason)
    if field is None or not event.message_id:
        return
    Delivery.objects.filter(provider_message_id=str(event.message_id)[:200]).update(**{field: True})


def _mailgun_timestamp(request) -> float | None:
    try:
        body = json.loads(request.body)
        return float(body["signature"]["timestamp"])
    except (ValueError, KeyError, TypeError):
        pass
    try:
        return float(request.POST.get("timestamp", ""))
    except ValueError:
        return None


def _secrets() -> list[str]:
    anymail = getattr(settings, "ANYMAIL", {}) or {}
    value = anymail.get("WEBHOOK_SECRET") or getattr(settings, "ANYMAIL_WEBHOOK_SECRET", "")
    return [value] if isinstance(value, str) and value else list(value or [])


def _authorised(request, secrets: list[str]) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        given = base64.b64decode(encoded, validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return False
    return any(hmac.compare_digest(given, secret) for secret in secrets)


def guarded(view, esp: str):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        secrets = _secrets()
        if not secrets:
            return HttpResponseForbidden("Webhooks are off until ANYMAIL_WEBHOOK_SECRET is set.")
        if not _authorised(request, secrets):
            response = HttpResponse("Authentication required.", status=401)
            response["WWW-Authenticate"] = 'Basic realm="webhooks"'
            return response
        if esp == "mailgun" and request.method == "POST":
            stamp = _mailgun_timestamp(request)
            if stamp is None or abs(time.time() - stamp) > conf.webhook_max_age_seconds():
                return HttpResponseForbidden("Stale or missing webhook timestamp.")
        return view(request, *args, **kwargs)

    return wrapper
