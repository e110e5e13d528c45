import json
import socket
import threading
import time

import pytest
from werkzeug import Response

from topten.mailer import pipeline
from topten.mailer.models import Delivery, Send
from topten.mailer.tests import esp_services
from topten.mailer.tests.conftest import drain
from topten.mailer.tests.esp_services import bodies

pytestmark = pytest.mark.django_db
READERS = [f"reader{i}@example.com" for i in range(3)]


def statuses():
    return dict(Delivery.objects.values_list("email", "status"))


def first_then(reply, then):
    """A handler that answers the first call with `reply` and every later one with `then`."""
    calls = []

    def handler(request):
        calls.append(1)
        return reply(request) if len(calls) == 1 else then(request)

    return handler


class TestEmailServiceFailures:
    def test_a_reader_the_service_refuses_fails_and_the_others_are_sent(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "postmark")
        httpserver.expect_request(path).respond_with_handler(
            esp_services.postmark_batch(inactive={READERS[1]})
        )
        readers(3)
        pipeline.send_now(edition)
        drain()
        assert len(httpserver.log) == 1
        assert statuses() == {READERS[0]: "sent", READERS[1]: "failed", READERS[2]: "sent"}
        assert Delivery.objects.get(email=READERS[1]).response == "rejected"

    @pytest.mark.parametrize("code", [429, 503, 401])
    def test_a_refused_call_trips_the_breaker_and_the_batch_goes_later(
        self, settings, httpserver, edition, readers, fast_retries, code
    ):
        path = esp_services.use(settings, httpserver, "mailgun")
        refused = first_then(lambda r: Response("busy", status=code), esp_services.mailgun_queued)
        httpserver.expect_request(path).respond_with_handler(refused)
        readers(3)
        pipeline.send_now(edition)
        drain(until=lambda: Send.objects.get().breaker_trips > 0)
        assert set(statuses().values()) == {"pending"}
        drain(rounds=2000)
        assert [c["to"] for c in bodies(httpserver)] == [READERS, READERS]
        assert set(statuses().values()) == {"sent"}
        assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}

    def test_a_timeout_leaves_the_batch_uncertain(
        self, settings, httpserver, edition, readers, fast_retries
    ):
        settings.SEND_UNCERTAIN_POLICY = "hold"
        path = esp_services.use(settings, httpserver, "sendgrid", REQUESTS_TIMEOUT=0.3)

        answer = threading.Event()

        def slow(request):
            answer.wait(10)  # until the test is done: the client gave up long before
            return esp_services.sendgrid_accepted(request)

        httpserver.expect_request(path).respond_with_handler(slow)
        readers(3)
        pipeline.send_now(edition)
        drain(rounds=2000)
        answer.set()
        assert set(statuses().values()) == {"uncertain"}
        deadline = time.monotonic() + 10  # the server logs the call once it has answered
        while not httpserver.log and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(httpserver.log) == 1

    def test_a_service_that_cannot_be_reached_trips_the_breaker_without_uncertainty(
        self, settings, edition, readers, fast_retries
    ):
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        settings.SEND_EMAIL_URL = "anymail://postmark"
        settings.ANYMAIL = {
            "POSTMARK_SERVER_TOKEN": "t",
            "POSTMARK_API_URL": f"http://127.0.0.1:{port}/",
        }
        readers(2)
        pipeline.send_now(edition)
        drain(until=lambda: Send.objects.get().breaker_trips > 0)
        assert set(statuses().values()) == {"pending"}
        assert not Delivery.objects.filter(uncertain=True).exists()

    def test_a_refused_batch_is_retried_one_message_per_call(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "mailgun")

        def picky(request):
            to = request.form.getlist("to")
            if len(to) > 1 or to == [READERS[1]]:
                return Response(json.dumps({"message": "'to' parameter is not valid"}), 400)
            return esp_services.mailgun_queued(request)

        httpserver.expect_request(path).respond_with_handler(picky)
        readers(3)
        pipeline.send_now(edition)
        drain()
        calls = bodies(httpserver)
        assert [c["to"] for c in calls] == [READERS] + [[r] for r in READERS]
        assert "Good morning Reader2" in calls[-1]["text"][0]  # its own message, merged here
        assert statuses() == {READERS[0]: "sent", READERS[1]: "failed", READERS[2]: "sent"}

    def test_a_reader_the_service_does_not_report_on_is_uncertain(
        self, settings, httpserver, edition, readers
    ):
        settings.SEND_UNCERTAIN_POLICY = "hold"
        path = esp_services.use(settings, httpserver, "postmark")
        every = esp_services.postmark_batch()

        def forgetful(request):
            replies = json.loads(every(request).get_data())
            replies[2]["To"] = "someone.else@example.com"
            return Response(json.dumps(replies), content_type="application/json")

        httpserver.expect_request(path).respond_with_handler(forgetful)
        readers(3)
        pipeline.send_now(edition)
        drain()
        assert statuses() == {READERS[0]: "sent", READERS[1]: "sent", READERS[2]: "uncertain"}
