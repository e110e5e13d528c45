from django.test import RequestFactory

from topten.lib.clientip import client_ip, client_ip_hash


class TestClientIp:
    def test_it_uses_remote_addr_by_default(self, settings):
        settings.TRUSTED_PROXY_IP_HEADER = ""
        request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_REAL_IP="203.0.113.9")
        assert client_ip(request) == "192.0.2.7"

    def test_it_ignores_a_spoofed_forwarded_for_header(self, settings):
        settings.TRUSTED_PROXY_IP_HEADER = ""
        request = RequestFactory().get(
            "/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
        assert client_ip(request) == "192.0.2.7"

    def test_it_trusts_the_configured_proxy_header(self, settings):
        settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
        request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
        assert client_ip(request) == "203.0.113.9"

    def test_it_takes_the_first_address_of_a_list_and_strips_ports(self, settings):
        settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
        for raw, expected in [
            ("203.0.113.9, 10.0.0.1", "203.0.113.9"),
            ("203.0.113.9:5678", "203.0.113.9"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            ("2001:DB8::1", "2001:db8::1"),
        ]:
            request = RequestFactory().get("/", HTTP_X_REAL_IP=raw)
            assert client_ip(request) == expected, raw

    def test_a_garbage_proxy_header_falls_back_to_remote_addr(self, settings):
        settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
        request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_REAL_IP="<script>")
        assert client_ip(request) == "192.0.2.7"

    def test_the_hash_does_not_contain_the_address_and_differs_by_salt(self):
        request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
        assert "192.0.2.7" not in client_ip_hash(request, "a")
        assert client_ip_hash(request, "a") != client_ip_hash(request, "b")
        assert client_ip_hash(request, "a") == client_ip_hash(request, "a")
