import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from topten.audience.models import SignupRequest
from topten.audience.tests.helpers import signup_data
from topten.newsroom.models import Publication

pytestmark = pytest.mark.django_db


class TestSignupForm:
    def test_the_page_is_titled_sign_up_for_the_publication(self, client):
        response = client.get(reverse("audience:index"))
        assert escape(f"Sign Up for {Publication.current().name}") in response.text

    def test_the_page_shows_the_consent_text(self, client):
        response = client.get(reverse("audience:index"))
        assert escape(Publication.current().consent_text) in response.text

    def test_the_time_zone_defaults_to_the_publications(self, client):
        response = client.get(reverse("audience:index"))
        assert response.context["form"]["timezone"].value() == Publication.current().timezone

    def test_the_email_can_be_prefilled_from_the_signup_box(self, client):
        response = client.get(reverse("audience:index"), {"email": "fay@example.com"})
        assert b'value="fay@example.com"' in response.content

    def test_a_post_without_a_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("audience:index"), signup_data("fay@example.com"))
        assert response.status_code == 403
        assert not SignupRequest.objects.exists()

    def test_the_consent_version_is_recorded(self, client):
        client.post(reverse("audience:index"), signup_data("fay@example.com"))
        assert SignupRequest.objects.get().consent_version == Publication.current().consent_version

    def test_the_chosen_time_zone_is_recorded(self, client):
        client.post(
            reverse("audience:index"), signup_data("fay@example.com", timezone="Asia/Tokyo")
        )
        assert SignupRequest.objects.get().timezone == "Asia/Tokyo"

    def test_an_unknown_time_zone_is_refused(self, client):
        response = client.post(
            reverse("audience:index"), signup_data("fay@example.com", timezone="Mars/Olympus")
        )
        assert response.status_code == 400

    def test_a_filled_honeypot_gets_the_same_answer_and_records_nothing(self, client):
        response = client.post(
            reverse("audience:index"), signup_data("fay@example.com", website="http://spam")
        )
        assert response.status_code == 302
        assert not SignupRequest.objects.exists()

    def test_a_filled_honeypot_is_logged(self, client, caplog):
        client.post(reverse("audience:index"), signup_data("fay@example.com", website="x"))
        assert "anti-automation: honeypot filled" in caplog.text

    def test_a_form_sent_faster_than_the_minimum_fill_time_is_refused(self, client):
        from topten.audience.forms import make_stamp

        data = signup_data("fay@example.com", stamp=make_stamp())
        response = client.post(reverse("audience:index"), data)
        assert b"That was quick" in response.content
        assert not SignupRequest.objects.exists()

    def test_a_forged_stamp_is_refused(self, client):
        data = signup_data("fay@example.com", stamp="1700000000.0")
        assert client.post(reverse("audience:index"), data).status_code == 400

    def test_an_inline_submit_gets_json(self, client):
        response = client.post(
            reverse("audience:index"),
            signup_data("fay@example.com"),
            HTTP_ACCEPT="application/json",
        )
        assert response.json()["ok"] is True

    def test_an_inline_submit_with_errors_gets_them_as_json(self, client):
        response = client.post(
            reverse("audience:index"), signup_data("not-an-email"), HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 400
        assert "email" in response.json()["errors"]

    def test_the_token_endpoint_gives_the_signup_box_a_csrf_token_and_stamp(self):
        client = Client(enforce_csrf_checks=True)
        token = client.get(reverse("audience:form_token")).json()
        data = signup_data("fay@example.com", csrfmiddlewaretoken=token["csrf"])
        assert client.post(reverse("audience:index"), data).status_code == 302

    def test_a_refused_form_comes_back_with_a_fresh_stamp(self, client):
        data = signup_data("fay@example.com", stamp="forged")
        response = client.post(reverse("audience:index"), data)
        assert response.context["form"].data["stamp"] != "forged"
