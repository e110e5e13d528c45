import pytest

from topten.mailer import pipeline
from topten.mailer.models import Delivery, Send
from topten.mailer.reports import edition_stats
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


def thirty_percent(rcpt, seen):
    return "554 5.7.1 rejected" if int(rcpt[6:].split("@")[0]) % 10 < 3 else None


class TestErrorBudget:
    def test_too_many_permanent_failures_pause_the_send(
        self, edition, readers, sink, fast_retries, settings
    ):
        settings.SEND_ERROR_BUDGET_MIN = 5
        readers(200)
        sink.script = thirty_percent
        pipeline.send_now(edition)
        drain()
        send = Send.objects.get(edition=edition)
        assert send.status == Send.Status.PAUSED
        stats = edition_stats(edition)
        assert stats["paused"] and "failed permanently" in stats["paused_reason"]
        assert stats["pending"] > 0

    def test_resume_continues_from_the_same_rows(
        self, edition, readers, sink, fast_retries, settings
    ):
        settings.SEND_ERROR_BUDGET_MIN = 5
        readers(200)
        sink.script = thirty_percent
        pipeline.send_now(edition)
        drain()
        sent_before = set(Delivery.objects.filter(status="sent").values_list("pk", flat=True))
        sink.script = None
        settings.SEND_ERROR_BUDGET_MIN = 1000
        assert pipeline.resume_send(Send.objects.get(edition=edition))
        drain()
        assert max(sink.accepted().values()) == 1  # nothing sent twice
        assert sent_before < set(
            Delivery.objects.filter(status="sent").values_list("pk", flat=True)
        )
        assert Send.objects.get(edition=edition).status == Send.Status.SENT

    def test_the_editor_is_told(
        self, edition, readers, sink, fast_retries, settings, django_user_model
    ):
        from topten.mailer.models import QueuedEmail

        django_user_model.objects.create_user("lisa", "lisa@topten.test", "pw", is_staff=True)
        settings.SEND_ERROR_BUDGET_MIN = 5
        readers(100)
        sink.script = thirty_percent
        pipeline.send_now(edition)
        drain()
        email = QueuedEmail.objects.get(kind="send-paused", to="lisa@topten.test")
        assert f"/editions/desk/{edition.pk}/" in email.text
