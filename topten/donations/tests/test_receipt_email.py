import re

import pytest
from django.core import mail

from topten.donations.tests.conftest import deliver_recorded, open_checkout
from topten.mailer.actions import send_queued_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail.outbox


class TestReceiptEmail:
    def test_a_one_time_donor_gets_a_receipt_with_amount_date_and_our_legal_details(
        self, client, stripe_keys, outbox
    ):
        deliver_recorded(client, "evt_checkout_session_completed_payment.json")
        assert send_queued_emails() == 1
        message = outbox[0]
        assert message.to == ["ada@example.org"]
        assert "€25.00" in message.subject
        for text in [message.body, message.alternatives[0].content]:
            assert "€25.00" in text
            assert "24 November 2026" in text
            assert "Lisa&#x27;s Top Ten Media GmbH" in text or "Lisa's Top Ten Media GmbH" in text
            assert "10115 Berlin" in text
            assert "pi_3QOneTimeDonation0000001" in text
        assert "Dear Ada Lovelace" in message.body
        assert "one-time donation" in message.body

    def test_the_receipt_shows_the_fees_the_donor_chose_to_cover(self, client, stripe_api, outbox):
        intent = open_checkout(client, stripe_api, amount="1000", cover_fees="on")
        deliver_recorded(client, "evt_checkout_session_completed_payment.json", intent)
        send_queued_emails()
        assert "€0.41 you added to cover card fees" in outbox[0].body

    def test_a_monthly_donor_gets_a_link_to_manage_their_donation(self, client, stripe_api, outbox):
        deliver_recorded(client, "evt_checkout_session_completed_subscription.json")
        send_queued_emails()
        body = outbox[0].body
        assert "monthly donation" in body
        link = re.search(r"https://topten\.example/donate/manage/\S+/", body)
        assert link, body
        assert link.group(0) in outbox[0].alternatives[0].content
        assert "https://topten.example/donate/manage/\n" in body  # where to ask for a new one

    def test_each_month_brings_its_own_receipt(self, client, stripe_api, outbox):
        deliver_recorded(client, "evt_checkout_session_completed_subscription.json")
        deliver_recorded(client, "evt_invoice_paid_first.json")
        deliver_recorded(client, "evt_invoice_paid_renewal.json")
        assert send_queued_emails() == 2
        assert "in_1QMonthlyRenewal000001" in outbox[1].body
        assert "24 December 2026" in outbox[1].body

    def test_html_from_a_donor_name_is_escaped_in_the_html_receipt(
        self, client, stripe_keys, outbox
    ):
        from topten.donations.tests.conftest import deliver, recorded_text

        payload = recorded_text("evt_checkout_session_completed_payment.json").replace(
            '"Ada Lovelace"', '"<b>Ada</b>"'
        )
        deliver(client, payload)
        send_queued_emails()
        html = outbox[0].alternatives[0].content
        assert "<b>Ada</b>" not in html
        assert "&lt;b&gt;Ada&lt;/b&gt;" in html
