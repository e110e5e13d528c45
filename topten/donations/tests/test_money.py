import pytest

from topten.donations.money import AmountError, format_amount, parse_amount


class TestMoney:
    @pytest.mark.parametrize(
        ("typed", "currency", "minor"),
        [
            ("25", "EUR", 2500),
            ("12.5", "EUR", 1250),
            ("1,000.00", "GBP", 100000),
            ("€7", "EUR", 700),
            ("500", "JPY", 500),
        ],
    )
    def test_typed_amounts_become_minor_units(self, typed, currency, minor):
        assert parse_amount(typed, currency) == minor

    @pytest.mark.parametrize("typed", ["", "abc", "0", "-1", "inf", "1.234", "NaN"])
    def test_what_is_not_an_amount_is_refused(self, typed):
        with pytest.raises(AmountError):
            parse_amount(typed, "EUR")

    @pytest.mark.parametrize(
        ("minor", "currency", "text"),
        [
            (1250, "EUR", "€12.50"),
            (500, "JPY", "¥500"),
            (1250, "SEK", "SEK 12.50"),
            (100000000, "USD", "$1,000,000.00"),
        ],
    )
    def test_amounts_are_formatted_for_people(self, minor, currency, text):
        assert format_amount(minor, currency) == text
