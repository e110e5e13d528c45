import threading

import pytest
from django.db import connection

from topten.donations import actions
from topten.donations.models import Donation, StripeEvent
from topten.donations.tests.conftest import recorded
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")


def _at_once(*events) -> list[str]:
    """Process the events in parallel threads (each its own connection), released together."""
    barrier = threading.Barrier(len(events))
    outcomes, errors = [], []

    def run(event):
        try:
            barrier.wait(timeout=10)
            outcomes.append(actions.process_event(event))
        except Exception as exc:  # reported below, so a failure names its cause
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(event,)) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return outcomes


class TestConcurrentDeliveries:
    def test_two_simultaneous_deliveries_of_one_event_are_processed_once(
        self, stripe_keys, postgres_only
    ):
        event = recorded("evt_checkout_session_completed_payment.json")
        outcomes = _at_once(event, event)
        assert sorted(outcome.split()[0] for outcome in outcomes) == ["donation", "duplicate"]
        assert Donation.objects.count() == 1
        assert StripeEvent.objects.count() == 1
        assert QueuedEmail.objects.filter(kind="receipt").count() == 1

    def test_two_events_about_one_payment_at_once_make_one_donation(
        self, stripe_api, postgres_only
    ):
        _at_once(
            recorded("evt_checkout_session_completed_subscription.json"),
            recorded("evt_invoice_paid_first.json"),
        )
        donation = Donation.objects.get()
        assert (donation.kind, donation.status) == ("monthly", "paid")
        assert StripeEvent.objects.count() == 2
        assert QueuedEmail.objects.filter(kind="receipt").count() == 1
