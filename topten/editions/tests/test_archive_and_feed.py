import feedparser
import pytest
from django.urls import reverse

from topten.editions import actions
from topten.editions.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(full_edition):
    actions.update_edition(full_edition, preheader="Ten stories to start the day")
    actions.schedule_edition(full_edition)
    Edition.objects.filter(pk=full_edition.pk).update(status=Edition.Status.SENT)
    full_edition.refresh_from_db()
    return full_edition


class TestArchiveAndFeed:
    def test_the_archive_page_shows_the_ten_stories_with_open_graph(self, client, sent):
        page = client.get(f"/editions/{sent.date.isoformat()}/").content.decode()
        assert page.count('<li id="story-') == 10
        assert f'<meta property="og:title" content="{sent.subject}">'.replace("'", "&#x27;") in page
        assert 'property="og:description" content="Ten stories to start the day"' in page

    def test_the_page_links_to_the_previous_sent_edition(self, client, sent, publication):
        import datetime as dt

        older = actions.start_edition(sent.date - dt.timedelta(days=1))
        Edition.objects.filter(pk=older.pk).update(status=Edition.Status.SENT)
        page = client.get(f"/editions/{sent.date.isoformat()}/").content.decode()
        assert f'<a rel="prev" href="/editions/{older.date.isoformat()}/">' in page
        assert 'rel="next"' not in page

    def test_a_draft_is_not_public(self, client, full_edition):
        response = client.get(f"/editions/{full_edition.date.isoformat()}/")
        assert response.status_code == 404

    def test_a_bad_date_is_not_found(self, client, publication):
        assert client.get("/editions/2031-02-31/").status_code == 404

    def test_the_feed_parses_back_with_every_sent_edition(self, client, sent):
        response = client.get(reverse("editions:feed"))
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        [entry] = feed.entries
        assert entry.title == sent.subject
        assert entry.link.endswith(f"/editions/{sent.date.isoformat()}/")
        assert sent.slots.get(position=5).headline in entry.summary

    def test_drafts_stay_out_of_the_feed(self, client, full_edition):
        feed = feedparser.parse(client.get(reverse("editions:feed")).content)
        assert feed.entries == []
