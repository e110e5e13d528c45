import re

import pytest

from topten.editions import actions
from topten.editions.clicks import click_url
from topten.editions.models import Click
from topten.editions.rendering import personal_values, render_edition, substitute

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("topten.editions.tests.urls_with_root"),
]


class TestTrackedLinksEndToEnd:
    def test_every_link_of_a_personalised_email_leads_to_its_story(
        self, client, full_edition, settings
    ):
        settings.SITE_URL = "http://testserver"
        actions.schedule_edition(full_edition)
        rendered = render_edition(full_edition)
        values = personal_values(
            first_name="Ann", unsubscribe_url="u", preferences_url="p", web_url="w", html=True
        )
        html = substitute(rendered.html, values, lambda i: click_url(full_edition.pk, 77, i))
        tracked = re.findall(r'href="(http://testserver/r/[^"]+)"', html)
        assert len(set(tracked)) == len(rendered.links) == 10
        for n, href in enumerate(dict.fromkeys(tracked)):
            response = client.get(href.removeprefix("http://testserver"))
            assert response["Location"] == rendered.links[n]
        assert sorted(Click.objects.values_list("slot_position", flat=True)) == list(range(1, 11))
