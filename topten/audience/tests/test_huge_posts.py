import pytest
from django.test import Client

from topten.audience import links
from topten.audience.models import SignupRequest

pytestmark = pytest.mark.django_db


class TestHugePosts:
    @pytest.mark.parametrize("path", ["/subscribe/", "/subscribe/embed/"])
    def test_a_10_mb_body_is_refused_with_400(self, client, path):
        response = client.post(path, {"email": "x" * (10 * 1024 * 1024)})
        assert response.status_code == 400
        assert not SignupRequest.objects.exists()

    @pytest.mark.parametrize("path", ["/subscribe/", "/subscribe/embed/"])
    def test_5000_fields_are_refused_with_400(self, client, path):
        response = client.post(path, {f"f{i}": "x" for i in range(5000)})
        assert response.status_code == 400

    def test_a_huge_one_click_post_is_refused_and_changes_nothing(self, confirmed_subscriber):
        path = links.path(links.UNSUBSCRIBE, confirmed_subscriber.pk)
        response = Client().post(path, {"List-Unsubscribe": "One-Click", "pad": "x" * 3_000_000})
        assert response.status_code == 400
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == "confirmed"
