"""CSV export of subscribers, safe to open in a spreadsheet.

A cell that starts with = + - @, a tab or a carriage return would run as a
formula in Excel/LibreOffice/Sheets (CSV injection); it gets a leading
apostrophe, which spreadsheets show as text and never evaluate.
"""

import csv
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = [
    "email",
    "first_name",
    "status",
    "timezone",
    "delivery_time",
    "format",
    "source",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
    "paused_until",
    "consent_version",
]


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    def write(self, value):
        return value


def export_lines(rows: Iterable[dict]) -> Iterator[str]:
    """CSV lines (header first) for dicts keyed by COLUMNS; streams."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([safe_cell(row.get(name)) for name in COLUMNS])


def subscriber_rows(queryset) -> Iterator[dict]:
    return queryset.order_by("pk").values(*COLUMNS).iterator(chunk_size=2000)
