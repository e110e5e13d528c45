import logging
import random
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from topten.mailer.models import QueuedEmail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12


def queue_email(*, kind: str, to: str, subject: str, text: str, html: str = "", headers=None):
    """Queue a transactional email; the worker sends it after the caller's transaction commits."""
    return QueuedEmail.objects.create(
        kind=kind, to=to, subject=subject, text=text, html=html, headers=headers or {}
    )


def claim_due_emails(limit: int = 50) -> list[QueuedEmail]:
    with transaction.atomic():
        rows = list(
            QueuedEmail.objects.select_for_update(skip_locked=True)
            .filter(status=QueuedEmail.Status.QUEUED, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "pk")[:limit]
        )
        # Lease: push the next attempt out so another worker does not take them meanwhile.
        lease = timezone.now() + timedelta(minutes=5)
        QueuedEmail.objects.filter(pk__in=[r.pk for r in rows]).update(next_attempt_at=lease)
    return rows


def send_queued_emails(limit: int = 50) -> int:
    rows = claim_due_emails(limit)
    if not rows:
        return 0
    connection = get_connection()
    for row in rows:
        _send_one(connection, row)
    return len(rows)


def _send_one(connection, row: QueuedEmail) -> None:
    message = EmailMultiAlternatives(
        row.subject, row.text, to=[row.to], headers=row.headers, connection=connection
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    row.attempts += 1
    try:
        message.send()
    except Exception as exc:  # relay down, refused, timeout: retry with backoff
        permanent = getattr(exc, "smtp_code", 0) >= 500 or row.attempts >= MAX_ATTEMPTS
        delay = min(3600, 2**row.attempts * 5) * random.uniform(0.8, 1.2)
        row.status = QueuedEmail.Status.FAILED if permanent else QueuedEmail.Status.QUEUED
        row.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("email %s to %s failed (attempt %s): %s", row.kind, row.to, row.attempts, exc)
    else:
        row.status = QueuedEmail.Status.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
    row.save(update_fields=["status", "attempts", "next_attempt_at", "last_error", "sent_at"])


def forget_recipient(email: str, subscriber_id: int | None) -> None:
    """Erase an address from the mail records (GDPR Art. 17).

    Transactional mail to it is deleted, sent or not: its bodies hold the address and
    links. Deliveries keep their counts for the edition reports but lose the address;
    those not yet sent become suppressed, so the erased person is never mailed."""
    from topten.mailer.models import Delivery

    QueuedEmail.objects.filter(to__iexact=email).delete()
    if subscriber_id is None:
        return
    deliveries = Delivery.objects.filter(subscriber_id=subscriber_id)
    deliveries.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.RETRY, Delivery.Status.UNCERTAIN]
    ).update(status=Delivery.Status.SUPPRESSED)
    deliveries.update(email="")
