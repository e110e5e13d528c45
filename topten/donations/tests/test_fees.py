from decimal import Decimal

import pytest

from topten.donations.fees import FeeRule, gross_up

RULE = FeeRule(percent=Decimal("1.5"), fixed=25)


class TestFees:
    @pytest.mark.parametrize(
        ("gift", "total"), [(100, 127), (1000, 1041), (2500, 2564), (100000, 101549)]
    )
    def test_the_gross_up_follows_the_stated_formula(self, gift, total):
        assert gross_up(gift, RULE).total == total
        assert gross_up(gift, RULE).fee == total - gift

    @pytest.mark.parametrize("gift", [100, 999, 1000, 2500, 7777, 100000])
    def test_after_the_fee_we_receive_at_least_the_whole_gift(self, gift):
        total = gross_up(gift, RULE).total
        assert total - (total * Decimal("0.015") + 25) >= gift
        assert total - 1 - ((total - 1) * Decimal("0.015") + 25) < gift  # and not a cent more

    def test_a_rule_of_one_hundred_percent_is_refused(self):
        with pytest.raises(ValueError):
            gross_up(1000, FeeRule(percent=Decimal("100"), fixed=0))
