"""Email services on loopback for the transport tests: a real HTTP server (pytest-httpserver)
that records every request, answered as the services answer (replies recorded from
their API documentation), with anymail's API URL settings pointed at it."""

import json

from werkzeug import Response

API_KEYS = {
    "postmark": {"POSTMARK_SERVER_TOKEN": "test-token"},
    "mailgun": {"MAILGUN_API_KEY": "key-test"},
    "sendgrid": {"SENDGRID_API_KEY": "SG.test"},
    "resend": {"RESEND_API_KEY": "re_test"},
}
PATHS = {
    "postmark": ("", "/email/batch"),
    "mailgun": ("/v3", "/v3/topten.test/messages"),
    "sendgrid": ("/v3/", "/v3/mail/send"),
    "resend": ("", "/emails"),
}


def use(settings, httpserver, esp: str, **anymail) -> str:
    """Send newsletters through `esp` at the local server; returns the send API's path."""
    base, path = PATHS[esp]
    settings.SEND_EMAIL_URL = f"anymail://{esp}"
    settings.ANYMAIL = {
        **API_KEYS[esp],
        f"{esp.upper()}_API_URL": httpserver.url_for(base or "/"),
        **anymail,
    }
    return path


def postmark_batch(inactive=()):
    """Postmark's /email/batch: one result per message, in order; `inactive` are refused."""

    def handler(request):
        replies = []
        for n, message in enumerate(json.loads(request.data)):
            if message["To"] in inactive:
                replies.append(
                    {
                        "ErrorCode": 406,
                        "Message": "You tried to send to recipient(s) that have been marked as "
                        f"inactive. Found inactive addresses: {message['To']}. Inactive "
                        "recipients are ones that have generated a hard bounce, a spam "
                        "complaint, or a manual suppression.",
                    }
                )
                continue
            replies.append(
                {
                    "To": message["To"],
                    "SubmittedAt": "2026-11-25T10:00:00Z",
                    "MessageID": f"pm-{n}-{message['To']}",
                    "ErrorCode": 0,
                    "Message": "OK",
                }
            )
        return Response(json.dumps(replies), content_type="application/json")

    return handler


def mailgun_queued(request):
    reply = {"id": "<20261125100000.1.ABCDEF@topten.test>", "message": "Queued. Thank you."}
    return Response(json.dumps(reply), content_type="application/json")


def sendgrid_accepted(request):
    return Response("", status=202)


def resend_sent(request):
    body = json.loads(request.data)
    return Response(json.dumps({"id": f"re-{body['to'][0]}"}), content_type="application/json")


def bodies(httpserver) -> list:
    """Every request's JSON body (form fields for Mailgun), in order."""
    out = []
    for request, _ in httpserver.log:
        if request.content_type.startswith("application/json"):
            out.append(json.loads(request.data))
        else:
            out.append(request.form.to_dict(flat=False))
    return out
