import pytest

from topten.mailer import pipeline
from topten.mailer.models import Delivery
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


class TestOneRecipientPerMessage:
    """F-16: a message to several recipients where some are refused must not be
    recorded as one outcome; we never put two recipients in one envelope."""

    def test_refused_recipients_are_recorded_one_by_one(self, edition, readers, sink):
        readers(3)
        refused = {"reader0@example.com", "reader2@example.com"}
        sink.script = lambda rcpt, seen: "550 5.1.1 unknown" if rcpt in refused else None
        pipeline.send_now(edition)
        drain()
        statuses = dict(Delivery.objects.values_list("email", "status"))
        assert statuses == {
            "reader0@example.com": "failed",
            "reader1@example.com": "sent",
            "reader2@example.com": "failed",
        }

    def test_every_envelope_has_exactly_one_recipient(self, edition, readers, sink):
        readers(6)
        pipeline.send_now(edition)
        drain()
        assert sink.envelope_sizes == [1] * 6
