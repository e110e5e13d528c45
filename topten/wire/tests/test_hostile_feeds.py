import time

import pytest

from topten.lib import fetch
from topten.wire import actions
from topten.wire.models import Item, Source

pytestmark = pytest.mark.django_db

# (path, classified error kind)
HOSTILE = [
    ("/bomb", "xml_bomb"),
    ("/xxe", "xml_bomb"),
    ("/gzip-bomb", "decompression_bomb"),
    ("/drip", "timeout"),
    ("/loop", "too_many_redirects"),
    ("/to-metadata", "forbidden"),
    ("/to-private", "forbidden"),
    ("/hop/1", "too_many_redirects"),
    ("/to-file", "forbidden"),
    ("/to-ipv6-loopback", "forbidden"),
    ("/huge", "too_large"),
    ("/huge-chunked", "too_large"),
    ("/bad-utf8", "bad_encoding"),
    ("/html", "not_a_feed"),
    ("/empty", "empty"),
]


def add(server, path, name):
    return Source.objects.create(name=name, feed_url=server.url + path)


class TestHostileFeeds:
    def test_every_hostile_feed_fails_classified_while_the_good_ones_ingest(
        self, feed_server, connections
    ):
        good = add(feed_server, "/sample/meridian-wire", "good")
        hostile = {path: add(feed_server, path, path) for path, _kind in HOSTILE}
        started = time.monotonic()
        actions.fetch_pass()
        assert time.monotonic() - started < 3.0 * 2 + 5  # the drip ends at the 3 s deadline
        for path, kind in HOSTILE:
            hostile[path].refresh_from_db()
            assert hostile[path].last_error_kind == kind, path
        assert Item.objects.filter(source=good).count() == 8
        assert not any(a.startswith(("10.", "169.254.")) or a == "::1" for a in connections)

    def test_the_drip_is_cut_at_the_total_deadline(self, feed_server):
        started = time.monotonic()
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(
                feed_server.url + "/drip",
                limits=fetch.Limits(deadline_s=3),
                allowed_networks=_loopback(),
            )
        assert caught.value.kind == "timeout"
        assert time.monotonic() - started < 4.5

    def test_a_redirect_to_a_private_address_never_connects_there(self, feed_server, connections):
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(feed_server.url + "/to-private", allowed_networks=_loopback())
        assert caught.value.kind == "forbidden"
        assert "10.0.0.7" not in connections
        assert "127.0.0.1" in connections

    def test_the_gzip_bomb_stops_at_the_decompressed_cap(self, feed_server):
        limits = fetch.Limits(max_decompressed=1024 * 1024, max_bytes=10 * 1024 * 1024)
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(feed_server.url + "/gzip-bomb", limits=limits, allowed_networks=_loopback())
        assert caught.value.kind == "decompression_bomb"

    def test_loopback_is_refused_without_the_allowlist(self, feed_server, connections):
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(feed_server.url + "/sample/meridian-wire")
        assert caught.value.kind == "forbidden"
        assert connections == []


def _loopback():
    from topten.lib import ssrf

    return ssrf.parse_networks(["127.0.0.1/32"])
