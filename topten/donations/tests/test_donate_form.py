import pytest

from topten.donations.models import DonationIntent
from topten.donations.tests.conftest import deliver_recorded, open_checkout

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    data = {"frequency": "once", "amount": "other", "custom_amount": "", **overrides}
    return client.post("/donate/", data)


class TestDonateForm:
    def test_the_page_offers_presets_in_the_publication_currency(self, client, stripe_keys):
        body = client.get("/donate/").content.decode()
        for label in ["€5.00", "€10.00", "€25.00", "€50.00", "Other amount", "Monthly"]:
            assert label in body
        assert "(gift + €0.25) ÷ (1 − 1.5%) − gift" in body
        assert "a gift of €10.00 becomes €10.41" in body

    def test_amounts_outside_the_limits_are_refused_with_the_limit(self, client, stripe_keys):
        low = _post(client, custom_amount="0.50")
        high = _post(client, custom_amount="20000")
        assert low.status_code == high.status_code == 400
        assert "The smallest donation is €1.00." in low.content.decode()
        assert "The largest donation we take online is €10,000.00." in high.content.decode()
        assert not DonationIntent.objects.exists()

    def test_amounts_that_are_not_money_are_refused_clearly(self, client, stripe_keys):
        cases = {
            "": "Enter an amount.",
            "ten": "Enter the amount as a number",
            "10.555": "EUR amounts take at most 2 decimal places.",
            "-5": "Enter an amount greater than zero.",
            "NaN": "Enter an amount greater than zero.",
            "1e9": "The largest donation",
        }
        for typed, message in cases.items():
            response = _post(client, custom_amount=typed)
            assert response.status_code == 400, typed
            assert message in response.content.decode(), typed

    def test_a_preset_that_was_not_offered_is_refused(self, client, stripe_keys):
        assert _post(client, amount="1").status_code == 400

    def test_a_zero_decimal_currency_takes_whole_numbers(self, client, stripe_keys, publication):
        publication.currency = "JPY"
        publication.save()
        response = _post(client, custom_amount="500.5")
        assert "JPY amounts are whole numbers." in response.content.decode()

    def test_a_name_or_message_over_the_limit_is_refused(self, client, stripe_keys):
        long_name = _post(client, custom_amount="10", public_name="x" * 81)
        long_message = _post(client, custom_amount="10", public_message="x" * 281)
        assert long_name.status_code == long_message.status_code == 400
        assert not DonationIntent.objects.exists()

    def test_public_messages_are_shown_escaped(self, client, stripe_api):
        intent = open_checkout(
            client,
            stripe_api,
            public_name="<script>alert(1)</script>",
            public_message="<img src=x onerror=alert(1)>",
        )
        deliver_recorded(client, "evt_checkout_session_completed_payment.json", intent)
        body = client.get("/donate/").content.decode()
        assert "Recent supporters" in body
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body

    def test_a_hidden_message_leaves_the_supporters_list(self, client, stripe_api):
        intent = open_checkout(client, stripe_api, public_message="Rude words")
        deliver_recorded(client, "evt_checkout_session_completed_payment.json", intent)
        intent.donation_set.update(message_hidden=True)
        assert "Rude words" not in client.get("/donate/").content.decode()

    def test_too_many_checkouts_from_one_address_are_slowed_down(
        self, client, stripe_api, settings
    ):
        settings.DONATION_CHECKOUTS_PER_HOUR = 1
        open_checkout(client, stripe_api)
        response = _post(client, amount="2500")
        assert response.status_code == 429
        assert DonationIntent.objects.count() == 1
