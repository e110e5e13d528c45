import pytest
from django.urls import reverse

from topten.wire import demo_data
from topten.wire.models import Source
from topten.wire.parsing import parse_feed

pytestmark = pytest.mark.django_db


class TestDemoData:
    def test_loading_twice_adds_nothing_and_real_feeds_stay_disabled(self):
        demo_data.load(None)
        count = Source.objects.count()
        demo_data.load(None)
        assert Source.objects.count() == count >= 55
        assert (
            not Source.objects.filter(enabled=True)
            .exclude(feed_url__contains="/desk/wire/samples/")
            .exists()
        )

    def test_the_sample_feeds_are_served_publicly(self, client):
        response = client.get(reverse("wire:sample", args=["harbour-broadcasting"]))
        assert response["Content-Type"].startswith("application/atom+xml")
        assert len(parse_feed(response.content).items) == 7

    def test_an_unknown_sample_is_a_404(self, client):
        assert client.get(reverse("wire:sample", args=["nope"])).status_code == 404

    def test_a_sample_feed_answers_a_conditional_get_with_304(self, client):
        url = reverse("wire:sample", args=["meridian-wire"])
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
