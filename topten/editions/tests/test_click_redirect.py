from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from topten.editions import actions
from topten.editions.clicks import click_token
from topten.editions.models import Click

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("topten.editions.tests.urls_with_root"),
]


@pytest.fixture
def sent(full_edition):
    actions.schedule_edition(full_edition)
    full_edition.refresh_from_db()
    return full_edition


def follow(client, edition, subscriber=42, index=2, **headers):
    return client.get(f"/r/{click_token(edition.pk, subscriber, index)}/", headers=headers)


class TestClickRedirect:
    def test_a_click_redirects_to_the_stored_link_and_is_recorded(self, client, sent):
        response = follow(client, sent)
        assert response.status_code == 302
        assert response["Location"] == sent.links[2]["url"]
        click = Click.objects.get()
        assert (click.subscriber_id, click.link_index, click.slot_position) == (42, 2, 3)

    def test_a_tampered_token_is_not_found(self, client, sent):
        token = click_token(sent.pk, 42, 2)
        forged = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
        assert client.get(f"/r/{forged}/").status_code == 404
        assert not Click.objects.exists()

    def test_an_unknown_link_index_is_not_found(self, client, sent):
        assert follow(client, sent, index=len(sent.links)).status_code == 404

    def test_an_unknown_edition_is_not_found(self, client, sent):
        assert client.get(f"/r/{click_token(sent.pk + 999, 1, 0)}/").status_code == 404

    def test_it_can_only_redirect_to_links_of_the_edition(self, client, sent):
        sent.links[0]["url"] = "javascript:alert(1)"
        sent.save(update_fields=["links"])
        assert follow(client, sent, index=0).status_code == 404
        for target in ["//evil.test", "https://evil.test"]:
            assert client.get(f"/r/{target}/").status_code == 404

    def test_a_repeat_within_a_minute_counts_once(self, client, sent):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            follow(client, sent)
            traveller.shift(timedelta(seconds=30))
            follow(client, sent)
            assert Click.objects.count() == 1
            traveller.shift(timedelta(seconds=61))
            follow(client, sent)
            assert Click.objects.count() == 2

    def test_head_requests_and_prefetches_redirect_without_counting(self, client, sent):
        token = click_token(sent.pk, 42, 2)
        assert client.head(f"/r/{token}/").status_code == 302
        assert follow(client, sent, Sec_Purpose="prefetch").status_code == 302
        assert follow(client, sent, Purpose="prefetch").status_code == 302
        assert not Click.objects.exists()

    def test_a_test_send_click_is_not_counted(self, client, sent):
        assert follow(client, sent, subscriber=0).status_code == 302
        assert not Click.objects.exists()

    def test_post_is_not_allowed(self, client, sent):
        assert client.post(f"/r/{click_token(sent.pk, 42, 2)}/").status_code == 405
