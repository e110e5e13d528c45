from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from topten.newsroom.models import Article, ShareCount
from topten.web.sharing import NETWORKS

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


def share(client, article, network, **headers):
    url = reverse("web:share", args=[article.pk, network])
    return client.get(url, HTTP_USER_AGENT=headers.pop("ua", BROWSER), **headers)


def count(article, network) -> int:
    row = ShareCount.objects.filter(article=article, network=network).first()
    return row.count if row else 0


class TestShareCounting:
    def test_a_share_is_counted_and_redirects_to_the_network(self, client, published):
        response = share(client, published, "x")
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert (target.scheme, target.netloc, target.path) == ("https", "x.com", "/intent/post")
        assert parse_qs(target.query)["url"] == [settings.SITE_URL + published.get_absolute_url()]
        assert count(published, "x") == 1
        published.refresh_from_db()
        assert published.share_total == 1

    def test_every_network_redirects_only_to_its_own_host(self, client, published):
        hosts = {
            "x": "x.com",
            "facebook": "www.facebook.com",
            "linkedin": "www.linkedin.com",
            "whatsapp": "wa.me",
            "telegram": "t.me",
            "reddit": "www.reddit.com",
        }
        for network, host in hosts.items():
            response = share(client, published, network)
            assert response.status_code == 302
            assert urlsplit(response["Location"]).netloc == host

    def test_email_share_opens_a_mail_with_the_link(self, client, published):
        response = share(client, published, "email")
        assert response["Location"].startswith("mailto:?subject=")
        assert count(published, "email") == 1

    def test_total_sums_every_network(self, client, published):
        for network in ["x", "facebook", "reddit"]:
            share(client, published, network)
        published.refresh_from_db()
        assert published.share_total == 3
        page = client.get(published.get_absolute_url()).content.decode()
        assert "Total 3 Shares" in page

    @pytest.mark.parametrize(
        "network",
        ["evil.com", "https:evil.test", "X", "twitter", "%2F%2Fevil.test", "javascript:alert(1)"],
    )
    def test_hostile_network_name_is_404_and_counts_nothing(self, client, published, network):
        response = client.get(f"/share/{published.pk}/{network}/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 404
        assert "Location" not in response
        assert ShareCount.objects.count() == 0

    def test_unknown_or_unpublished_article_is_404(self, client, published):
        draft = Article.objects.create(headline="Draft", body="<p>x</p>")
        assert share(client, draft, "x").status_code == 404
        assert client.get("/share/999999/x/", HTTP_USER_AGENT=BROWSER).status_code == 404

    def test_repeat_clicks_from_one_client_count_once_a_day(self, client, published):
        for _ in range(5):
            assert share(client, published, "x").status_code == 302
        assert count(published, "x") == 1
        share(client, published, "facebook")
        assert count(published, "facebook") == 1

    def test_different_clients_each_count(self, client, published):
        share(client, published, "x", REMOTE_ADDR="192.0.2.1")
        share(client, published, "x", REMOTE_ADDR="192.0.2.2")
        assert count(published, "x") == 2

    def test_prefetch_and_prerender_requests_are_not_counted(self, client, published):
        for headers in [
            {"HTTP_PURPOSE": "prefetch"},
            {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
            {"HTTP_X_MOZ": "prefetch"},
        ]:
            assert share(client, published, "x", **headers).status_code == 302
        assert count(published, "x") == 0

    def test_head_requests_are_not_counted(self, client, published):
        url = reverse("web:share", args=[published.pk, "x"])
        assert client.head(url, HTTP_USER_AGENT=BROWSER).status_code == 302
        assert count(published, "x") == 0

    @pytest.mark.parametrize(
        "agent",
        [
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "WhatsApp/2.23.20.0",
            "TelegramBot (like TwitterBot)",
            "curl/8.5.0",
            "python-requests/2.32",
            "",
        ],
    )
    def test_bots_and_link_previewers_are_not_counted(self, client, published, agent):
        assert share(client, published, "x", ua=agent).status_code == 302
        assert count(published, "x") == 0

    def test_posting_to_the_share_endpoint_is_refused(self, client, published):
        url = reverse("web:share", args=[published.pk, "x"])
        assert client.post(url, HTTP_USER_AGENT=BROWSER).status_code == 405
        assert count(published, "x") == 0

    def test_share_responses_are_not_cached_or_indexed(self, client, published):
        response = share(client, published, "x")
        assert response["Cache-Control"] == "no-store"
        assert "noindex" in response["X-Robots-Tag"]

    def test_allowlist_holds_the_eight_networks_of_the_issue(self):
        assert set(NETWORKS) == {
            "x",
            "facebook",
            "linkedin",
            "whatsapp",
            "telegram",
            "reddit",
            "email",
            "copy",
        }

    @pytest.mark.parametrize(
        "article_id", ["0", "99999999999999999999999999", "9223372036854775808"]
    )
    def test_absurd_article_ids_are_404(self, client, published, article_id):
        response = client.get(f"/share/{article_id}/x/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 404
