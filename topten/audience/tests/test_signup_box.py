import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from topten.newsroom.models import Publication

pytestmark = pytest.mark.django_db


def render_box():
    request = RequestFactory().get("/")
    return render_to_string(
        "audience/_signup_box.html", {"publication": Publication.current()}, request=request
    )


class TestSignupBox:
    def test_it_holds_no_csrf_token_so_the_page_can_be_cached(self):
        assert "csrfmiddlewaretoken" not in render_box()

    def test_without_javascript_it_opens_the_signup_page_prefilled(self):
        html = render_box()
        assert 'method="get" action="/subscribe/"' in html
        assert 'name="email"' in html

    def test_it_shows_the_consent_text(self):
        assert Publication.current().consent_text in render_box()
