from datetime import time

import pytest

from topten.audience import links
from topten.audience.models import ConsentEvent, Subscriber
from topten.audience.tests.smtp import deliver

pytestmark = pytest.mark.django_db


def form(**changes):
    data = {"delivery_time": "06:00", "timezone": "Europe/London", "format": "html"}
    return data | changes


class TestPreferenceCentre:
    def test_the_signed_link_opens_the_preferences(self, client, confirmed_subscriber):
        response = client.get(links.path(links.PREFERENCES, confirmed_subscriber.pk))
        assert b"Your preferences" in response.content
        assert b"ann@example.com" in response.content

    def test_a_bad_signature_does_not_open_them(self, client, confirmed_subscriber):
        sig = links.sign(links.UNSUBSCRIBE, confirmed_subscriber.pk)
        response = client.get(f"/subscribe/preferences/{confirmed_subscriber.pk}/{sig}/")
        assert response.status_code == 400

    def test_the_default_delivery_time_is_six_in_the_morning(self, confirmed_subscriber):
        assert confirmed_subscriber.delivery_time == time(6, 0)

    def test_delivery_time_time_zone_and_format_are_saved(self, client, confirmed_subscriber):
        path = links.path(links.PREFERENCES, confirmed_subscriber.pk)
        client.post(path, form(delivery_time="07:30", timezone="America/Chicago", format="text"))
        subscriber = Subscriber.objects.get(pk=confirmed_subscriber.pk)
        assert (subscriber.delivery_time, subscriber.timezone, subscriber.format) == (
            time(7, 30),
            "America/Chicago",
            "text",
        )

    def test_pausing_for_a_week_stops_deliveries(self, client, confirmed_subscriber):
        client.post(links.path(links.PREFERENCES, confirmed_subscriber.pk), form(pause_days="7"))
        assert not Subscriber.objects.receiving().filter(pk=confirmed_subscriber.pk).exists()

    def test_resuming_restarts_deliveries(self, client, confirmed_subscriber):
        path = links.path(links.PREFERENCES, confirmed_subscriber.pk)
        client.post(path, form(pause_days="7"))
        client.post(path, form(resume="on"))
        assert Subscriber.objects.receiving().filter(pk=confirmed_subscriber.pk).exists()

    def test_a_change_is_logged_and_confirmed_by_email(self, client, smtp, confirmed_subscriber):
        deliver()
        smtp.clear()
        client.post(links.path(links.PREFERENCES, confirmed_subscriber.pk), form(format="text"))
        deliver()
        assert ConsentEvent.objects.filter(action="preferences").count() == 1
        assert "preferences were updated" in smtp.to("ann@example.com")[0]["Subject"]

    def test_a_bad_time_is_refused_with_a_message(self, client, confirmed_subscriber):
        path = links.path(links.PREFERENCES, confirmed_subscriber.pk)
        response = client.post(path, form(delivery_time="25:99"))
        assert response.status_code == 400

    def test_the_page_links_to_unsubscribe(self, client, confirmed_subscriber):
        response = client.get(links.path(links.PREFERENCES, confirmed_subscriber.pk))
        assert links.path(links.UNSUBSCRIBE, confirmed_subscriber.pk).encode() in response.content
