import pytest
from django.test import Client
from django.urls import reverse

from topten.audience.models import SignupRequest
from topten.audience.tests.helpers import signup_data

pytestmark = pytest.mark.django_db


class TestEmbed:
    def test_the_embed_may_be_framed_by_other_sites(self, client):
        response = client.get(reverse("audience:embed"))
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in response["Content-Security-Policy"]

    def test_the_full_page_may_not_be_framed(self, client):
        response = client.get(reverse("audience:index"))
        assert response["X-Frame-Options"] == "DENY"

    def test_the_embed_accepts_a_post_without_cookies(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("audience:embed"), signup_data("gus@example.com"))
        assert b"Check your inbox" in response.content
        assert SignupRequest.objects.get().source == "embed"

    def test_the_embed_still_needs_a_valid_signed_stamp(self):
        client = Client(enforce_csrf_checks=True)
        data = signup_data("gus@example.com", stamp="forged")
        assert client.post(reverse("audience:embed"), data).status_code == 400
        assert not SignupRequest.objects.exists()

    def test_the_embed_honeypot_records_nothing(self):
        client = Client(enforce_csrf_checks=True)
        client.post(reverse("audience:embed"), signup_data("gus@example.com", website="x"))
        assert not SignupRequest.objects.exists()

    def test_the_embed_is_rate_limited_per_ip(self, settings):
        settings.AUDIENCE_SIGNUP_RATE = "2/h"
        client = Client(enforce_csrf_checks=True)
        codes = [
            client.post(reverse("audience:embed"), signup_data(f"g{i}@example.com")).status_code
            for i in range(3)
        ]
        assert codes == [200, 200, 429]
