import pytest

from topten.mailer import pipeline
from topten.mailer.models import Delivery
from topten.mailer.reports import edition_stats
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


class TestConnectionDropped:
    """F-11: the relay stores the message, then the connection drops before its reply."""

    def test_the_unknown_outcome_is_resent_once_and_reported(
        self, edition, readers, sink, fast_retries
    ):
        readers(20)
        sink.drop_after_data = {"reader7@example.com"}
        pipeline.send_now(edition)
        drain(rounds=2000)
        accepted = sink.accepted()
        assert accepted["reader7@example.com"] == 2  # the duplicate the policy accepts
        assert all(n == 1 for rcpt, n in accepted.items() if rcpt != "reader7@example.com")
        assert len(accepted) == 20
        row = Delivery.objects.get(email="reader7@example.com")
        assert row.uncertain and row.status == "sent"
        assert edition_stats(edition)["uncertain"] == 1

    def test_with_the_hold_policy_it_is_held_not_resent(
        self, edition, readers, sink, fast_retries, settings
    ):
        settings.SEND_UNCERTAIN_POLICY = "hold"
        readers(5)
        sink.drop_after_data = {"reader2@example.com"}
        pipeline.send_now(edition)
        drain(rounds=2000)
        assert sink.accepted()["reader2@example.com"] == 1
        assert Delivery.objects.get(email="reader2@example.com").status == "uncertain"
