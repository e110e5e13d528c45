import pytest
from django.contrib.auth.models import User

from topten.donations.models import DonationIntent

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_keys(settings, publication):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.SITE_URL = "https://topten.example"
    return settings


class TestNoKeysPage:
    def test_visitors_see_the_appeal_and_an_honest_notice(self, client, no_keys, publication):
        response = client.get("/donate/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "Readers like you keep it going." in body
        assert "not able to take donations online yet" in body
        assert "<form" not in body.split("</header>")[1]
        assert "STRIPE_SECRET_KEY" not in body

    def test_staff_see_how_to_set_stripe_up(self, client, no_keys):
        staff = User.objects.create_user("editor", "editor@example.org", None, is_staff=True)
        client.force_login(staff)
        body = client.get("/donate/").content.decode()
        for name in ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"]:
            assert name in body
        assert "https://topten.example/donate/stripe/webhook/" in body
        for event in ["checkout.session.completed", "invoice.paid", "charge.refunded"]:
            assert event in body
        assert "customer.subscription.deleted" in body

    def test_a_post_without_keys_is_refused_politely(self, client, no_keys):
        response = client.post("/donate/", {"frequency": "once", "amount": "2500"})
        assert response.status_code == 503
        assert b"not able to take donations online yet" in response.content
        assert not DonationIntent.objects.exists()

    def test_without_a_webhook_secret_no_money_is_taken(self, client, no_keys):
        no_keys.STRIPE_SECRET_KEY = "sk_test_51QToptenExampleKey000000000000"
        body = client.get("/donate/").content.decode()
        assert "not able to take donations online yet" in body

    def test_the_page_renders_even_before_a_publication_exists(self, client, settings, db):
        settings.STRIPE_SECRET_KEY = ""
        response = client.get("/donate/")
        assert response.status_code == 200
        assert b"not able to take donations online yet" in response.content
