import json

import pytest
from werkzeug import Response

from topten.mailer import pipeline
from topten.mailer.models import Delivery
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db


def postmark_ok(request):
    body = json.loads(request.data)
    reply = {
        "To": body["To"],
        "SubmittedAt": "2026-11-25T10:00:00Z",
        "MessageID": f"pm-{body['To']}",
        "ErrorCode": 0,
        "Message": "OK",
    }
    return Response(json.dumps(reply), content_type="application/json")


@pytest.fixture
def postmark(settings, httpserver):
    settings.SEND_EMAIL_URL = "anymail://postmark"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "test-token",
        "POSTMARK_API_URL": httpserver.url_for("/"),
    }
    return httpserver


class TestEmailServiceTransport:
    def test_each_subscriber_gets_an_api_call_with_the_list_headers(
        self, edition, readers, postmark
    ):
        postmark.expect_request("/email", method="POST").respond_with_handler(postmark_ok)
        readers(3)
        pipeline.send_now(edition)
        drain()
        bodies = [json.loads(req.data) for req, _ in postmark.log]
        assert sorted(b["To"] for b in bodies) == [f"reader{i}@example.com" for i in range(3)]
        headers = {h["Name"]: h["Value"] for h in bodies[0]["Headers"]}
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/subscribe/unsubscribe/" in headers["List-Unsubscribe"]
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
        assert (
            Delivery.objects.get(email="reader1@example.com").provider_message_id
            == "pm-reader1@example.com"
        )

    def test_a_server_error_pauses_and_the_send_resumes(
        self, edition, readers, postmark, fast_retries
    ):
        postmark.expect_ordered_request("/email", method="POST").respond_with_data(
            "down", status=503
        )
        for _ in range(2):
            postmark.expect_request("/email", method="POST").respond_with_handler(postmark_ok)
        readers(2)
        pipeline.send_now(edition)
        drain(rounds=2000)
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
        assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
