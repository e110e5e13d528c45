"""Shared fixtures of the send pipeline tests.

Personas: `publication` is the one publication (sends from news@topten.test);
`edition` is tomorrow's complete, scheduled edition; `readers(n)` are confirmed
subscribers reader0..reader{n-1}@example.com; `sink` is a real SMTP relay on
loopback that records every accepted message.
"""

import datetime as dt

import pytest
from django.utils import timezone

from topten.audience.models import Subscriber
from topten.mailer import pipeline
from topten.mailer.sink import Sink
from topten.newsroom.models import Publication


@pytest.fixture
def publication(db):
    return Publication.objects.create(
        name="Lisa's Top Ten",
        from_email="news@topten.test",
        postal_address="1 Example Street, 10115 Berlin, Germany",
        timezone="Europe/London",
    )


def make_edition(day: dt.date):
    from topten.editions.actions import add_slot, schedule_edition, start_edition

    edition = start_edition(day)
    for i in range(1, 11):
        add_slot(
            edition,
            headline=f"Story number {i} happened",
            blurb="Something happened today. People noticed it. Here is why it matters.",
            sources=[(f"Source {i}", f"https://news.example.org/story-{i}")],
        )
    return schedule_edition(edition)


@pytest.fixture
def edition(publication):
    return make_edition(timezone.localdate() + dt.timedelta(days=1))


def add_readers(n, *, start=0, timezones=("Europe/London",), delivery_time=dt.time(6), **extra):
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{i}@example.com",
            first_name=f"Reader{i}",
            status=Subscriber.Status.CONFIRMED,
            timezone=timezones[i % len(timezones)],
            delivery_time=delivery_time,
            **extra,
        )
        for i in range(start, start + n)
    )
    return list(Subscriber.objects.order_by("id"))


@pytest.fixture
def readers(db):
    return add_readers


@pytest.fixture
def fast_retries(settings):
    settings.SEND_RETRY_BASE_SECONDS = 0.05
    settings.SEND_RETRY_MAX_SECONDS = 0.2
    settings.SEND_BREAKER_COOLDOWN_SECONDS = 0.5
    settings.SEND_BREAKER_MAX_SECONDS = 1
    settings.SEND_BATCH_SIZE = 50
    settings.SEND_CHUNK_PER_CONNECTION = 5


@pytest.fixture
def sink(settings):
    relay = Sink().start()
    settings.SEND_EMAIL_URL = relay.url + "?pool=4"  # default 30 s timeout: a loaded CI box is slow
    yield relay
    relay.stop()


def drain(sender=None, *, rounds=400, until=None):
    """Run the worker's send tasks in this process until nothing is left to do."""
    import time

    sender = sender or pipeline.Sender()
    try:
        for _ in range(rounds):
            work = pipeline.start_due_sends() + pipeline.prepare_due_waves()
            work += sender.send_due_batches() + pipeline.finish_sends()
            if until is not None and until():
                return
            if not work:
                from topten.mailer.models import Send

                if not Send.objects.exclude(status__in=["sent", "cancelled", "paused"]).exists():
                    return
                time.sleep(0.05)
    finally:
        sender.close()
