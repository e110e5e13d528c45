"""Data of the send benchmark, run inside its throwaway database (see bench.py)."""

import time
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from topten.audience.models import Subscriber
from topten.editions.models import Edition
from topten.mailer.models import Delivery, Send, Wave
from topten.newsroom.models import Publication


def _insert_subscribers(n: int, timezones: list[str]) -> None:
    """N confirmed subscribers in one INSERT ... SELECT over a generated series."""
    pg = connection.vendor == "postgresql"
    tz_rows = ", ".join(f"({i}, %s)" for i in range(len(timezones)))
    late = "CASE WHEN x %% 7 = 0 THEN '07:30:00' ELSE '06:00:00' END"
    special = {
        "email": "'reader' || x || '@example.com'",
        "first_name": "'Reader' || x",
        "status": "'confirmed'",
        "timezone": "tz.name",
        "delivery_time": f"CAST({late} AS time)" if pg else late,
    }
    columns, exprs, params = [], [], list(timezones)
    for field in Subscriber._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in special:
            exprs.append(special[field.name])
        else:
            exprs.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (
        f"WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < {int(n)}),"
        f" tz(i, name) AS (VALUES {tz_rows}) "
        f"INSERT INTO {Subscriber._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM cnt JOIN tz ON tz.i = x %% {len(timezones)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _edition():
    from topten.editions.actions import add_slot, schedule_edition, start_edition

    edition = start_edition(timezone.localdate())
    for i in range(1, 11):
        add_slot(
            edition,
            headline=f"Story {i}: the world moved a little today",
            blurb=(
                "A long blurb that tells the reader what happened and why it matters. "
                "It has a second sentence with more detail. And a third one to close."
            ),
            sources=[
                (f"Source {i}", f"https://news.example.org/2026/story-{i}"),
                (f"Wire {i}", f"https://wire.example.org/item/{i}"),
            ],
        )
    return schedule_edition(edition)


def seed(n: int, timezones: list[str], sample_path: str = "") -> dict:
    from topten.editions.rendering import render_edition
    from topten.mailer.pipeline import make_factory

    with transaction.atomic():
        Publication.objects.create(
            name="Bench Top Ten",
            from_email="news@topten.test",
            postal_address="1 Example Street, 10115 Berlin, Germany",
        )
        edition = _edition()
        started = time.monotonic()
        _insert_subscribers(n, timezones)
        seconds = time.monotonic() - started
    rendered = render_edition(edition, store_links=False)
    probe = Send(
        edition=edition,
        rendered={
            "subject": rendered.subject,
            "html": rendered.html,
            "text": rendered.text,
            "links": list(rendered.links),
        },
    )
    message = make_factory(probe).build(1, 1, "reader1@example.com", "Reader1")
    if sample_path:
        # For smtp-source -F, which ends each line with CRLF itself.
        Path(sample_path).write_bytes(message.data.replace(b"\r\n", b"\n"))
    return {
        "date": edition.date.isoformat(),
        "message_bytes": len(message.data),
        "seed_seconds": round(seconds, 2),
    }


def time_prepare() -> dict:
    from topten.mailer import pipeline

    edition = Edition.objects.get()
    send = pipeline.send_now(edition)
    started = time.monotonic()
    pipeline.prepare_due_waves()
    seconds = time.monotonic() - started
    count = Delivery.objects.filter(send=send).count()
    return {
        "prepare_seconds": round(seconds, 2),
        "deliveries": count,
        "deliveries_per_s": round(count / seconds),
    }


def report() -> dict:
    send = Send.objects.get()
    rows = Delivery.objects.filter(send=send)
    expected = list(
        rows.exclude(status__in=[Delivery.Status.FAILED, Delivery.Status.SUPPRESSED]).values_list(
            "email", flat=True
        )
    )
    return {
        "expected": expected,
        "uncertain_emails": list(rows.filter(uncertain=True).values_list("email", flat=True)),
        "sent": rows.filter(status=Delivery.Status.SENT).count(),
        "uncertain": rows.filter(uncertain=True).count(),
        "status": send.status,
        "timeline": timeline(send, rows),
    }


def timeline(send, rows) -> dict:
    """Seconds from the send's start (its first wave claimed) to the first chunk
    recorded (`sent_at` is when a chunk's outcomes are written), the audience frozen,
    the last chunk recorded, and the send marked sent."""
    sent = rows.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    frozen = Wave.objects.filter(send=send).aggregate(at=Max("prepared_at"))["at"]

    def since(moment):
        return round((moment - send.started_at).total_seconds(), 2) if moment else None

    return {
        "first_sent": since(sent["first"]),
        "frozen": since(frozen),
        "last_sent": since(sent["last"]),
        "finished": since(send.finished_at),
    }
