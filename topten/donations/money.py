"""Amounts of money as integers in the currency's minor unit (cents), as Stripe counts them.

Pure functions, no ORM: parse what a visitor typed, and format for pages and receipts.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Stripe's zero-decimal currencies: the minor unit is the whole unit (¥500 is 500).
ZERO_DECIMAL = frozenset("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split())
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CHF": "CHF ", "INR": "₹"}


class AmountError(ValueError):
    """A visitor-facing explanation of why an amount was refused."""


def decimals(currency: str) -> int:
    return 0 if currency.upper() in ZERO_DECIMAL else 2


def parse_amount(text: str, currency: str) -> int:
    """`"25"`, `"25.5"`, `"1,000.00"` → minor units. Raises AmountError with a clear message."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    for symbol in SYMBOLS.values():
        cleaned = cleaned.removeprefix(symbol.strip())
    if not cleaned:
        raise AmountError("Enter an amount.")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError("Enter the amount as a number, for example 25 or 12.50.")
    if not value.is_finite() or value <= 0:
        raise AmountError("Enter an amount greater than zero.")
    places = decimals(currency)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise AmountError(
            f"{currency.upper()} amounts take at most {places} decimal places."
            if places
            else f"{currency.upper()} amounts are whole numbers."
        )
    return int(value.scaleb(places))


def format_amount(minor: int, currency: str) -> str:
    """1250, "EUR" → "€12.50"; 500, "JPY" → "¥500"; 1250, "SEK" → "SEK 12.50"."""
    code = currency.upper()
    places = decimals(code)
    major = (Decimal(minor).scaleb(-places)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    number = f"{major:,.{places}f}"
    if minor < 0:
        number = number.lstrip("-")
    sign = "-" if minor < 0 else ""
    symbol = SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{code} {number}"


def format_plain(minor: int, currency: str) -> str:
    """The number alone, for CSV and form values: 1250, "EUR" → "12.50"."""
    places = decimals(currency)
    return f"{Decimal(minor).scaleb(-places):.{places}f}"
