import pytest

from topten.audience import links
from topten.audience.models import ConsentEvent, Subscriber

pytestmark = pytest.mark.django_db


class TestUnsubscribePage:
    def test_confirming_with_a_reason_unsubscribes_and_keeps_the_reason(
        self, client, confirmed_subscriber
    ):
        path = links.path(links.UNSUBSCRIBE, confirmed_subscriber.pk)
        response = client.post(path, {"reason": "Too much news"})
        assert b"You're unsubscribed" in response.content
        subscriber = Subscriber.objects.get(pk=confirmed_subscriber.pk)
        assert subscriber.unsubscribe_reason == "Too much news"

    def test_the_unsubscribe_is_logged_with_ip_and_agent(self, client, confirmed_subscriber):
        path = links.path(links.UNSUBSCRIBE, confirmed_subscriber.pk)
        client.post(path, REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT="Webmail")
        event = ConsentEvent.objects.get(action="unsubscribe")
        assert (event.ip, event.user_agent, event.source) == ("198.51.100.9", "Webmail", "email")

    def test_an_unsubscribed_reader_sees_they_are_not_subscribed(
        self, client, unsubscribed_subscriber
    ):
        response = client.get(links.path(links.UNSUBSCRIBE, unsubscribed_subscriber.pk))
        assert b"You're not subscribed" in response.content
