from datetime import date

from topten.donations.totals import MonthTotal, last_months, series


class TestTotalsChart:
    def test_the_last_twelve_months_cross_the_new_year(self):
        months = last_months(date(2026, 2, 17), 12)
        assert months[0] == date(2025, 3, 1)
        assert months[-1] == date(2026, 2, 1)
        assert len(months) == 12

    def test_the_series_has_zero_for_months_without_gifts_and_ignores_other_currencies(self):
        totals = [
            MonthTotal(date(2026, 1, 1), "EUR", 2, 3000, 1000, 0),
            MonthTotal(date(2026, 1, 1), "USD", 1, 9999, 0, 0),
        ]
        months = [date(2025, 12, 1), date(2026, 1, 1)]
        assert series(totals, months, "EUR") == [0, 2000]
        assert series(totals, months, "EUR", field="refunded") == [0, 1000]
