"""Every state change of the audience happens here.

Contract for other apps (stable):

- ``unsubscribe(subscriber, *, source, reason="", ip=None, user_agent="")``
- ``suppress_address(email, reason, *, source)`` for bounce/complaint webhooks
- ``is_suppressed(email) -> bool``
"""

import functools
import logging
import zoneinfo
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from topten.audience import conf, emails
from topten.audience.addresses import InvalidEmail, normalise_email
from topten.audience.hashing import email_hash
from topten.audience.models import (
    ConsentEvent,
    SignupRequest,
    Source,
    Subscriber,
    Suppression,
    new_nonce,
)

log = logging.getLogger(__name__)
Status = Subscriber.Status
Reason = Suppression.Reason
# Suppressions that a fresh double opt-in lifts; complaints and staff blocks stay.
LIFTED_BY_CONFIRMATION = (Reason.UNSUBSCRIBED, Reason.HARD_BOUNCE, Reason.ERASED)
SILENT_SUPPRESSIONS = (Reason.COMPLAINT, Reason.MANUAL)
STATUS_FOR_REASON = {
    Reason.HARD_BOUNCE: Status.BOUNCED,
    Reason.COMPLAINT: Status.COMPLAINED,
    Reason.UNSUBSCRIBED: Status.UNSUBSCRIBED,
    Reason.MANUAL: Status.UNSUBSCRIBED,
    Reason.ERASED: Status.UNSUBSCRIBED,
}


def _normalised(email: str) -> str:
    """The normalised address, or the raw one stripped when it does not validate
    (a bounce webhook may report an address our form would refuse)."""
    try:
        return normalise_email(email)
    except InvalidEmail:
        return email.strip()


def _hash_of(email: str) -> str:
    return email_hash(_normalised(email))


def record_event(action, *, subscriber=None, email="", source, ip=None, user_agent="", **detail):
    address = email or (subscriber.email if subscriber else "")
    return ConsentEvent.objects.create(
        subscriber=subscriber,
        email_hash=email_hash(address),
        action=action,
        source=source,
        ip=ip or None,
        user_agent=(user_agent or "")[:300],
        consent_version=detail.pop("consent_version", "")
        or (subscriber.consent_version if subscriber else ""),
        detail=detail,
    )


# -- sign-up and double opt-in -------------------------------------------------


def request_signup(
    *,
    email: str,
    first_name: str = "",
    timezone_name: str = "",
    source: str = Source.FORM,
    ip=None,
    user_agent: str = "",
    consent_version: str = "",
) -> SignupRequest:
    """Record a sign-up request. The same single insert for every address (no enumeration);
    ``handle_signup_request`` decides later what, if anything, to send."""
    address = normalise_email(email)
    if timezone_name not in _known_timezones():
        timezone_name = ""  # the worker uses the publication's
    return SignupRequest.objects.create(
        email=address,
        email_hash=email_hash(address),
        first_name=first_name[:100],
        timezone=timezone_name[:64],
        source=source,
        ip=ip or None,
        user_agent=(user_agent or "")[:300],
        consent_version=consent_version[:20],
    )


def emails_sent_today(address_hash: str, now=None) -> int:
    since = (now or timezone.now()) - timedelta(days=1)
    return SignupRequest.objects.filter(
        email_hash=address_hash, processed_at__gte=since, outcome__in=SignupRequest.SENT
    ).count()


def handle_signup_request(request: SignupRequest) -> str:
    """Decide and do what a sign-up request leads to; returns the outcome.

    Safe to call twice or from several workers at once: the request is handled once."""
    with transaction.atomic():
        _lock_address(request.email_hash)
        waiting = (
            SignupRequest.objects.select_for_update()
            .filter(pk=request.pk, processed_at__isnull=True)
            .first()
        )
        if waiting is None:  # another worker handled it
            return (
                SignupRequest.objects.filter(pk=request.pk)
                .values_list("outcome", flat=True)
                .first()
                or ""
            )
        outcome = _decide_signup(waiting)
        waiting.outcome = outcome
        waiting.processed_at = timezone.now()
        waiting.email = ""  # handled: keep only the hash (for the daily limit)
        waiting.first_name = ""
        waiting.save(update_fields=["outcome", "processed_at", "email", "first_name"])
    return outcome


def _lock_address(address_hash: str) -> None:
    """Serialise workers handling the same address, so two concurrent requests
    cannot both slip under the daily email limit (PostgreSQL; SQLite already
    serialises writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [address_hash])


def _decide_signup(request: SignupRequest) -> str:
    Outcome = SignupRequest.Outcome
    suppression = Suppression.objects.filter(email_hash=request.email_hash).first()
    if suppression and suppression.reason in SILENT_SUPPRESSIONS:
        return Outcome.SUPPRESSED
    if emails_sent_today(request.email_hash) >= conf.emails_per_address_per_day():
        return Outcome.LIMITED
    subscriber = Subscriber.objects.select_for_update().by_email(request.email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(
            email=request.email,
            first_name=request.first_name,
            timezone=request.timezone or _publication_timezone(),
            delivery_time=_publication_delivery_time(),
            source=request.source,
            consent_version=request.consent_version,
            created_at=request.created_at,
        )
    elif subscriber.status == Status.CONFIRMED:
        emails.queue_already_subscribed(subscriber)
        return Outcome.ALREADY_SENT
    else:  # pending, unsubscribed, bounced: a (fresh) confirmation
        subscriber.consent_version = request.consent_version
        subscriber.save(update_fields=["consent_version"])
    record_event(
        ConsentEvent.Action.SUBSCRIBE,
        subscriber=subscriber,
        source=request.source,
        ip=request.ip,
        user_agent=request.user_agent,
        consent_version=request.consent_version,
        requested_at=request.created_at.isoformat(),
    )
    emails.queue_confirmation(subscriber)
    return Outcome.CONFIRMATION_SENT


def process_signup_requests(limit: int = 200) -> int:
    """Worker task: handle waiting sign-up requests, oldest first."""
    waiting = list(
        SignupRequest.objects.filter(processed_at__isnull=True).order_by("created_at", "pk")[:limit]
    )
    for request in waiting:
        handle_signup_request(request)
    _forget_old_requests()
    return len(waiting)


def _forget_old_requests():
    SignupRequest.objects.filter(processed_at__lt=timezone.now() - timedelta(days=2)).delete()


def confirm_subscriber(subscriber, *, ip=None, user_agent="", source=Source.EMAIL) -> bool:
    """Confirm a pending (or re-subscribing) reader; False if already confirmed."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Status.CONFIRMED:
            return False
        subscriber.status = Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.confirmed_ip = ip or None
        subscriber.confirmed_user_agent = (user_agent or "")[:300]
        subscriber.unsubscribed_at = None
        subscriber.unsubscribe_reason = ""
        subscriber.confirm_nonce = new_nonce()
        subscriber.save()
        Suppression.objects.filter(
            email_hash=email_hash(subscriber.email), reason__in=LIFTED_BY_CONFIRMATION
        ).delete()
        record_event(
            ConsentEvent.Action.CONFIRM,
            subscriber=subscriber,
            source=source,
            ip=ip,
            user_agent=user_agent,
        )
        emails.queue_welcome(subscriber)
    return True


# -- leaving ---------------------------------------------------------------------


def unsubscribe(subscriber, *, source, reason: str = "", ip=None, user_agent: str = "") -> bool:
    """Unsubscribe at once (takes effect for sends in progress); idempotent.

    Returns True when this call changed something."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        Suppression.objects.get_or_create(
            email_hash=email_hash(subscriber.email), defaults={"reason": Reason.UNSUBSCRIBED}
        )
        if subscriber.status in (Status.UNSUBSCRIBED, Status.BOUNCED, Status.COMPLAINED):
            return False
        subscriber.status = Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.unsubscribe_reason = (reason or "")[:500]
        subscriber.confirm_nonce = new_nonce()
        subscriber.save(
            update_fields=["status", "unsubscribed_at", "unsubscribe_reason", "confirm_nonce"]
        )
        record_event(
            ConsentEvent.Action.UNSUBSCRIBE,
            subscriber=subscriber,
            source=source,
            ip=ip,
            user_agent=user_agent,
            reason=(reason or "")[:500],
        )
    return True


def suppress_address(email: str, reason: str, *, source: str = Source.WEBHOOK) -> Suppression:
    """Never mail this address again (bounce, complaint, staff block).

    Marks a matching subscriber BOUNCED/COMPLAINED/UNSUBSCRIBED and keeps the
    hashed suppression row. A complaint is never downgraded to a lesser reason."""
    reason = Reason(reason)
    address_hash = _hash_of(email)
    with transaction.atomic():
        suppression, created = Suppression.objects.select_for_update().get_or_create(
            email_hash=address_hash, defaults={"reason": reason}
        )
        if not created and suppression.reason != Reason.COMPLAINT:
            suppression.reason = reason
            suppression.save(update_fields=["reason"])
        subscriber = Subscriber.objects.select_for_update().by_email(_normalised(email)).first()
        if subscriber is not None:
            subscriber.status = STATUS_FOR_REASON[reason]
            if reason in (Reason.UNSUBSCRIBED, Reason.MANUAL):
                subscriber.unsubscribed_at = subscriber.unsubscribed_at or timezone.now()
            subscriber.confirm_nonce = new_nonce()
            subscriber.save(update_fields=["status", "unsubscribed_at", "confirm_nonce"])
        ConsentEvent.objects.create(
            subscriber=subscriber,
            email_hash=address_hash,
            action=ConsentEvent.Action.SUPPRESS,
            source=source,
            detail={"reason": str(reason)},
        )
    return suppression


def is_suppressed(email: str) -> bool:
    return Suppression.objects.filter(email_hash=_hash_of(email)).exists()


# -- preferences -------------------------------------------------------------------


def update_preferences(
    subscriber,
    *,
    delivery_time: time,
    timezone_name: str,
    format: str,
    pause_days: int = 0,
    source: str = Source.EMAIL,
    ip=None,
    user_agent: str = "",
    notify: bool = True,
) -> list[str]:
    """Apply the preference centre's choices; returns the names of the changed fields."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        wanted = {
            "delivery_time": delivery_time,
            "timezone": timezone_name,
            "format": format,
        }
        if pause_days:
            wanted["paused_until"] = timezone.now() + timedelta(days=pause_days)
        changed = {k: v for k, v in wanted.items() if getattr(subscriber, k) != v}
        if not changed:
            return []
        for name, value in changed.items():
            setattr(subscriber, name, value)
        subscriber.save(update_fields=list(changed))
        record_event(
            ConsentEvent.Action.PREFERENCES,
            subscriber=subscriber,
            source=source,
            ip=ip,
            user_agent=user_agent,
            changed={k: _jsonable(v) for k, v in changed.items()},
        )
        if notify and subscriber.status == Status.CONFIRMED:
            emails.queue_preferences_changed(subscriber)
    return list(changed)


def resume_delivery(subscriber, *, source=Source.EMAIL, ip=None, user_agent="") -> bool:
    with transaction.atomic():
        updated = Subscriber.objects.filter(pk=subscriber.pk, paused_until__isnull=False).update(
            paused_until=None
        )
        if updated:
            record_event(
                ConsentEvent.Action.PREFERENCES,
                subscriber=subscriber,
                source=source,
                ip=ip,
                user_agent=user_agent,
                changed={"paused_until": None},
            )
    return bool(updated)


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime | time) else value


# -- personal data (GDPR) ----------------------------------------------------------


def export_subscriber_data(subscriber, *, source=Source.ADMIN) -> dict:
    """Everything we hold about one reader (Art. 15/20), JSON-serialisable."""
    address_hash = email_hash(subscriber.email)
    fields = [
        "email",
        "first_name",
        "status",
        "timezone",
        "delivery_time",
        "paused_until",
        "format",
        "source",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "consent_version",
        "confirmed_ip",
        "confirmed_user_agent",
        "unsubscribe_reason",
    ]
    events = ConsentEvent.objects.filter(email_hash=address_hash).order_by("created_at", "pk")
    data = {
        "subscriber": {name: _jsonable(getattr(subscriber, name)) for name in fields},
        "consent_log": [
            {
                "time": event.created_at.isoformat(),
                "action": event.action,
                "source": event.source,
                "ip": event.ip,
                "user_agent": event.user_agent,
                "consent_version": event.consent_version,
                "detail": event.detail,
            }
            for event in events
        ],
        "suppressed": Suppression.objects.filter(email_hash=address_hash).exists(),
        "exported_at": timezone.now().isoformat(),
    }
    record_event(ConsentEvent.Action.EXPORT, subscriber=subscriber, source=source)
    return data


def erase_subscriber(subscriber, *, source=Source.ADMIN) -> str:
    """Remove a reader's personal data (Art. 17), keeping a hashed suppression.

    The consent log keeps its entries (time, action, source, consent version)
    without IP address, user agent or link to the person; the mail records forget
    the address too. Returns the email hash."""
    from topten.mailer.actions import forget_recipient

    address_hash = email_hash(subscriber.email)
    with transaction.atomic():
        Suppression.objects.get_or_create(
            email_hash=address_hash, defaults={"reason": Reason.ERASED}
        )
        ConsentEvent.objects.filter(email_hash=address_hash).update(
            ip=None, user_agent="", detail={}, subscriber=None
        )
        SignupRequest.objects.filter(email_hash=address_hash).delete()
        forget_recipient(subscriber.email, subscriber.pk)
        Subscriber.objects.filter(pk=subscriber.pk).delete()
        ConsentEvent.objects.create(
            email_hash=address_hash, action=ConsentEvent.Action.ERASE, source=source
        )
    return address_hash


# -- staff changes -----------------------------------------------------------------


def record_admin_change(subscriber, *, changed: list[str], user=None, ip=None):
    record_event(
        ConsentEvent.Action.ADMIN_CHANGE,
        subscriber=subscriber,
        source=Source.ADMIN,
        ip=ip,
        changed=sorted(changed),
        by=getattr(user, "get_username", lambda: "")(),
    )


@functools.cache
def _known_timezones() -> frozenset:
    return frozenset(zoneinfo.available_timezones())


def _publication_timezone() -> str:
    from topten.newsroom.models import Publication

    return Publication.current().timezone


def _publication_delivery_time():
    from topten.newsroom.models import Publication

    return Publication.current().delivery_time
