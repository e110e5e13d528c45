import re
import time

import pytest
import time_machine
from django.core import mail

from topten.donations.models import Pledge
from topten.donations.tests.conftest import deliver_recorded, recorded
from topten.mailer.actions import send_queued_emails

pytestmark = pytest.mark.django_db
PORTAL = "/v1/billing_portal/sessions"


@pytest.fixture
def manage_link(client, stripe_api, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_recorded(client, "evt_checkout_session_completed_subscription.json")
    send_queued_emails()
    url = re.search(r"https://topten\.example(/donate/manage/\S+/)", mail.outbox[-1].body)
    return url.group(1)


class TestCustomerPortal:
    def test_the_link_shows_a_button_and_opens_nothing_on_get(self, client, manage_link):
        response = client.get(manage_link)
        assert response.status_code == 200
        assert b"Manage on Stripe" in response.content
        assert response["Referrer-Policy"] == "no-referrer"
        assert "https://billing.stripe.com" in response["Content-Security-Policy"]

    def test_the_button_opens_a_portal_session_for_the_donor_and_redirects(
        self, client, stripe_api, manage_link
    ):
        stripe_api.expect_oneshot_request(PORTAL, method="POST").respond_with_json(
            recorded("api_billing_portal_session.json")
        )
        response = client.post(manage_link)
        assert response.status_code == 303
        assert response["Location"].startswith("https://billing.stripe.com/p/session/")
        request, _ = stripe_api.log[-1]
        form = request.form
        assert form["customer"] == "cus_RMonthlyDonor0001"
        assert form["return_url"] == "https://topten.example/donate/"

    def test_a_stripe_error_is_explained(self, client, stripe_api, manage_link):
        stripe_api.expect_oneshot_request(PORTAL, method="POST").respond_with_json(
            recorded("api_error_invalid_request.json"), status=400
        )
        response = client.post(manage_link)
        assert response.status_code == 502
        assert b"refused this request" in response.content

    def test_an_expired_link_offers_a_new_one(self, client, manage_link):
        with time_machine.travel(time.time() + 46 * 86400, tick=False):
            response = client.get(manage_link)
        assert response.status_code == 400
        assert b"expired or is not valid" in response.content

    def test_a_tampered_link_is_refused(self, client, manage_link):
        response = client.post(manage_link.replace(":", ";", 1))
        assert response.status_code == 400

    def test_a_fresh_link_is_mailed_only_to_a_known_monthly_donor(
        self, client, manage_link, stripe_api
    ):
        before = len(mail.outbox)
        known = client.post("/donate/manage/", {"email": "Grace@Example.org"})
        unknown = client.post("/donate/manage/", {"email": "nobody@example.org"})
        send_queued_emails()
        assert known.status_code == unknown.status_code == 200
        assert known.content.replace(b"grace", b"X") == unknown.content.replace(b"nobody", b"X")
        assert [m.to for m in mail.outbox[before:]] == [["grace@example.org"]]
        assert "/donate/manage/" in mail.outbox[-1].body

    def test_asking_twice_quickly_sends_one_mail(self, client, manage_link):
        before = len(mail.outbox)
        for _ in range(3):
            client.post("/donate/manage/", {"email": "grace@example.org"})
        send_queued_emails()
        assert len(mail.outbox) - before == 1

    def test_no_link_is_mailed_for_a_cancelled_pledge(self, client, manage_link):
        deliver_recorded(client, "evt_customer_subscription_deleted.json")
        assert not Pledge.objects.get().is_active
        before = len(mail.outbox)
        client.post("/donate/manage/", {"email": "grace@example.org"})
        send_queued_emails()
        assert len(mail.outbox) == before
