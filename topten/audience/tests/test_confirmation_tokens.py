from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from topten.audience import links
from topten.audience.emails import confirm_url
from topten.audience.models import Subscriber
from topten.audience.tests.personas import make_pending
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db


def path_of(url):
    return url.split("127.0.0.1:8000", 1)[-1] if "://" in url else url


class TestConfirmationTokens:
    def test_a_token_older_than_72_hours_is_refused_as_expired(self, client):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            subscriber = make_pending("eve@example.com")
            url = confirm_url(subscriber)
            traveller.shift(timedelta(hours=73))
            response = client.post(url)
        assert response.status_code == 410
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    def test_a_token_younger_than_72_hours_still_works(self, client):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            subscriber = make_pending("eve@example.com")
            url = confirm_url(subscriber)
            traveller.shift(timedelta(hours=71))
            client.post(url)
        assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    def test_a_tampered_token_is_refused(self, client):
        url = confirm_url(make_pending("eve@example.com"))
        token = url.rstrip("/").rsplit("/", 1)[1]
        tampered = token.replace(token[2], "x" if token[2] != "x" else "y", 1)
        response = client.post(reverse("audience:confirm", args=[tampered]))
        assert response.status_code == 400
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    def test_a_token_signed_for_another_purpose_is_refused(self, client):
        subscriber = make_pending("eve@example.com")
        foreign = signing.dumps([subscriber.pk, subscriber.confirm_nonce], salt="other.purpose")
        assert client.post(reverse("audience:confirm", args=[foreign])).status_code == 400

    def test_an_unsubscribe_signature_is_not_a_confirmation_token(self, client):
        subscriber = make_pending("eve@example.com")
        sig = links.sign(links.UNSUBSCRIBE, subscriber.pk)
        assert client.post(reverse("audience:confirm", args=[sig])).status_code == 400

    def test_a_used_token_shows_the_same_success_and_sends_no_second_welcome(self, client):
        subscriber = make_pending("eve@example.com")
        url = confirm_url(subscriber)
        client.post(url)
        response = client.post(url, follow=True)
        assert b"You're subscribed" in response.content
        assert QueuedEmail.objects.filter(kind="audience.welcome").count() == 1

    def test_a_link_scanner_opening_the_link_confirms_nothing(self, client):
        subscriber = make_pending("eve@example.com")
        client.get(confirm_url(subscriber), HTTP_USER_AGENT="SafeLinks scanner")
        client.head(confirm_url(subscriber))
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    def test_a_token_from_before_an_unsubscribe_cannot_resubscribe(self, client):
        subscriber = make_pending("eve@example.com")
        url = confirm_url(subscriber)
        client.post(links.path(links.UNSUBSCRIBE, subscriber.pk))
        client.post(url)
        assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
