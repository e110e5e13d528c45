import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart

from topten.audience import links
from topten.audience.actions import is_suppressed
from topten.audience.models import Subscriber

pytestmark = pytest.mark.django_db
BODY = {"List-Unsubscribe": "One-Click"}


def path_for(subscriber):
    return links.path(links.UNSUBSCRIBE, subscriber.pk)


def cookieless_client():
    return Client(enforce_csrf_checks=True)


class TestOneClickUnsubscribe:
    def test_an_urlencoded_one_click_post_unsubscribes_with_200(self, confirmed_subscriber):
        response = cookieless_client().post(
            path_for(confirmed_subscriber),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == Subscriber.Status.UNSUBSCRIBED

    def test_a_multipart_one_click_post_unsubscribes_with_200(self, confirmed_subscriber):
        response = cookieless_client().post(
            path_for(confirmed_subscriber),
            encode_multipart("BoUnDaRy", BODY),
            content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", "BoUnDaRy"),
        )
        assert response.status_code == 200
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == Subscriber.Status.UNSUBSCRIBED

    def test_the_answer_is_not_a_redirect_and_sets_no_cookie(self, confirmed_subscriber):
        response = cookieless_client().post(path_for(confirmed_subscriber), BODY)
        assert "Location" not in response
        assert not response.cookies

    def test_repeating_the_post_still_answers_200(self, confirmed_subscriber):
        client = cookieless_client()
        client.post(path_for(confirmed_subscriber), BODY)
        assert client.post(path_for(confirmed_subscriber), BODY).status_code == 200

    def test_the_address_goes_on_the_suppression_list(self, confirmed_subscriber):
        cookieless_client().post(path_for(confirmed_subscriber), BODY)
        assert is_suppressed("ANN@example.com")

    def test_it_stops_deliveries_at_once(self, confirmed_subscriber):
        cookieless_client().post(path_for(confirmed_subscriber), BODY)
        assert not Subscriber.objects.receiving().filter(pk=confirmed_subscriber.pk).exists()

    def test_a_get_never_changes_anything(self, confirmed_subscriber):
        response = cookieless_client().get(path_for(confirmed_subscriber))
        assert b"Confirm unsubscribe" in response.content
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == Subscriber.Status.CONFIRMED

    def test_a_bad_signature_is_refused_and_changes_nothing(self, confirmed_subscriber):
        path = f"/subscribe/unsubscribe/{confirmed_subscriber.pk}/AAAAAAAAAAAAAAAAAAAA/"
        assert cookieless_client().post(path, BODY).status_code == 400
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == Subscriber.Status.CONFIRMED

    def test_an_erased_reader_still_gets_200(self, confirmed_subscriber):
        path = path_for(confirmed_subscriber)
        confirmed_subscriber.delete()
        assert cookieless_client().post(path, BODY).status_code == 200
