"""A bounded HTTP GET for fetching untrusted URLs (feeds, sites), framework-free.

Every fetch is bounded by:

* a TOTAL deadline (connect + headers + body, across redirects), enforced by a
  watchdog that shuts the socket down, so a server dripping one byte every two
  seconds cannot keep a worker busy;
* a maximum body size on the wire and a maximum decompressed size (gzip and
  deflate are decoded as a stream with a cap, so a gzip bomb stops at the cap);
* a maximum number of redirects;
* the SSRF guard (`topten.lib.ssrf`): the host is resolved once, every address
  is checked, and the connection goes to a checked address, with the original
  host name in the Host header and in TLS SNI.

Failures raise `FetchError` with a short `kind` that callers store and show.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from topten.lib import ssrf

REDIRECT_STATUSES = {301, 302, 303, 307, 308}

# Error kinds, as stored on a source and shown on the sources page.
KINDS = {
    "forbidden": "Refused by the SSRF guard",
    "dns": "Host name does not resolve",
    "connection": "Connection failed",
    "tls": "TLS error",
    "timeout": "Deadline exceeded",
    "too_large": "Response too large",
    "decompression_bomb": "Decompressed size over the cap",
    "bad_encoding": "Cannot decode the response",
    "too_many_redirects": "Too many redirects",
    "protocol": "Malformed HTTP response",
    "http_status": "HTTP error status",
}


class FetchError(Exception):
    def __init__(
        self, kind: str, message: str, *, status: int = 0, retry_after: float | None = None
    ):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after

    def __str__(self):
        return f"{self.kind}: {self.message}"


@dataclass(frozen=True)
class Limits:
    deadline_s: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_decompressed: int = 20 * 1024 * 1024
    max_redirects: int = 5


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed: float = 0.0
    redirects: int = 0

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers.get("retry-after", ""))


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _Watchdog:
    """Shuts the current socket down when the total deadline passes."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.sock: socket.socket | None = None
        self.fired = False
        self._timer: threading.Timer | None = None

    def watch(self, sock: socket.socket) -> None:
        self.cancel()
        self.sock = sock
        self._timer = threading.Timer(max(0.0, self.remaining()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> float:
        remaining = self.remaining()
        if remaining <= 0 or self.fired:
            raise FetchError("timeout", "the total deadline passed")
        return remaining

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class _Decoder:
    """Streamed Content-Encoding decoding with a cap on the output."""

    def __init__(self, encoding: str, cap: int):
        self.encoding = encoding.strip().lower()
        self.cap = cap
        self.size = 0
        if self.encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._z = None  # zlib-wrapped or raw: decided on the first bytes
        elif self.encoding in ("", "identity"):
            self._z = False
        else:
            raise FetchError("bad_encoding", f"unsupported Content-Encoding {encoding!r}")

    def feed(self, data: bytes) -> bytes:
        if self._z is False:
            return self._count(data)
        if self._z is None:
            wbits = zlib.MAX_WBITS if data[:1] and (data[0] & 0x0F) == 8 else -zlib.MAX_WBITS
            self._z = zlib.decompressobj(wbits)
        out = []
        try:
            while data:
                chunk = self._z.decompress(data, self.cap - self.size + 1)
                out.append(self._count(chunk))
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError("bad_encoding", f"cannot decode {self.encoding}: {exc}") from None
        return b"".join(out)

    def _count(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.cap:
            raise FetchError(
                "decompression_bomb" if self._z is not False else "too_large",
                f"the decoded body passed {self.cap} bytes",
            )
        return chunk


def _connect(host: str, port: int, scheme: str, allowed, dog: _Watchdog) -> socket.socket:
    try:
        addresses = ssrf.safe_addresses(host, port, allowed)
    except ssrf.ForbiddenAddress as exc:
        raise FetchError("forbidden", str(exc)) from None
    except LookupError as exc:
        raise FetchError("dns", str(exc)) from None
    last_error: Exception | None = None
    for address in addresses:
        remaining = dog.check()
        try:
            # Connect to the address we checked, never to the name again.
            sock = socket.create_connection((address, port), timeout=remaining)
        except OSError as exc:
            last_error = exc
            continue
        dog.watch(sock)
        if scheme == "https":
            try:
                context = ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=host)
            except (ssl.SSLError, ssl.CertificateError) as exc:
                sock.close()
                raise FetchError("tls", str(exc)) from None
            dog.sock = sock
        return sock
    if dog.fired or dog.remaining() <= 0:
        raise FetchError("timeout", "the total deadline passed while connecting")
    raise FetchError("connection", f"cannot connect to {host}:{port}: {last_error}")


def _request_once(url, headers, limits, allowed, dog) -> Response:
    scheme, host, port = ssrf.check_url(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sock = _connect(host, port, scheme, allowed, dog)
    conn = http.client.HTTPConnection(host, port, timeout=dog.check())
    conn.sock = sock
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        default_port = 443 if scheme == "https" else 80
        conn.putheader("Host", host if port == default_port else f"{host}:{port}")
        for name, value in headers.items():
            if value:
                conn.putheader(name, value)
        conn.endheaders()
        sock.settimeout(dog.check())
        raw = conn.getresponse()
        response = Response(
            url=url,
            status=raw.status,
            headers={k.lower(): v for k, v in raw.getheaders()},
        )
        if raw.status in REDIRECT_STATUSES or raw.status == 304 or raw.status >= 400:
            return response  # the body of a redirect or an error is not needed
        declared = raw.getheader("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError("too_large", f"Content-Length {declared} is over {limits.max_bytes}")
        decoder = _Decoder(raw.getheader("content-encoding", ""), limits.max_decompressed)
        received, parts_out = 0, []
        while True:
            sock.settimeout(max(0.05, dog.check()))
            chunk = raw.read1(65536)
            if not chunk:
                break
            received += len(chunk)
            if received > limits.max_bytes:
                raise FetchError("too_large", f"the body passed {limits.max_bytes} bytes")
            parts_out.append(decoder.feed(chunk))
        dog.check()
        response.body = b"".join(parts_out)
        return response
    finally:
        conn.close()


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    user_agent: str = "Topten",
    accept: str = "*/*",
    limits: Limits = Limits(),
    allowed_networks=(),
) -> Response:
    """GET `url` within `limits`, following redirects. Raises FetchError; returns any final status."""
    started = time.monotonic()
    dog = _Watchdog(started + limits.deadline_s)
    allowed = tuple(allowed_networks)
    headers = {
        "User-Agent": user_agent,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
        "If-None-Match": etag,
        "If-Modified-Since": last_modified,
        "Connection": "close",
    }
    seen = {url}
    try:
        for redirects in range(limits.max_redirects + 1):
            try:
                response = _request_once(url, headers, limits, allowed, dog)
            except ssrf.ForbiddenAddress as exc:
                raise FetchError("forbidden", str(exc)) from None
            except FetchError:
                raise
            except TimeoutError:
                raise FetchError("timeout", "the server was too slow") from None
            except ssl.SSLError as exc:
                raise FetchError("tls", str(exc)) from None
            except (http.client.HTTPException, OSError, ValueError) as exc:
                if dog.fired or dog.remaining() <= 0:
                    raise FetchError("timeout", "the total deadline passed") from None
                kind = "protocol" if isinstance(exc, http.client.HTTPException) else "connection"
                raise FetchError(kind, f"{type(exc).__name__}: {exc}") from None
            response.elapsed = time.monotonic() - started
            response.redirects = redirects
            if response.status not in REDIRECT_STATUSES:
                return response
            location = response.headers.get("location", "")
            if not location:
                raise FetchError("protocol", f"HTTP {response.status} without a Location")
            url = urljoin(url, location.strip())
            if url in seen:
                raise FetchError("too_many_redirects", f"redirect loop back to {url}")
            seen.add(url)
        raise FetchError("too_many_redirects", f"more than {limits.max_redirects} redirects")
    finally:
        dog.cancel()
