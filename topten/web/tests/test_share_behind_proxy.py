import pytest
from django.urls import reverse

from topten.newsroom.models import ShareCount

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"


class TestShareBehindProxy:
    def test_clients_behind_a_trusted_proxy_are_told_apart(self, client, published, settings):
        settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
        url = reverse("web:share", args=[published.pk, "x"])
        for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.2"]:
            client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=ip, HTTP_USER_AGENT=BROWSER)
        assert ShareCount.objects.get(article=published, network="x").count == 2

    def test_a_spoofed_header_from_an_untrusted_hop_cannot_inflate(
        self, client, published, settings
    ):
        settings.TRUSTED_PROXY_IP_HEADER = ""
        url = reverse("web:share", args=[published.pk, "x"])
        for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]:
            client.get(url, REMOTE_ADDR="192.0.2.9", HTTP_X_REAL_IP=ip, HTTP_USER_AGENT=BROWSER)
        assert ShareCount.objects.get(article=published, network="x").count == 1
