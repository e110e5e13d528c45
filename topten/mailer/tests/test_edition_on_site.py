import pytest

from topten.mailer import pipeline
from topten.mailer.tests.conftest import drain
from topten.web.models import ContentVersion

pytestmark = pytest.mark.django_db(transaction=True)


class TestEditionOnSite:
    def test_a_finished_send_refreshes_the_public_pages(self, edition, readers, sink):
        readers(3)
        before = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
        pipeline.send_now(edition)
        drain()
        edition.refresh_from_db()
        assert edition.status == "sent"
        assert ContentVersion.objects.get(pk=1).number > before
