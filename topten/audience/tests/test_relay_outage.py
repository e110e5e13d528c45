import socket

import pytest
from django.urls import reverse

from topten.audience.actions import process_signup_requests
from topten.audience.tests.helpers import signup_data
from topten.audience.tests.smtp import deliver
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestRelayOutage:
    def test_a_confirmation_survives_a_relay_outage(self, client, smtp, settings):
        working_port = settings.EMAIL_PORT
        settings.EMAIL_PORT = closed_port()
        client.post(reverse("audience:index"), signup_data("max@example.com"))
        process_signup_requests()
        deliver()
        assert QueuedEmail.objects.get().status == QueuedEmail.Status.QUEUED
        settings.EMAIL_PORT = working_port
        QueuedEmail.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
        deliver()
        assert len(smtp.to("max@example.com")) == 1

    def test_the_signup_request_itself_never_talks_to_the_relay(self, client, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_PORT = closed_port()
        response = client.post(reverse("audience:index"), signup_data("max@example.com"))
        assert response.status_code == 302
