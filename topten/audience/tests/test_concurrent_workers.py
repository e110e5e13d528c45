"""Several workers at once must still respect the per-address email limit (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from topten.audience import actions
from topten.audience.models import SignupRequest
from topten.mailer.models import QueuedEmail

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race",
    ),
]


def run_workers(count: int) -> list:
    """Run `count` workers at once; returns the exceptions they raised."""
    barrier = threading.Barrier(count)
    failures = []

    def work(offset):
        try:
            waiting = list(SignupRequest.objects.filter(processed_at__isnull=True).order_by("pk"))
            barrier.wait()
            # Each worker starts at a different request, so they race on one address.
            for request in waiting[offset:] + waiting[:offset]:
                actions.handle_signup_request(request)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(3 * k,)) for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


class TestConcurrentWorkers:
    def test_four_workers_send_one_address_at_most_three_emails(self):
        for i in range(12):
            actions.request_signup(email="zed@example.com", ip=f"203.0.113.{i}")
        assert run_workers(4) == []
        assert QueuedEmail.objects.filter(to="zed@example.com").count() == 3

    def test_every_request_is_handled_exactly_once(self):
        for i in range(12):
            actions.request_signup(email=f"r{i % 3}@example.com")
        assert run_workers(4) == []
        assert not SignupRequest.objects.filter(processed_at__isnull=True).exists()
        assert QueuedEmail.objects.count() == 9
