"""An asyncio SMTP client for bulk sending: a pool of connections with PIPELINING.

One recipient per message, so every reply code belongs to one delivery. On each
connection, `MAIL FROM`, `RCPT TO` and `DATA` go out in one write (RFC 2920);
after the 354 the body, its final dot and the next message's three commands go out
in one write again: one round trip per message. Throughput against Postfix's
smtp-sink, with full bookkeeping: see `bench/send.sh` and README.md.

Results are per message (see replies.Result). The connections of a pool take the
messages of a `send` one at a time from one queue. A connection that fails marks the
message in hand UNKNOWN when its body was already written (the relay may have
accepted it), NOT_ATTEMPTED otherwise; the others go on with the queue, and what no
connection could take is NOT_ATTEMPTED.
"""

import asyncio
import base64
import socket
import ssl
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field

from topten.mailer.replies import Outcome, Result, classify

# Reconnect a pooled session idle longer than this (relays time out idle clients).
IDLE_RECONNECT_S = 20.0


class SMTPError(Exception):
    def __init__(self, code: int, text: str):
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text


@dataclass
class Outgoing:
    delivery_id: int
    sender: str
    rcpt: str
    data: bytes  # the whole message, CRLF line endings, no dot-stuffing needed


@dataclass
class SMTPSettings:
    host: str
    port: int
    username: str = ""
    password: str = ""
    starttls: bool = False
    implicit_tls: bool = False
    cafile: str = ""
    verify: bool = True
    timeout: float = 30.0
    helo: str = field(default_factory=socket.getfqdn)

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.cafile or None)
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


class Connection:
    def __init__(self, settings: SMTPSettings):
        self.settings = settings
        self.reader = None
        self.writer = None
        self.extensions: dict[str, str] = {}
        self.body_in_flight = None
        self.holding: dict[int, Outgoing] = {}  # taken from the queue, not answered
        self.last_used = 0.0

    @property
    def open(self) -> bool:
        return self.writer is not None and not self.writer.is_closing()

    async def reply(self) -> tuple[int, str]:
        line = await self.reader.readline()
        if line[3:4] == b" " and line[:3].isdigit():  # one line: nearly every reply
            return int(line[:3]), line[4:].strip().decode("utf-8", "replace")
        lines = []
        while True:
            if not line:
                raise ConnectionResetError("the relay closed the connection")
            lines.append(line[4:].strip().decode("utf-8", "replace"))
            if line[3:4] != b"-":
                try:
                    return int(line[:3]), "\n".join(lines)
                except ValueError:
                    raise ConnectionResetError(f"bad reply from the relay: {line[:80]!r}") from None
            line = await self.reader.readline()

    async def command(self, line: str, expect=(250,)) -> tuple[int, str]:
        self.writer.write(line.encode() + b"\r\n")
        code, text = await self.reply()
        if code not in expect:
            raise SMTPError(code, text)
        return code, text

    async def connect(self):
        s = self.settings
        context = s.ssl_context() if (s.starttls or s.implicit_tls) else None
        self.reader, self.writer = await asyncio.open_connection(
            s.host, s.port, ssl=context if s.implicit_tls else None, limit=1 << 20
        )
        code, text = await self.reply()
        if code != 220:
            raise SMTPError(code, text)
        await self.ehlo()
        if s.starttls:
            if "starttls" not in self.extensions:
                raise SMTPError(554, "the relay does not offer STARTTLS")
            await self.command("STARTTLS", expect=(220,))
            await self.writer.start_tls(context, server_hostname=s.host)
            await self.ehlo()
        if s.username:
            await self.login()

    async def ehlo(self):
        _, text = await self.command(f"EHLO {self.settings.helo}")
        self.extensions = {}
        for line in text.split("\n")[1:]:
            name, _, arg = line.partition(" ")
            self.extensions[name.lower()] = arg

    async def login(self):
        s = self.settings
        methods = self.extensions.get("auth", "").upper().split()
        if "PLAIN" in methods:
            token = base64.b64encode(f"\0{s.username}\0{s.password}".encode()).decode()
            await self.command(f"AUTH PLAIN {token}", expect=(235,))
        elif "LOGIN" in methods:
            await self.command("AUTH LOGIN", expect=(334,))
            await self.command(base64.b64encode(s.username.encode()).decode(), expect=(334,))
            await self.command(base64.b64encode(s.password.encode()).decode(), expect=(235,))
        else:
            raise SMTPError(535, f"the relay offers no AUTH method we know ({methods})")

    async def close(self):
        if self.writer is None:
            return
        try:
            if self.open:
                self.writer.write(b"QUIT\r\n")
                await asyncio.wait_for(self.writer.drain(), 1)
            self.writer.close()
        except (TimeoutError, OSError, RuntimeError):
            pass
        self.writer = self.reader = None

    def _envelope(self, message: Outgoing) -> bytes:
        smtputf8 = "" if message.rcpt.isascii() else " SMTPUTF8"
        return (
            f"MAIL FROM:<{message.sender}>{smtputf8}\r\nRCPT TO:<{message.rcpt}>\r\nDATA\r\n"
        ).encode()

    async def _lockstep_envelope(self, message: Outgoing):
        """Without PIPELINING: one command, one reply."""
        smtputf8 = "" if message.rcpt.isascii() else " SMTPUTF8"
        self.writer.write(f"MAIL FROM:<{message.sender}>{smtputf8}\r\n".encode())
        mail = await self.reply()
        rcpt = data = (503, "not sent")
        if mail[0] == 250:
            self.writer.write(f"RCPT TO:<{message.rcpt}>\r\n".encode())
            rcpt = await self.reply()
            if rcpt[0] in (250, 251):
                self.writer.write(b"DATA\r\n")
                data = await self.reply()
        return mail, rcpt, data

    def _take(self, queue: deque) -> Outgoing:
        message = queue.popleft()
        self.holding[message.delivery_id] = message
        return message

    def _answer(self, results: list, result: Result) -> None:
        del self.holding[result.delivery_id]
        results.append(result)

    async def send_many(self, queue: deque, results: list) -> None:
        """Send messages taken from `queue`, which the pool's other connections share,
        until it is empty, appending a Result for each to `results`.

        Taking one message at a time keeps every connection busy to the end of a
        chunk (with fixed shares, connections waited for the slowest one for 8 % of
        their time in the benchmark), and a connection that fails leaves the rest of
        the chunk to the others instead of to a retry.
        Raises _Broken when the connection can no longer be used; `holding` then has
        the messages taken and not answered, and `body_in_flight` names the one
        whose body was written.
        """
        pipelining = "pipelining" in self.extensions
        utf8 = "smtputf8" in self.extensions
        queued = None  # taken, and its envelope already written
        while queued is not None or queue:
            if queued is not None:
                message, envelope_written = queued, True
            else:
                message, envelope_written = self._take(queue), False
            queued = None
            if not utf8 and not message.rcpt.isascii():
                self._answer(
                    results,
                    Result(message.delivery_id, Outcome.FAILED, 553, "5.6.7 relay lacks SMTPUTF8"),
                )
                continue
            if not pipelining:
                (mail, mail_t), (rcpt, rcpt_t), (data, data_t) = await self._lockstep_envelope(
                    message
                )
            else:
                if not envelope_written:
                    self.writer.write(self._envelope(message))
                mail, mail_t = await self.reply()
                rcpt, rcpt_t = await self.reply()
                data, data_t = await self.reply()
            accepted = mail == 250 and rcpt in (250, 251)
            if data == 354 and accepted:
                # One write of three buffers (writev): no copy of the 23 kB body.
                chunk = [message.data, b".\r\n"]
                if pipelining and queue and (utf8 or queue[0].rcpt.isascii()):
                    queued = self._take(queue)
                    chunk.append(self._envelope(queued))
                self.body_in_flight = message.delivery_id
                self.writer.writelines(chunk)
                code, text = await self.reply()
                self.body_in_flight = None
                self._answer(results, _result(message, code, text))
                if code == 421:
                    raise _Broken()
                continue
            if data == 354:
                # DATA accepted without a valid recipient (a broken relay): end it empty.
                self.writer.write(b".\r\n")
                await self.reply()
            if 421 in (mail, rcpt, data):
                self._answer(
                    results,
                    _result(
                        message, 421, mail_t if mail == 421 else rcpt_t if rcpt == 421 else data_t
                    ),
                )
                raise _Broken()
            if mail != 250:
                self._answer(results, _result(message, mail, mail_t))
            elif not accepted:
                self._answer(results, _result(message, rcpt, rcpt_t))
            else:
                self._answer(results, _result(message, data, data_t))
            if mail == 250:
                self.writer.write(b"RSET\r\n")
                await self.reply()

    def unanswered(self, code: int, reason: str) -> list[Result]:
        """Results for the messages taken and not answered, once the connection failed:
        UNKNOWN for the one whose body went out (the relay may have it), NOT_ATTEMPTED
        for the rest."""
        out = [
            Result(
                m.delivery_id,
                Outcome.UNKNOWN if m.delivery_id == self.body_in_flight else Outcome.NOT_ATTEMPTED,
                code,
                reason,
                relay_down=True,
            )
            for m in self.holding.values()
        ]
        self.holding.clear()
        return out


class _Broken(Exception):
    pass


def _result(message: Outgoing, code: int, text: str) -> Result:
    outcome, relay_down = classify(code, text)
    return Result(message.delivery_id, outcome, code, text[:300], relay_down=relay_down)


class Pool:
    """Up to `size` connections; `send` spreads messages over them and returns Results."""

    def __init__(self, settings: SMTPSettings, size: int):
        self.settings = settings
        self.size = size
        self.connections = [Connection(settings) for _ in range(size)]

    async def _run(self, connection: Connection, queue: deque, results: list):
        """Send from `queue` on one connection; returns (code, reason) when it failed."""
        connection.body_in_flight = None
        connection.holding = {}
        for attempt in (1, 2):
            reused = connection.open
            if reused and time.monotonic() - connection.last_used > IDLE_RECONNECT_S:
                await connection.close()  # relays drop idle sessions; don't find out mid-send
                reused = False
            try:
                if not connection.open:
                    await connection.connect()
                await connection.send_many(queue, results)
                connection.last_used = time.monotonic()
                return None
            except _Broken:
                reason, code = "the relay closed the connection (421)", 421
            except SMTPError as exc:
                reason, code = f"{exc.code} {exc.text}"[:300], exc.code
            except (OSError, EOFError, asyncio.IncompleteReadError, ssl.SSLError) as exc:
                reason, code = f"{type(exc).__name__}: {exc}"[:300], 0
                await connection.close()
                if attempt == 1 and reused and not results and connection.body_in_flight is None:
                    # A kept-alive session the relay had dropped: one fresh try, with
                    # what it had taken given back first.
                    queue.extendleft(reversed(connection.holding.values()))
                    connection.holding.clear()
                    continue
            break
        await connection.close()
        results.extend(connection.unanswered(code, reason))
        return code, reason

    async def send(self, messages: list[Outgoing], timeout: float) -> list[Result]:
        queue = deque(messages)
        runs = [(c, []) for c in self.connections[: len(messages)]]
        tasks = [asyncio.ensure_future(self._run(c, queue, r)) for c, r in runs]
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        results: list[Result] = []
        failure = (0, "no connection to the relay was left")
        for (connection, partial), task in zip(runs, tasks, strict=True):
            results.extend(partial)
            if task in pending:
                # A stuck relay: only the message whose body went out can have arrived.
                results.extend(connection.unanswered(0, "timed out"))
                await connection.close()
                failure = (0, "timed out")
            elif task.result() is not None:
                failure = task.result()
        # Every connection failed before the queue was empty.
        results.extend(
            Result(m.delivery_id, Outcome.NOT_ATTEMPTED, *failure, relay_down=True) for m in queue
        )
        return results

    async def close(self):
        await asyncio.gather(*(c.close() for c in self.connections), return_exceptions=True)


def new_loop():
    try:
        import uvloop

        return uvloop.new_event_loop()
    except ImportError:  # pragma: no cover - uvloop is a dependency
        return asyncio.new_event_loop()


class SyncPool:
    """The pool driven from synchronous code (the worker).

    Its event loop runs in a thread of its own, so the worker can wait for the
    database while messages are on the wire. The connections are split into `lanes`
    sent to independently: while one lane's chunk is out, the next chunk of another
    lane is recorded and marked.
    """

    def __init__(self, settings: SMTPSettings, size: int, lanes: int = 1):
        self.loop = new_loop()
        lanes = max(1, min(lanes, size))
        self.pools = [Pool(settings, size // lanes + (i < size % lanes)) for i in range(lanes)]
        self.timeout = settings.timeout
        self._thread = None

    @property
    def smallest_lane(self) -> int:
        return min(pool.size for pool in self.pools)

    def submit(self, messages: list[Outgoing], meanwhile=None, lane: int = 0) -> Future:
        """Start sending on one lane; the Future gives a Result per message. The
        generator `meanwhile` runs in the loop's thread, in the gaps while replies are
        awaited."""
        pool = self.pools[lane]
        timeout = self.timeout + len(messages) / pool.size * 0.05
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="smtp-pool", daemon=True)
            self._thread.start()
        return asyncio.run_coroutine_threadsafe(
            self._send(pool, messages, timeout, meanwhile), self.loop
        )

    def send(self, messages: list[Outgoing], meanwhile=None) -> list[Result]:
        return self.submit(messages, meanwhile).result()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def _send(self, pool, messages, timeout, meanwhile):
        sending = asyncio.ensure_future(pool.send(messages, timeout))
        for _ in meanwhile or ():
            await asyncio.sleep(0)
        return await sending

    async def _close(self):
        await asyncio.gather(*(pool.close() for pool in self.pools))

    def close(self):
        if self.loop.is_closed():
            return
        if self._thread is None:
            self.loop.run_until_complete(self._close())
        else:
            asyncio.run_coroutine_threadsafe(self._close(), self.loop).result()
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join()
        self.loop.close()
