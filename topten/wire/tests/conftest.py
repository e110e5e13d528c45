"""Wire desk fixtures: a hostile-and-friendly feed server on loopback, staff persona, clean engine."""

import gzip
import io
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from topten.wire import engine, samples

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&x;</title></channel></rss>"""


ARTICLE_PAGE = b"""<!doctype html><html><head><title>Harbour reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour reopens after the storm</h1>
<p>The fictional port of Valmora reopened its outer harbour on Tuesday, nine days after the
storm surge that broke the northern breakwater and sank two moored ferries.</p>
<p>Engineers said the temporary barrier of stacked concrete blocks would hold until the spring,
when the rebuilt breakwater is due to be finished at a cost the council put at forty million.</p>
<p>Fishing crews, who had landed their catch at a beach ramp since the storm, queued from dawn
to tie up at the quay again, and the first ferry to the islands left at noon.</p></article>
<footer>Copyright Valmora Gazette. All rights reserved. Subscribe now.</footer>
</body></html>"""


def gzip_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as handle:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            handle.write(chunk)
    return buffer.getvalue()


class FeedHandler(BaseHTTPRequestHandler):
    """Serves /sample/<slug> (the fictional feeds) and the hostile corpus."""

    protocol_version = "HTTP/1.1"
    requests: list = []

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="application/rss+xml", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one branch per hostile case
        self.server.requests.append((self.path, dict(self.headers)))
        path = self.path.split("?")[0]
        if path.startswith("/sample/"):
            slug = path.rsplit("/", 1)[1]
            content_type, body = samples.render(
                slug, base_url=f"http://127.0.0.1:{self.server.server_port}/a"
            )
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304, content_type=content_type, headers=[("ETag", '"v1"')])
            return self._send(
                200,
                body,
                content_type,
                headers=[("ETag", '"v1"'), ("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT")],
            )
        if path.startswith("/a/"):  # the article pages the sample feeds link to
            return self._send(200, ARTICLE_PAGE, "text/html; charset=utf-8")
        if path == "/site":
            html = b'<html><head><link rel="alternate" type="application/rss+xml" title="Site feed" href="/sample/meridian-wire"></head><body>Hi</body></html>'
            return self._send(200, html, "text/html")
        if path == "/bomb":
            return self._send(200, BILLION_LAUGHS)
        if path == "/xxe":
            return self._send(200, XXE)
        if path == "/gzip-bomb":
            return self._send(200, self.server.gzip_bomb, headers=[("Content-Encoding", "gzip")])
        if path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass
            return None
        if path == "/loop":
            return self._send(302, headers=[("Location", "/loop2")])
        if path == "/loop2":
            return self._send(302, headers=[("Location", "/loop")])
        if path.startswith("/hop/"):
            hop = int(path.rsplit("/", 1)[1])
            return self._send(
                302,
                headers=[("Location", f"/hop/{hop + 1}" if hop < 10 else "/sample/lakeside-daily")],
            )
        if path == "/to-file":
            return self._send(302, headers=[("Location", "file:///etc/passwd")])
        if path == "/to-ipv6-loopback":
            return self._send(302, headers=[("Location", "http://[::1]/feed")])
        if path == "/to-metadata":
            return self._send(
                302, headers=[("Location", "http://169.254.169.254/latest/meta-data/")]
            )
        if path == "/to-private":
            return self._send(302, headers=[("Location", "http://10.0.0.7/feed")])
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            try:
                chunk = b"x" * 65536
                for _ in range(50 * 16):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return None
        if path == "/huge-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                chunk = b"x" * 65536
                for _ in range(50 * 16):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            return None
        if path == "/bad-utf8":
            return self._send(
                200,
                b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>\xff\xfe\xfa</title></channel></rss>',
            )
        if path == "/html":
            return self._send(
                200, b"<!doctype html><html><body><p>Not a feed</p></body></html>", "text/html"
            )
        if path == "/empty":
            return self._send(200, b"")
        if path == "/limited":
            return self._send(429, b"slow down", "text/plain", headers=[("Retry-After", "3600")])
        return self._send(404, b"not found", "text/plain")


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.requests = []
    server.gzip_bomb = gzip_bomb(64 * 1024 * 1024)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _wire_settings(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.WIRE_FETCH_DEADLINE = 3.0
    settings.WIRE_MAX_BYTES = 2 * 1024 * 1024
    settings.WIRE_MAX_DECOMPRESSED = 8 * 1024 * 1024
    engine.reset()
    yield
    engine.reset()


@pytest.fixture
def connections():
    """Every (host, port) the process tries to connect to while the test runs."""
    seen = []
    active = [True]

    def hook(event, args):
        if active[0] and event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple):
                seen.append(address[0])

    sys.addaudithook(hook)  # hooks cannot be removed: it goes quiet after the test
    yield seen
    active[0] = False


@pytest.fixture
def staff(django_user_model):
    """An editor: staff, may use the wire desk and fill today's edition."""
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw", is_staff=True
    )
