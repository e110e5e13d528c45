import base64
import hashlib
import hmac
import json
import time

import pytest

from topten.audience.hashing import email_hash
from topten.audience.models import Subscriber, Suppression
from topten.mailer.models import WebhookEvent

pytestmark = pytest.mark.django_db

AUTH = "Basic " + base64.b64encode(b"anymail:hooksecret").decode()
POSTMARK_BOUNCE = {
    "RecordType": "Bounce",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "MessageStream": "outbound",
    "Description": "The server was unable to deliver your message.",
    "Details": "smtp;550 5.1.1 unknown user",
    "Email": "reader0@example.com",
    "From": "news@topten.test",
    "BouncedAt": "2026-11-05T16:33:54.9070259Z",
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Today",
}
POSTMARK_COMPLAINT = {
    **POSTMARK_BOUNCE,
    "RecordType": "SpamComplaint",
    "ID": 42,
    "Type": "SpamComplaint",
    "TypeCode": 512,
}


@pytest.fixture
def hooks(settings, readers):
    settings.ROOT_URLCONF = "topten.mailer.root_urls"
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": "anymail:hooksecret",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "mgkey",
    }
    readers(2)


def post(client, esp, payload, **headers):
    return client.post(
        f"/anymail/{esp}/tracking/", json.dumps(payload), content_type="application/json", **headers
    )


def mailgun(timestamp):
    token = "a" * 50
    signature = hmac.new(b"mgkey", f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": str(timestamp), "token": token, "signature": signature},
        "event-data": {
            "event": "failed",
            "severity": "permanent",
            "id": "mg-event-1",
            "timestamp": timestamp,
            "recipient": "reader1@example.com",
            "message": {"headers": {"message-id": "abc@mg.example"}},
            "delivery-status": {"code": 550, "message": "5.1.1 no such user", "description": ""},
        },
    }


class TestWebhooks:
    def test_a_hard_bounce_suppresses_the_address(self, client, hooks):
        assert post(client, "postmark", POSTMARK_BOUNCE, HTTP_AUTHORIZATION=AUTH).status_code == 200
        assert Suppression.objects.filter(email_hash=email_hash("reader0@example.com")).exists()
        assert Subscriber.objects.get(email="reader0@example.com").status == "bounced"

    def test_a_complaint_suppresses_the_address(self, client, hooks):
        assert (
            post(client, "postmark", POSTMARK_COMPLAINT, HTTP_AUTHORIZATION=AUTH).status_code == 200
        )
        assert Suppression.objects.get().reason == "complained"

    def test_the_same_event_twice_is_handled_once(self, client, hooks):
        for _ in range(2):
            assert (
                post(client, "postmark", POSTMARK_BOUNCE, HTTP_AUTHORIZATION=AUTH).status_code
                == 200
            )
        assert WebhookEvent.objects.count() == 1

    def test_no_basic_auth_is_rejected(self, client, hooks):
        assert post(client, "postmark", POSTMARK_BOUNCE).status_code in (401, 403)
        assert not Suppression.objects.exists()

    def test_webhooks_are_off_without_a_secret(self, client, hooks, settings):
        settings.ANYMAIL = {}
        assert post(client, "postmark", POSTMARK_BOUNCE, HTTP_AUTHORIZATION=AUTH).status_code == 403

    def test_a_fresh_mailgun_event_is_accepted(self, client, hooks):
        response = post(client, "mailgun", mailgun(int(time.time())), HTTP_AUTHORIZATION=AUTH)
        assert response.status_code == 200
        assert Subscriber.objects.get(email="reader1@example.com").status == "bounced"

    def test_a_day_old_mailgun_event_is_rejected(self, client, hooks):
        stale = mailgun(int(time.time()) - 86400)
        assert post(client, "mailgun", stale, HTTP_AUTHORIZATION=AUTH).status_code == 403
        assert not Suppression.objects.exists()

    def test_a_mailgun_event_with_a_bad_signature_is_rejected(self, client, hooks):
        payload = mailgun(int(time.time()))
        payload["signature"]["signature"] = "0" * 64
        assert post(client, "mailgun", payload, HTTP_AUTHORIZATION=AUTH).status_code in (400, 403)
        assert not Suppression.objects.exists()


SES_BOUNCE = {
    "notificationType": "Bounce",
    "bounce": {
        "feedbackId": "0100017a-feedback",
        "bounceType": "Permanent",
        "bounceSubType": "General",
        "bouncedRecipients": [
            {"emailAddress": "reader1@example.com", "status": "5.1.1", "action": "failed"}
        ],
        "timestamp": "2026-11-25T10:00:00.000Z",
    },
    "mail": {
        "timestamp": "2026-11-25T09:59:58.000Z",
        "messageId": "0100017a-ses-message",
        "source": "news@topten.test",
        "destination": ["reader1@example.com"],
    },
}


def sns(message: dict) -> dict:
    return {
        "Type": "Notification",
        "MessageId": "8c2b9f1e-sns-id",
        "TopicArn": "arn:aws:sns:eu-west-1:123456789012:topten-ses",
        "Message": json.dumps(message),
        "Timestamp": "2026-11-25T10:00:01.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE",
        "SigningCertURL": "https://sns.eu-west-1.amazonaws.com/cert.pem",
        "UnsubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe",
    }


class TestSesWebhook:
    def test_an_ses_bounce_through_sns_suppresses_the_address(self, client, hooks):
        response = post(
            client,
            "amazon_ses",
            sns(SES_BOUNCE),
            HTTP_AUTHORIZATION=AUTH,
            HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification",
            HTTP_X_AMZ_SNS_MESSAGE_ID="8c2b9f1e-sns-id",
        )
        assert response.status_code == 200
        assert Subscriber.objects.get(email="reader1@example.com").status == "bounced"

    def test_without_basic_auth_it_is_rejected(self, client, hooks):
        response = post(
            client, "amazon_ses", sns(SES_BOUNCE), HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification"
        )
        assert response.status_code == 401
        assert not Suppression.objects.exists()
