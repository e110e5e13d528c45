"""Where newsletter messages go: one small interface, three implementations.

    transport.chunk_size          messages per `send` call (the in-flight window)
    transport.send(messages, meanwhile=None)
                                  -> one replies.Result per message, in any order;
                                  `meanwhile` (a generator) is run to its end during the
                                  send, between network waits where the transport has any
    transport.close()

`SMTPTransport` is our pipelining pool (smtp.py); `AnymailTransport` (esp.py) goes
through django-anymail to an email-service API, in that service's batch size;
`CaptureTransport` writes .eml files under MAIL_CAPTURE_DIR for development.
"""

import logging
import time
from pathlib import Path

from django.conf import settings

from topten.mailer import conf
from topten.mailer.esp import AnymailTransport
from topten.mailer.message import Personal
from topten.mailer.replies import Outcome, Result
from topten.mailer.smtp import Outgoing, SMTPSettings, SyncPool

log = logging.getLogger(__name__)


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
            lanes=2,
        )
        self.lanes = len(self.pool.pools)
        self.chunk_size = self.pool.smallest_lane * conf.chunk_per_connection()

    def submit(self, messages: list[Personal], meanwhile=None, lane: int = 0):
        """Start sending on one lane of connections: a Future of the Results."""
        outgoing = [Outgoing(m.delivery_id, self.sender, m.to, m.data) for m in messages]
        return self.pool.submit(outgoing, meanwhile, lane)

    def send(self, messages: list[Personal], meanwhile=None) -> list[Result]:
        return self.submit(messages, meanwhile).result()

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


def _exhaust(generator) -> None:
    for _ in generator or ():
        pass


def get_transport(sender: str, url: str | None = None):
    config = conf.transport_config(url)
    if config.kind == "smtp":
        transport = SMTPTransport(config, sender)
    elif config.kind == "anymail":
        transport = AnymailTransport(config, sender)
    else:
        transport = CaptureTransport()
    # A chunk is granted by the rate limit as a whole: one never exceeds a second's quota.
    per_second = conf.rate_per_second()
    if per_second >= 1:
        transport.chunk_size = min(transport.chunk_size, int(per_second))
    return transport
