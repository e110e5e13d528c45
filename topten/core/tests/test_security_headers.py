import pytest

from topten.core.management.commands.demo import load_demo

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/editions/", "/subscribe/", "/donate/", "/no-such-page/"]


class TestSecurityHeaders:
    @pytest.fixture(autouse=True)
    def demo(self):
        load_demo()

    @pytest.mark.parametrize("url", PUBLIC_URLS)
    def test_public_pages_carry_a_strict_policy(self, client, url):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "object-src 'none'" in csp
        assert "base-uri 'none'" in csp
        assert "frame-ancestors" in csp
        assert "script-src 'self'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"

    def test_hsts_is_sent_when_served_over_https(self, client, settings):
        settings.HTTPS = True
        response = client.get("/", secure=True)
        assert "max-age=31536000" in response["Strict-Transport-Security"]
