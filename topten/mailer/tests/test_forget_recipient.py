import pytest

from topten.mailer import pipeline
from topten.mailer.actions import forget_recipient, queue_email
from topten.mailer.models import Delivery, QueuedEmail
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db(transaction=True)


class TestForgetRecipient:
    def test_an_erased_reader_is_never_mailed_and_leaves_no_address(self, edition, readers, sink):
        erased, kept = readers(2)
        queue_email(kind="welcome", to=erased.email, subject="Welcome", text="Hello")
        pipeline.send_now(edition)
        pipeline.start_due_sends()
        pipeline.prepare_due_waves()
        assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 2
        erased_id = erased.pk
        forget_recipient(erased.email, erased_id)
        erased.delete()
        drain()
        assert erased.email not in sink.accepted()
        assert kept.email in sink.accepted()
        assert not QueuedEmail.objects.filter(to=erased.email).exists()
        assert not Delivery.objects.filter(email=erased.email).exists()
        assert Delivery.objects.get(subscriber_id=erased_id).status == Delivery.Status.SUPPRESSED
