"""Figures of a send for the edition report and the live progress page."""

from collections import Counter
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from topten.mailer.models import Delivery, Send, Wave

D = Delivery.Status
RATE_WINDOW_S = 60


def send_started(edition) -> bool:
    """True once the edition's first wave has begun (it can no longer be unscheduled)."""
    return Send.objects.filter(
        edition=edition,
        status__in=[Send.Status.SENDING, Send.Status.PAUSED, Send.Status.SENT],
    ).exists()


def edition_stats(edition) -> dict:
    send = Send.objects.filter(edition=edition).first()
    empty = {
        "status": "not started",
        "recipients": 0,
        "sent": 0,
        "failed": 0,
        "bounced": 0,
        "complained": 0,
        "uncertain": 0,
        "suppressed": 0,
        "pending": 0,
        "rate_per_s": 0.0,
        "eta_seconds": None,
        "paused": False,
        "paused_reason": "",
        "started_at": None,
        "finished_at": None,
    }
    if send is None:
        return empty
    now = timezone.now()
    per_wave = (
        Delivery.objects.filter(send=send)
        .values("wave_id")
        .annotate(
            total=Count("id"),
            sent=Count("id", filter=Q(status=D.SENT)),
            failed=Count("id", filter=Q(status=D.FAILED)),
            suppressed=Count("id", filter=Q(status=D.SUPPRESSED)),
            held=Count("id", filter=Q(status=D.UNCERTAIN)),
            bounced=Count("id", filter=Q(bounced=True)),
            complained=Count("id", filter=Q(complained=True)),
            uncertain=Count("id", filter=Q(uncertain=True)),
            recent=Count("id", filter=Q(sent_at__gte=now - timedelta(seconds=RATE_WINDOW_S))),
        )
        .order_by()
    )
    rows = Counter()
    frozen = {}
    for wave in per_wave:
        frozen[wave.pop("wave_id")] = wave["total"]
        rows.update(wave)
    # A wave still freezing is counted as planned until its audience is all in rows.
    unfrozen = sum(
        max(0, planned - frozen.get(pk, 0))
        for pk, planned in Wave.objects.filter(send=send)
        .exclude(status=Wave.Status.READY)
        .values_list("pk", "recipients")
    )
    recipients = rows["total"] + unfrozen
    done = rows["sent"] + rows["failed"] + rows["suppressed"] + rows["held"]
    pending = max(0, recipients - done)
    window = RATE_WINDOW_S
    if send.started_at:
        window = max(1.0, min(RATE_WINDOW_S, (now - send.started_at).total_seconds()))
    rate = rows["recent"] / window
    breaker = send.breaker_open
    paused = send.status == Send.Status.PAUSED or breaker
    reason = send.paused_reason or (send.breaker_reason if breaker else "")
    if breaker and send.breaker_until:
        reason = f"{reason} Resuming by itself at {send.breaker_until:%H:%M:%S} UTC."
    return {
        **empty,
        "status": send.status,
        "recipients": recipients,
        "sent": rows["sent"],
        "failed": rows["failed"],
        "bounced": rows["bounced"],
        "complained": rows["complained"],
        "uncertain": rows["uncertain"],
        "suppressed": rows["suppressed"],
        "pending": pending,
        "rate_per_s": round(rate, 1),
        "eta_seconds": round(pending / rate)
        if rate > 0 and pending
        else (0 if not pending else None),
        "paused": paused,
        "paused_reason": reason.strip(),
        "started_at": send.started_at,
        "finished_at": send.finished_at,
    }
