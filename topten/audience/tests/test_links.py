import pytest
from django.test import override_settings
from django.urls import reverse

from topten.audience import links

pytestmark = pytest.mark.django_db


class TestLinks:
    @override_settings(SITE_URL="https://news.example")
    def test_unsubscribe_url_is_absolute_and_matches_the_route(self):
        url = links.unsubscribe_url(42)
        sig = url.rstrip("/").rsplit("/", 1)[1]
        assert url == "https://news.example" + reverse("audience:unsubscribe", args=[42, sig])

    @override_settings(SITE_URL="https://news.example")
    def test_preferences_url_is_absolute_and_matches_the_route(self):
        url = links.preferences_url(42)
        sig = url.rstrip("/").rsplit("/", 1)[1]
        assert url == "https://news.example" + reverse("audience:preferences", args=[42, sig])

    def test_a_signature_only_opens_its_own_purpose(self):
        sig = links.sign(links.UNSUBSCRIBE, 7)
        assert links.verify(links.UNSUBSCRIBE, 7, sig)
        assert not links.verify(links.PREFERENCES, 7, sig)

    def test_a_signature_only_opens_its_own_subscriber(self):
        assert not links.verify(links.UNSUBSCRIBE, 8, links.sign(links.UNSUBSCRIBE, 7))

    def test_links_keep_working_after_a_key_rotation(self, settings):
        sig = links.sign(links.UNSUBSCRIBE, 7)
        settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
        settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
        assert links.verify(links.UNSUBSCRIBE, 7, sig)

    def test_a_tampered_signature_is_refused(self):
        sig = links.sign(links.UNSUBSCRIBE, 7)
        assert not links.verify(links.UNSUBSCRIBE, 7, sig[:-1] + ("A" if sig[-1] != "A" else "B"))

    def test_the_headers_offer_one_click_unsubscribe(self):
        headers = links.list_unsubscribe_headers(42)
        assert headers["List-Unsubscribe"] == f"<{links.unsubscribe_url(42)}>"
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
