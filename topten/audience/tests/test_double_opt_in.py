import pytest
from django.urls import reverse

from topten.audience.actions import process_signup_requests
from topten.audience.models import ConsentEvent, Subscriber
from topten.audience.tests.helpers import signup_data
from topten.audience.tests.smtp import deliver, html_part, link_in, text_part

pytestmark = pytest.mark.django_db


def sign_up(client, smtp, email="dora@example.com"):
    response = client.post(reverse("audience:index"), signup_data(email, first_name="Dora"))
    assert response.status_code == 302
    process_signup_requests()
    deliver()
    return smtp.to(email)[-1]


class TestDoubleOptIn:
    def test_signing_up_sends_a_confirmation_email_with_text_and_html(self, client, smtp):
        message = sign_up(client, smtp)
        assert "Confirm" in message["Subject"]
        assert "/subscribe/confirm/" in text_part(message)
        assert "/subscribe/confirm/" in html_part(message)

    def test_the_subscriber_stays_pending_until_confirmed(self, client, smtp):
        sign_up(client, smtp)
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    def test_opening_the_link_shows_a_confirm_button_and_changes_nothing(self, client, smtp):
        url = link_in(sign_up(client, smtp), "/confirm/")
        response = client.get(url)
        assert b'<button type="submit" class="button">Confirm</button>' in response.content
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    def test_pressing_confirm_confirms_and_records_time_ip_and_agent(self, client, smtp):
        url = link_in(sign_up(client, smtp), "/confirm/")
        client.post(url, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Mail/1.0")
        subscriber = Subscriber.objects.get()
        assert subscriber.status == Subscriber.Status.CONFIRMED
        assert (subscriber.confirmed_ip, subscriber.confirmed_user_agent) == (
            "198.51.100.7",
            "Mail/1.0",
        )
        assert subscriber.confirmed_at is not None

    def test_confirming_sends_the_welcome_email_with_preference_and_unsubscribe_links(
        self, client, smtp
    ):
        client.post(link_in(sign_up(client, smtp), "/confirm/"))
        deliver()
        welcome = smtp.to("dora@example.com")[-1]
        assert welcome["Subject"].startswith("Welcome")
        assert "/subscribe/preferences/" in text_part(welcome)
        assert "/subscribe/unsubscribe/" in html_part(welcome)

    def test_the_consent_log_has_the_subscribe_and_the_confirm(self, client, smtp):
        client.post(link_in(sign_up(client, smtp), "/confirm/"), REMOTE_ADDR="198.51.100.7")
        events = list(ConsentEvent.objects.values_list("action", "source", "ip"))
        assert events == [
            ("subscribe", "form", "127.0.0.1"),
            ("confirm", "email", "198.51.100.7"),
        ]
