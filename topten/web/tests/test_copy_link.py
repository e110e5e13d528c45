import pytest
from django.conf import settings
from django.urls import reverse

from topten.newsroom.models import ShareCount

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"


class TestCopyLink:
    def test_without_javascript_the_link_shows_a_page_with_the_url(self, client, published):
        url = reverse("web:share", args=[published.pk, "copy"])
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200
        assert (
            f'value="{settings.SITE_URL}{published.get_absolute_url()}"'
            in response.content.decode()
        )
        assert ShareCount.objects.get(article=published, network="copy").count == 1

    def test_the_script_counts_with_a_bodiless_request(self, client, published):
        url = reverse("web:share", args=[published.pk, "copy"]) + "?via=js"
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 204
        assert ShareCount.objects.get(article=published, network="copy").count == 1

    def test_the_article_page_offers_the_copy_button_and_first_party_script(
        self, client, published
    ):
        content = client.get(published.get_absolute_url()).content.decode()
        assert 'class="share share-copy"' in content
        assert f'data-copy-url="{settings.SITE_URL}{published.get_absolute_url()}"' in content
        assert '<script src="/static/web/share.js" defer></script>' in content
