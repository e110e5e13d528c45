"""A scriptable SMTP sink on loopback (aiosmtpd) with a ledger of accepted messages.

Used by the fault tests and, when Postfix's smtp-sink is missing, by the send
benchmark. `script(rcpt, seen)` returns the reply for a recipient (None = 250),
where `seen` is how many times that recipient was offered before; `down()` makes
the relay answer 421 to every connection until `up()`.
"""

import asyncio
import re
import threading
from collections import Counter

from aiosmtpd.smtp import SMTP

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.I | re.M)


class _Handler:
    def __init__(self, sink: "Sink"):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        sink = self.sink
        with sink.lock:
            seen = sink.offered[address]
            sink.offered[address] += 1
        reply = sink.script(address, seen) if sink.script else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        match = _MESSAGE_ID.search(data.split(b"\r\n\r\n", 1)[0])
        with self.sink.lock:
            self.sink.envelope_sizes.append(len(envelope.rcpt_tos))
            for rcpt in envelope.rcpt_tos:
                self.sink.ledger.append(
                    (
                        rcpt,
                        match.group(1).decode() if match else "",
                        bytes(data) if self.sink.keep_data else b"",
                    )
                )
        if set(envelope.rcpt_tos) & self.sink.drop_after_data:
            # The message is stored, but the reply never arrives (F-11).
            self.sink.drop_after_data -= set(envelope.rcpt_tos)
            server.transport.abort()
        return "250 2.0.0 queued"


class _Relay(SMTP):
    """aiosmtpd's SMTP that can be told the relay is down (421 on connect)."""

    def __init__(self, sink, *args, **kwargs):
        self.sink = sink
        super().__init__(*args, **kwargs)

    def connection_made(self, transport):
        self._refused = self.sink.is_down
        if self._refused:
            transport.write(b"421 4.3.2 Service not available, try later\r\n")
            transport.close()
            return
        self.sink.transports.append(transport)
        super().connection_made(transport)

    def connection_lost(self, exc):
        if not self._refused:
            super().connection_lost(exc)


class Sink:
    def __init__(
        self, script=None, tls_context=None, keep_data=True, users=None, implicit_tls=False
    ):
        self.script = script
        self.tls_context = tls_context
        self.users = users or {}
        self.implicit_tls = implicit_tls
        self.sessions: list[dict] = []
        self.keep_data = keep_data
        self.ledger: list[tuple[str, str, bytes]] = []
        self.offered: Counter = Counter()
        self.envelope_sizes: list[int] = []
        self.drop_after_data: set[str] = set()
        self.transports: list = []
        self.lock = threading.Lock()
        self.is_down = False
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> "Sink":
        handler = _Handler(self)

        def factory():
            return _Relay(
                self,
                handler,
                enable_SMTPUTF8=True,
                tls_context=None if self.implicit_tls else self.tls_context,
                require_starttls=False,
                data_size_limit=None,
                hostname="sink.test",
                auth_require_tls=not self.implicit_tls,
                auth_required=bool(self.users),
                authenticator=self._authenticate if self.users else None,
            )

        async def serve():
            ssl = self.tls_context if self.implicit_tls else None
            return await self._loop.create_server(factory, "127.0.0.1", 0, ssl=ssl)

        self._thread.start()
        self.server = asyncio.run_coroutine_threadsafe(serve(), self._loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (
            isinstance(auth_data, LoginPassword)
            and self.users.get(auth_data.login.decode()) == auth_data.password.decode()
        )
        self.sessions.append({"mechanism": mechanism, "ok": ok})
        return AuthResult(success=ok, handled=False)

    def stop(self) -> None:
        async def close():
            self.server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def drop_sessions(self):
        """Close every open client session, as a relay does with idle clients."""

        def close_all():
            for transport in self.transports:
                transport.close()
            self.transports.clear()

        self._loop.call_soon_threadsafe(close_all)

    def down(self):
        self.is_down = True

    def up(self):
        self.is_down = False

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def accepted(self) -> Counter:
        """Recipient -> how many times a message to it was accepted."""
        with self.lock:
            return Counter(rcpt for rcpt, _, _ in self.ledger)

    def messages(self) -> list[bytes]:
        with self.lock:
            return [data for _, _, data in self.ledger]


class PostfixSink:
    """Postfix's smtp-sink (C, much faster than aiosmtpd) with its dump file as the ledger.

    Same `url`, `accepted()` and `stop()` as Sink; no scripted replies.
    """

    BINARY = "/usr/sbin/smtp-sink"

    @classmethod
    def available(cls) -> bool:
        import os

        return os.path.exists(cls.BINARY)

    def __init__(self):
        import os
        import tempfile
        from pathlib import Path

        # Its own world-writable directory: as root, smtp-sink writes the dump as nobody.
        self.directory = Path(tempfile.mkdtemp(prefix="topten-sink-"))
        self.directory.chmod(0o777)
        self.dump = self.directory / "sink.dump"
        self.port = 0
        self.proc = None
        self.root = os.geteuid() == 0

    def start(self) -> "PostfixSink":
        import socket
        import subprocess
        import time

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        argv = [self.BINARY, "-D", str(self.dump), f"127.0.0.1:{self.port}", "1024"]
        if self.root:
            argv[1:1] = ["-u", "nobody"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("smtp-sink did not start")

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)

    def cleanup(self) -> None:
        import shutil

        shutil.rmtree(self.directory, ignore_errors=True)

    def accepted(self) -> Counter:
        return count_dump_recipients(self.dump)


def count_dump_recipients(path) -> Counter:
    """Recipient -> messages in an smtp-sink dump (-D), read in blocks."""
    from pathlib import Path

    counts: Counter = Counter()
    path = Path(path)
    if not path.exists():
        return counts
    pattern = re.compile(rb"^X-Rcpt-Args: <([^>]*)>", re.M)
    with path.open("rb") as f:
        tail = b""
        while block := f.read(64 << 20):
            data = tail + block
            cut = data.rfind(b"\n")
            for m in pattern.finditer(data, 0, cut + 1):
                counts[m.group(1).decode()] += 1
            tail = data[cut + 1 :]
    return counts
