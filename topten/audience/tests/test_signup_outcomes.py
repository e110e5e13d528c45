"""What a sign-up leads to, by the state of the address (decided by the worker)."""

import pytest
from django.urls import reverse

from topten.audience.actions import process_signup_requests
from topten.audience.models import SignupRequest, Subscriber
from topten.audience.tests.helpers import signup_data
from topten.audience.tests.personas import clear_outbox
from topten.audience.tests.smtp import deliver, link_in, text_part

pytestmark = pytest.mark.django_db


def sign_up_and_deliver(client, smtp, email):
    clear_outbox()
    smtp.clear()
    client.post(reverse("audience:index"), signup_data(email))
    process_signup_requests()
    deliver()
    return smtp.to(email)


class TestSignupOutcomes:
    def test_a_pending_address_gets_the_confirmation_again(
        self, client, smtp, unconfirmed_subscriber
    ):
        [message] = sign_up_and_deliver(client, smtp, "ben@example.com")
        assert "Confirm" in message["Subject"]
        client.post(link_in(message, "/confirm/"))
        assert Subscriber.objects.get(pk=unconfirmed_subscriber.pk).status == "confirmed"

    def test_a_confirmed_address_gets_its_preferences_link(
        self, client, smtp, confirmed_subscriber
    ):
        [message] = sign_up_and_deliver(client, smtp, "ann@example.com")
        assert "already subscribed" in message["Subject"]
        assert "/subscribe/preferences/" in text_part(message)

    def test_an_unsubscribed_address_gets_a_fresh_confirmation(
        self, client, smtp, unsubscribed_subscriber
    ):
        [message] = sign_up_and_deliver(client, smtp, "cat@example.com")
        assert "Confirm" in message["Subject"]

    def test_the_address_is_matched_whatever_its_case(self, client, smtp, confirmed_subscriber):
        [message] = sign_up_and_deliver(client, smtp, "ANN@Example.COM")
        assert "already subscribed" in message["Subject"]
        assert Subscriber.objects.count() == 1

    def test_each_request_records_what_it_led_to(self, client, smtp, confirmed_subscriber):
        sign_up_and_deliver(client, smtp, "ann@example.com")
        assert SignupRequest.objects.latest("pk").outcome == "already"
