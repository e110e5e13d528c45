import pytest

from topten.mailer import pipeline
from topten.mailer.models import Send

pytestmark = pytest.mark.django_db


class TestAdmin:
    def test_staff_see_sends_and_deliveries(self, admin_client, edition, readers):
        readers(2)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        assert admin_client.get("/admin/mailer/send/").status_code == 200
        assert admin_client.get("/admin/mailer/delivery/").status_code == 200

    def test_the_resume_action_resumes_a_paused_send(self, admin_client, edition, readers):
        readers(1)
        send = pipeline.send_now(edition)
        Send.objects.filter(pk=send.pk).update(status=Send.Status.PAUSED, paused_reason="budget")
        response = admin_client.post(
            "/admin/mailer/send/", {"action": "resume", "_selected_action": [send.pk]}
        )
        assert response.status_code == 302
        assert Send.objects.get().status == Send.Status.SENDING
