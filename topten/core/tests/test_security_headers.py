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

    def test_a_configured_captcha_provider_may_load_its_script(self, client, settings):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "turnstile"
        csp = client.get("/subscribe/")["Content-Security-Policy"]
        assert "script-src 'self' https://challenges.cloudflare.com" in csp
        assert "frame-src https://challenges.cloudflare.com" in csp

    def test_without_a_captcha_no_third_party_is_allowed(self, client):
        csp = client.get("/subscribe/")["Content-Security-Policy"]
        assert "cloudflare" not in csp and "hcaptcha" not in csp
