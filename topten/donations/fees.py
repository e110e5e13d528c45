"""The "cover the fees" gross-up, as a pure function.

A donor who ticks "cover the fees" pays `total` such that, after the card fee of
`percent`% of the total plus a `fixed` amount, we still receive the whole gift:

    total = ceil((gift + fixed) / (1 - percent / 100))
    fee   = total - gift

With the defaults (1.5% + 0.25) a gift of 10.00 becomes 10.41: 1.5% of 10.41 is 0.156,
plus 0.25 is 0.41 (rounded), which leaves 10.00. Rounding up means we never fall short.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal


@dataclass(frozen=True)
class FeeRule:
    percent: Decimal  # e.g. Decimal("1.5")
    fixed: int  # minor units, e.g. 25

    def describe(self, format_fixed) -> str:
        return f"{self.percent.normalize():f}% + {format_fixed(self.fixed)}"


@dataclass(frozen=True)
class Gross:
    gift: int
    fee: int
    total: int


def gross_up(gift: int, rule: FeeRule) -> Gross:
    if gift <= 0:
        raise ValueError("gift must be positive")
    share = 1 - rule.percent / 100
    if share <= 0:
        raise ValueError("fee percent must be below 100")
    total = int(((gift + rule.fixed) / share).to_integral_value(rounding=ROUND_CEILING))
    return Gross(gift=gift, fee=total - gift, total=total)


def no_fee(gift: int) -> Gross:
    return Gross(gift=gift, fee=0, total=gift)
