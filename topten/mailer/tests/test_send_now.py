import pytest

from topten.mailer import pipeline
from topten.mailer.models import Delivery, Send
from topten.mailer.reports import edition_stats
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


class TestSendNow:
    def test_it_mails_every_receiving_subscriber_once(self, edition, readers, sink):
        readers(30, timezones=("Europe/London", "Asia/Tokyo", "America/New_York"))
        pipeline.send_now(edition)
        drain()
        assert sorted(sink.accepted().values()) == [1] * 30
        assert edition_stats(edition)["sent"] == 30
        assert Send.objects.get(edition=edition).status == Send.Status.SENT
        edition.refresh_from_db()
        assert edition.status == "sent"

    def test_it_records_every_delivery_as_sent(self, edition, readers, sink):
        readers(12)
        pipeline.send_now(edition)
        drain()
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
