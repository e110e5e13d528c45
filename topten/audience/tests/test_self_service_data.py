import pytest

from topten.audience import links
from topten.audience.actions import is_suppressed
from topten.audience.models import Subscriber

pytestmark = pytest.mark.django_db


class TestSelfServiceData:
    def test_a_reader_downloads_their_data_from_the_preference_centre(
        self, client, confirmed_subscriber
    ):
        path = links.path(links.PREFERENCES, confirmed_subscriber.pk) + "data/"
        response = client.get(path)
        assert response["Content-Disposition"].startswith("attachment")
        assert response.json()["subscriber"]["email"] == "ann@example.com"

    def test_the_erase_link_asks_first(self, client, confirmed_subscriber):
        client.get(links.path(links.PREFERENCES, confirmed_subscriber.pk) + "erase/")
        assert Subscriber.objects.filter(pk=confirmed_subscriber.pk).exists()

    def test_a_reader_erases_their_data_and_stays_suppressed(self, client, confirmed_subscriber):
        client.post(links.path(links.PREFERENCES, confirmed_subscriber.pk) + "erase/")
        assert not Subscriber.objects.exists()
        assert is_suppressed("ann@example.com")

    def test_an_unsubscribe_signature_cannot_erase(self, client, confirmed_subscriber):
        sig = links.sign(links.UNSUBSCRIBE, confirmed_subscriber.pk)
        client.post(f"/subscribe/preferences/{confirmed_subscriber.pk}/{sig}/erase/")
        assert Subscriber.objects.exists()
