import pytest
from django.test import Client

from topten.donations.models import DonationIntent

pytestmark = pytest.mark.django_db


class TestCsrf:
    def test_the_donate_form_needs_a_csrf_token(self, stripe_keys):
        strict = Client(enforce_csrf_checks=True)
        response = strict.post("/donate/", {"frequency": "once", "amount": "2500"})
        assert response.status_code == 403
        assert not DonationIntent.objects.exists()

    def test_the_manage_pages_need_a_csrf_token(self, stripe_keys):
        strict = Client(enforce_csrf_checks=True)
        assert strict.post("/donate/manage/", {"email": "a@example.org"}).status_code == 403
        assert strict.post("/donate/manage/some-token/").status_code == 403

    def test_the_form_carries_a_token(self, client, stripe_keys):
        assert b"csrfmiddlewaretoken" in client.get("/donate/").content
