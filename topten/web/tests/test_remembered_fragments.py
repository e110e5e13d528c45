from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.defaultfilters import date

from topten.newsroom.models import Article, Publication
from topten.web.templatetags.web_tags import memo_date

pytestmark = pytest.mark.django_db


class TestRememberedFragments:
    def test_a_remembered_date_is_formatted_in_its_own_time_zone(self):
        instant = datetime(2024, 12, 31, 20, 30, tzinfo=UTC)
        for zone in ["UTC", "Pacific/Auckland", "America/New_York", "UTC"]:
            local = instant.astimezone(ZoneInfo(zone))
            for fmt in ["j M Y", "j F Y, H:i", "c T"]:
                assert memo_date(local, fmt) == date(local, fmt), (zone, fmt)

    def test_the_sign_up_box_shows_a_publication_edit_at_once(self, client, published):
        url = published.get_absolute_url()
        assert "Sign Up for Lisa&#x27;s Top Ten" in client.get(url).content.decode()
        publication = Publication.current()
        publication.name = "The Morning Ten"
        publication.consent_text = "Yes, send it."
        publication.save()
        content = client.get(url).content.decode()
        assert "Sign Up for The Morning Ten" in content and "Yes, send it." in content

    def test_the_article_date_follows_an_edit(self, client, published):
        published.published_at = datetime(2024, 3, 5, 9, 15, tzinfo=UTC)
        published.save()
        content = client.get(published.get_absolute_url()).content.decode()
        assert "5 March 2024, 09:15" in content
        Article.objects.filter(pk=published.pk).update(
            published_at=datetime(2024, 3, 6, 9, 15, tzinfo=UTC)
        )
        assert "6 March 2024, 09:15" in client.get(published.get_absolute_url()).content.decode()
