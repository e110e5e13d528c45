import pytest
from django.urls import reverse

from topten.audience.actions import process_signup_requests
from topten.audience.tests.helpers import signup_data
from topten.audience.tests.smtp import deliver

pytestmark = pytest.mark.django_db
VICTIM = "victim@example.com"


class TestMailBombing:
    def test_one_address_gets_at_most_three_emails_a_day_from_many_ips(
        self, client, smtp, settings
    ):
        settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
        for i in range(30):
            client.post(
                reverse("audience:index"), signup_data(VICTIM), HTTP_X_REAL_IP=f"203.0.113.{i}"
            )
            process_signup_requests()
        deliver()
        assert len(smtp.to(VICTIM)) == 3

    def test_the_limit_also_holds_after_the_address_is_confirmed(self, client, smtp, settings):
        from topten.audience.tests.personas import make_confirmed

        make_confirmed(VICTIM)
        settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
        for i in range(10):
            client.post(
                reverse("audience:index"), signup_data(VICTIM), HTTP_X_REAL_IP=f"203.0.113.{i}"
            )
        process_signup_requests()
        deliver()
        # one confirmation (the persona's) + two already-subscribed emails
        already = [m for m in smtp.to(VICTIM) if "already" in m["Subject"]]
        assert len(already) == 2

    def test_one_ip_is_limited_with_429(self, client, settings):
        settings.AUDIENCE_SIGNUP_RATE = "5/h"
        codes = [
            client.post(reverse("audience:index"), signup_data(f"r{i}@example.com")).status_code
            for i in range(7)
        ]
        assert codes == [302] * 5 + [429] * 2

    def test_a_429_says_when_to_retry(self, client, settings):
        settings.AUDIENCE_SIGNUP_RATE = "1/h"
        client.post(reverse("audience:index"), signup_data("a@example.com"))
        response = client.post(reverse("audience:index"), signup_data("b@example.com"))
        assert int(response["Retry-After"]) > 0

    def test_a_spoofed_forwarded_for_is_ignored_without_a_trusted_header(self, client, settings):
        settings.AUDIENCE_SIGNUP_RATE = "5/h"
        settings.TRUSTED_PROXY_IP_HEADER = ""
        codes = [
            client.post(
                reverse("audience:index"),
                signup_data(f"r{i}@example.com"),
                HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
                HTTP_X_REAL_IP=f"198.51.100.{i}",
            ).status_code
            for i in range(7)
        ]
        assert codes[-1] == 429
