"""Where newsletter messages go: one small interface, three implementations.

    transport.chunk_size          messages per `send` call (the in-flight window)
    transport.send(messages, meanwhile=None)
                                  -> one replies.Result per message, in any order;
                                  `meanwhile` (a generator) is run to its end during the
                                  send, between network waits where the transport has any
    transport.close()

`SMTPTransport` is our pipelining pool (smtp.py); `AnymailTransport` goes through
django-anymail to an email-service API, in that service's batch size;
`CaptureTransport` writes .eml files under MAIL_CAPTURE_DIR for development.
"""

import logging
import time
from pathlib import Path

from django.conf import settings

from topten.mailer import conf
from topten.mailer.message import Personal
from topten.mailer.replies import Outcome, Result, classify
from topten.mailer.smtp import Outgoing, SMTPSettings, SyncPool

log = logging.getLogger(__name__)

# Messages per API round of each email service (their documented batch limits).
ESP_BATCH = {
    "amazon_ses": 50,
    "postmark": 500,
    "mailgun": 1000,
    "sendgrid": 1000,
    "brevo": 1000,
    "mailjet": 50,
    "resend": 100,
    "sparkpost": 1000,
}


class SMTPTransport:
    needs_parts = False

    def __init__(self, config: conf.TransportConfig, sender: str):
        self.sender = sender
        self.pool = SyncPool(
            SMTPSettings(
                host=config.host,
                port=config.port,
                username=config.username,
                password=config.password,
                starttls=config.starttls,
                implicit_tls=config.implicit_tls,
                cafile=config.cafile,
                verify=config.verify,
                timeout=config.timeout,
            ),
            config.pool,
        )
        self.chunk_size = config.pool * conf.chunk_per_connection()

    def send(self, messages: list[Personal], meanwhile=None) -> list[Result]:
        return self.pool.send(
            [Outgoing(m.delivery_id, self.sender, m.to, m.data) for m in messages], meanwhile
        )

    def close(self):
        self.pool.close()


class CaptureTransport:
    chunk_size = 200
    needs_parts = False

    def send(self, messages: list[Personal], meanwhile=None) -> list[Result]:
        _exhaust(meanwhile)
        directory = Path(settings.MAIL_CAPTURE_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for m in messages:
            (directory / f"{stamp}-send-{m.delivery_id}.eml").write_bytes(m.data)
        return [Result(m.delivery_id, Outcome.SENT, 250, "captured") for m in messages]

    def close(self):
        pass


class AnymailTransport:
    """Email-service APIs. Each message is its own API call, grouped per `chunk_size`."""

    needs_parts = True
    PASSED_HEADERS = {
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Feedback-ID",
    }

    def __init__(self, config: conf.TransportConfig, sender: str):
        from topten.lib.emailurl import ANYMAIL_BACKENDS

        self.backend_path = ANYMAIL_BACKENDS[config.esp]
        self.sender = sender
        self.chunk_size = ESP_BATCH.get(config.esp, 100)
        self.connection = None

    def _message(self, m: Personal, from_header: str, subject: str):
        from django.core.mail import EmailMultiAlternatives

        headers = {n: v.replace("\r\n", "") for n, v in m.headers if n in self.PASSED_HEADERS}
        reply_to = [v for n, v in m.headers if n == "Reply-To"]
        message = EmailMultiAlternatives(
            subject, m.text, from_header, [m.to], headers=headers, reply_to=reply_to or None
        )
        if m.html:
            message.attach_alternative(m.html, "text/html")
        return message

    def send(self, messages: list[Personal], meanwhile=None) -> list[Result]:
        _exhaust(meanwhile)
        from anymail.exceptions import AnymailAPIError, AnymailError
        from django.core.mail import get_connection

        if self.connection is None:
            self.connection = get_connection(self.backend_path, fail_silently=False)
        results = []
        for m in messages:
            head = dict(m.headers)
            email = self._message(m, head.get("From", self.sender), m.subject)
            try:
                self.connection.send_messages([email])
            except AnymailAPIError as exc:
                code = getattr(exc, "status_code", None) or 0
                if code == 429 or code >= 500:
                    results.append(
                        Result(m.delivery_id, Outcome.NOT_ATTEMPTED, code, str(exc)[:300], True)
                    )
                elif code:
                    results.append(Result(m.delivery_id, Outcome.FAILED, code, str(exc)[:300]))
                else:  # timeout or connection reset: it may have been accepted
                    results.append(Result(m.delivery_id, Outcome.UNKNOWN, 0, str(exc)[:300], True))
                continue
            except AnymailError as exc:
                results.append(Result(m.delivery_id, Outcome.FAILED, 0, str(exc)[:300]))
                continue
            status = email.anymail_status
            state = status.recipients.get(m.to).status if status.recipients.get(m.to) else None
            if state in ("sent", "queued", "scheduled"):
                outcome = Outcome.SENT
            elif state in ("rejected", "invalid"):
                outcome = Outcome.FAILED
            else:
                outcome = Outcome.SENT if state is None else classify(550)[0]
            results.append(
                Result(
                    m.delivery_id,
                    outcome,
                    250 if outcome is Outcome.SENT else 550,
                    state or "",
                    provider_message_id=str(status.message_id or "")[:200],
                )
            )
        return results

    def close(self):
        if self.connection is not None:
            self.connection.close()


def _exhaust(generator) -> None:
    for _ in generator or ():
        pass


def get_transport(sender: str, url: str | None = None):
    config = conf.transport_config(url)
    if config.kind == "smtp":
        return SMTPTransport(config, sender)
    if config.kind == "anymail":
        return AnymailTransport(config, sender)
    return CaptureTransport()
