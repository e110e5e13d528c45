"""A real SMTP server on loopback (aiosmtpd) that captures every message.

Use the ``smtp`` fixture: it starts the server on 127.0.0.1, an ephemeral port,
and points Django's SMTP backend at it. ``deliver()`` runs one worker pass of
the mail outbox; then read ``smtp.messages``.
"""

import re
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from topten.mailer.actions import send_queued_emails


class _LoopbackController(Controller):
    def _trigger_server(self):
        # Bound to port 0: learn the port the OS chose before aiosmtpd connects to it.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Capture:
    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def clear(self):
        with self._lock:
            self.messages.clear()


def deliver() -> int:
    """One worker pass over the outbox (as many passes as needed to drain it)."""
    total = 0
    while sent := send_queued_emails(limit=500):
        total += sent
    return total


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message, fragment: str) -> str:
    """The first URL in the text part containing `fragment`."""
    for url in re.findall(r"https?://\S+", text_part(message)):
        if fragment in url:
            return url
    raise AssertionError(f"no link with {fragment!r} in: {text_part(message)}")


@pytest.fixture
def smtp(settings):
    capture = Capture()
    controller = _LoopbackController(capture, hostname="127.0.0.1", port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield capture
    finally:
        controller.stop()
