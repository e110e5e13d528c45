import json

import pytest
from django.urls import reverse

from topten.audience.models import SignupRequest
from topten.audience.tests.helpers import signup_data

pytestmark = pytest.mark.django_db


class TestCaptcha:
    def test_it_is_off_by_default(self, client):
        client.post(reverse("audience:index"), signup_data("ivy@example.com"))
        assert SignupRequest.objects.count() == 1

    def test_a_missing_answer_is_refused_when_on(self, client, settings):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "stub"
        response = client.post(reverse("audience:index"), signup_data("ivy@example.com"))
        assert response.status_code == 400
        assert b"not a robot" in response.content
        assert not SignupRequest.objects.exists()

    def test_a_right_answer_passes(self, client, settings):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "stub"
        client.post(reverse("audience:index"), signup_data("ivy@example.com", captcha="pass"))
        assert SignupRequest.objects.count() == 1

    def test_a_replayed_answer_is_refused(self, client, settings):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "stub"
        settings.AUDIENCE_SIGNUP_RATE = "100/h"
        client.post(reverse("audience:index"), signup_data("ivy@example.com", captcha="pass-1"))
        response = client.post(
            reverse("audience:index"), signup_data("joy@example.com", captcha="pass-1")
        )
        assert response.status_code == 400
        assert SignupRequest.objects.count() == 1

    def test_a_refusal_is_logged_as_an_anti_automation_event(self, client, settings, caplog):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "stub"
        client.post(reverse("audience:index"), signup_data("ivy@example.com"))
        assert "anti-automation: captcha failed" in caplog.text
        assert "ivy@example.com" not in caplog.text

    def test_turnstile_is_asked_with_the_secret_and_token(self, client, settings, httpserver):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "turnstile"
        settings.AUDIENCE_CAPTCHA_SECRET = "s3cret"
        settings.AUDIENCE_CAPTCHA_VERIFY_URL = httpserver.url_for("/siteverify")
        httpserver.expect_oneshot_request("/siteverify", method="POST").respond_with_data(
            json.dumps({"success": True}), content_type="application/json"
        )
        data = signup_data("ivy@example.com", **{"cf-turnstile-response": "tok"})
        client.post(reverse("audience:index"), data)
        sent = httpserver.log[0][0].form
        assert (sent["secret"], sent["response"]) == ("s3cret", "tok")
        assert SignupRequest.objects.count() == 1

    def test_a_provider_outage_fails_closed(self, client, settings):
        settings.AUDIENCE_CAPTCHA_PROVIDER = "hcaptcha"
        settings.AUDIENCE_CAPTCHA_VERIFY_URL = "http://127.0.0.1:9/siteverify"
        data = signup_data("ivy@example.com", **{"h-captcha-response": "tok"})
        assert client.post(reverse("audience:index"), data).status_code == 400
