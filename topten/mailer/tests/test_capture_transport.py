import pytest

from topten.mailer import pipeline
from topten.mailer.tests.conftest import drain
from topten.mailer.tests.helpers import parse

pytestmark = pytest.mark.django_db


class TestCaptureTransport:
    def test_development_sends_land_in_the_outbox(self, edition, readers, settings, admin_client):
        settings.SEND_EMAIL_URL = "capture://"
        settings.DEBUG = True
        readers(3)
        pipeline.send_now(edition)
        drain()
        files = sorted(settings.MAIL_CAPTURE_DIR.glob("*.eml"))
        assert len(files) == 3
        assert parse(files[0].read_bytes())["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        page = admin_client.get("/outbox/")
        assert page.status_code == 200 and b"reader1@example.com" in page.content
