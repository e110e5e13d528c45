"""CSV export of donations, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by
Excel, LibreOffice and Google Sheets; donors choose their own names and messages, so
such cells are prefixed with an apostrophe and exported as text (OWASP "CSV injection").
"""

import csv

from topten.donations.money import format_plain

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = [
    "id",
    "paid_at",
    "kind",
    "status",
    "currency",
    "amount",
    "fee_covered",
    "refunded",
    "net",
    "donor_email",
    "donor_name",
    "public_name",
    "public_message",
    "stripe_checkout_session",
    "stripe_payment_intent",
    "stripe_charge",
    "stripe_invoice",
    "stripe_subscription",
    "stripe_customer",
    "livemode",
]


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def donation_row(donation) -> list[str]:
    currency = donation.currency or "EUR"
    values = [
        donation.pk,
        donation.paid_at.isoformat() if donation.paid_at else "",
        donation.kind,
        donation.status,
        donation.currency,
        format_plain(donation.amount, currency),
        format_plain(donation.fee_covered, currency),
        format_plain(donation.amount_refunded, currency),
        format_plain(donation.net, currency),
        donation.donor_email,
        donation.donor_name,
        donation.public_name,
        donation.public_message,
        donation.stripe_checkout_session_id,
        donation.stripe_payment_intent_id,
        donation.stripe_charge_id,
        donation.stripe_invoice_id,
        donation.stripe_subscription_id,
        donation.stripe_customer_id,
        "live" if donation.livemode else "test",
    ]
    return [safe_cell(value) for value in values]


class _Echo:
    def write(self, value):
        return value


def stream_rows(donations):
    """Yield CSV lines (header first) without holding the whole file in memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for donation in donations.iterator(chunk_size=500):
        yield writer.writerow(donation_row(donation))
