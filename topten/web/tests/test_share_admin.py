import pytest
from django.urls import reverse

from topten.newsroom.models import ShareCount
from topten.web.actions import record_share

pytestmark = pytest.mark.django_db


class TestShareAdmin:
    def test_staff_see_share_counts_per_article_and_network(self, admin_client, published):
        record_share(published.pk, "reddit")
        response = admin_client.get(reverse("admin:newsroom_sharecount_changelist"))
        assert response.status_code == 200
        assert published.headline in response.content.decode()
        assert "reddit" in response.content.decode()

    def test_counts_cannot_be_edited_or_added_by_hand(self, admin_client, published):
        record_share(published.pk, "x")
        row = ShareCount.objects.get()
        assert admin_client.get(reverse("admin:newsroom_sharecount_add")).status_code == 403
        change = admin_client.post(
            reverse("admin:newsroom_sharecount_change", args=[row.pk]), {"count": 999}
        )
        assert change.status_code == 403
        row.refresh_from_db()
        assert row.count == 1
