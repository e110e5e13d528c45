"""Donation totals by month. Refunds are subtracted in the month the gift was paid."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from topten.donations.models import Donation


@dataclass(frozen=True)
class MonthTotal:
    month: date  # first day of the month
    currency: str
    count: int
    gross: int
    refunded: int
    fees_covered: int

    @property
    def net(self) -> int:
        return self.gross - self.refunded


def monthly_totals() -> list[MonthTotal]:
    rows = (
        Donation.objects.counted()
        .annotate(month=TruncMonth("paid_at"))
        .values("month", "currency")
        .annotate(
            count=Count("id"),
            gross=Sum("amount"),
            refunded=Sum("amount_refunded"),
            fees=Sum("fee_covered"),
        )
        .order_by("month", "currency")
    )
    return [
        MonthTotal(
            month=row["month"].date() if hasattr(row["month"], "date") else row["month"],
            currency=row["currency"],
            count=row["count"],
            gross=row["gross"] or 0,
            refunded=row["refunded"] or 0,
            fees_covered=row["fees"] or 0,
        )
        for row in rows
    ]


def last_months(today: date, count: int) -> list[date]:
    """The first days of the last `count` months, oldest first, ending with today's month."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def series(
    totals: list[MonthTotal], months: list[date], currency: str, field: str = "net"
) -> list[int]:
    """One figure (net, gross, refunded) per month for one currency, zero where none."""
    by_month = {t.month: getattr(t, field) for t in totals if t.currency == currency}
    return [by_month.get(month, 0) for month in months]
