import pytest

from topten.donations.states import Facts, donation_status


class TestStates:
    @pytest.mark.parametrize(
        ("facts", "status"),
        [
            (Facts(amount=1000), "pending"),
            (Facts(amount=1000, failed=True), "failed"),
            (Facts(amount=1000, paid=True), "paid"),
            (Facts(amount=1000, paid=True, failed=True), "paid"),
            (Facts(amount=1000, amount_refunded=400), "partially_refunded"),
            (Facts(amount=1000, paid=True, amount_refunded=1000), "refunded"),
            (Facts(amount=1000, failed=True, amount_refunded=1000), "refunded"),
        ],
    )
    def test_the_status_follows_from_the_facts_alone(self, facts, status):
        assert donation_status(facts) == status
