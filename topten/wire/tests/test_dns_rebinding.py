import pytest

from topten.lib import fetch, ssrf


class TestDnsRebinding:
    def test_the_connection_goes_to_the_checked_address_only(self, monkeypatch, connections):
        # First answer: a public address (passes the check). Any later lookup: loopback.
        answers = iter([["93.184.216.34"]])
        monkeypatch.setattr(ssrf, "resolve", lambda host, port: next(answers, ["127.0.0.1"]))
        monkeypatch.setattr(fetch.socket, "create_connection", _refuse)
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch("http://rebind.example/feed", limits=fetch.Limits(deadline_s=2))
        assert caught.value.kind == "connection"
        assert _attempts == ["93.184.216.34"]

    def test_a_name_that_resolves_to_loopback_at_check_time_is_refused(
        self, monkeypatch, connections
    ):
        monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["127.0.0.1"])
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch("http://rebind.example/feed", limits=fetch.Limits(deadline_s=2))
        assert caught.value.kind == "forbidden"
        assert "127.0.0.1" not in connections


_attempts: list = []


def _refuse(address, timeout=None):
    _attempts.append(address[0])
    raise ConnectionRefusedError("test: no network")
