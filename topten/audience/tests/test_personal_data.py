import json

import pytest

from topten.audience.actions import erase_subscriber, export_subscriber_data, is_suppressed
from topten.audience.models import ConsentEvent, SignupRequest, Subscriber
from topten.mailer.models import QueuedEmail

pytestmark = pytest.mark.django_db


class TestPersonalData:
    def test_the_export_holds_the_profile_and_the_consent_log(self, confirmed_subscriber):
        data = export_subscriber_data(confirmed_subscriber)
        assert data["subscriber"]["email"] == "ann@example.com"
        assert [e["action"] for e in data["consent_log"]] == ["subscribe", "confirm"]

    def test_the_export_is_json(self, confirmed_subscriber):
        assert json.loads(json.dumps(export_subscriber_data(confirmed_subscriber)))

    def test_erasing_removes_the_subscriber(self, confirmed_subscriber):
        erase_subscriber(confirmed_subscriber)
        assert not Subscriber.objects.exists()

    def test_erasing_keeps_a_hashed_suppression(self, confirmed_subscriber):
        erase_subscriber(confirmed_subscriber)
        assert is_suppressed("ann@example.com")

    def test_erasing_strips_ip_and_agent_from_the_consent_log(self, confirmed_subscriber):
        erase_subscriber(confirmed_subscriber)
        assert not ConsentEvent.objects.exclude(ip=None).exists()
        assert not ConsentEvent.objects.exclude(user_agent="").exists()

    def test_no_copy_of_the_address_is_left(self, confirmed_subscriber):
        erase_subscriber(confirmed_subscriber)
        assert not SignupRequest.objects.exists()
        stored = json.dumps(list(ConsentEvent.objects.values("detail")))
        assert "ann@example.com" not in stored

    def test_the_mail_records_forget_the_address(self, confirmed_subscriber):
        assert QueuedEmail.objects.filter(to="ann@example.com").exists()
        erase_subscriber(confirmed_subscriber)
        assert not QueuedEmail.objects.filter(to="ann@example.com").exists()

    def test_the_consent_log_is_append_only(self, confirmed_subscriber):
        event = ConsentEvent.objects.first()
        event.action = "confirm"
        with pytest.raises(ValueError, match="append-only"):
            event.save()
