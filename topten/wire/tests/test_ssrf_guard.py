import pytest

from topten.lib import ssrf

FORBIDDEN = [
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "127.0.0.1",
    "127.255.0.9",
    "169.254.169.254",
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "198.18.0.1",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::7f00:1",
    "2002:7f00:1::1",
    "ff02::1",
    "fd00:ec2::254",
]
ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
]


class TestSsrfGuard:
    @pytest.mark.parametrize("address", FORBIDDEN)
    def test_internal_addresses_are_forbidden(self, address):
        assert ssrf.is_forbidden(address)

    @pytest.mark.parametrize("address", ALLOWED)
    def test_public_addresses_are_allowed(self, address):
        assert not ssrf.is_forbidden(address)

    def test_an_allowed_network_opens_only_that_network(self):
        allowed = ssrf.parse_networks(["127.0.0.1/32"])
        assert not ssrf.is_forbidden("127.0.0.1", allowed)
        assert ssrf.is_forbidden("127.0.0.2", allowed)
        assert ssrf.is_forbidden("169.254.169.254", allowed)

    @pytest.mark.parametrize(
        "url",
        ["file:///etc/passwd", "gopher://x/", "ftp://x/", "//x/", "http://user:pw@example.org/"],
    )
    def test_other_schemes_and_credentials_are_refused(self, url):
        with pytest.raises(ssrf.ForbiddenAddress):
            ssrf.check_url(url)

    @pytest.mark.parametrize(
        "host", ["2130706433", "0x7f.1", "127.1", "[::1]", "[::ffff:127.0.0.1]"]
    )
    def test_numeric_spellings_of_loopback_are_refused(self, host):
        _scheme, hostname, port = ssrf.check_url(f"http://{host}/feed")
        with pytest.raises(ssrf.ForbiddenAddress):
            ssrf.safe_addresses(hostname, port)

    def test_a_name_with_one_forbidden_address_is_refused(self, monkeypatch):
        monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.1"])
        with pytest.raises(ssrf.ForbiddenAddress):
            ssrf.safe_addresses("mixed.example", 80)
