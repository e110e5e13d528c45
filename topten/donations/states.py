"""How a donation's status follows from the facts Stripe has told us.

Stripe may deliver events in any order and more than once. So the webhook never
sets a status directly: each event adds *facts* that only ever grow (paid, failed,
refunded amount, cancelled) and the status is recomputed from all facts so far.
Whatever the order, the same set of events gives the same status. See README.md.
"""

from dataclasses import dataclass


class Status:
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"

    CHOICES = [
        (PENDING, "Pending"),
        (PAID, "Paid"),
        (FAILED, "Failed"),
        (PARTIALLY_REFUNDED, "Partially refunded"),
        (REFUNDED, "Refunded"),
    ]


@dataclass(frozen=True)
class Facts:
    amount: int
    paid: bool = False
    failed: bool = False
    amount_refunded: int = 0


def donation_status(facts: Facts) -> str:
    # A refund proves the money had been paid, whatever arrived first; a payment
    # beats an earlier failure (a later retry succeeded).
    if facts.amount_refunded > 0:
        if facts.amount and facts.amount_refunded >= facts.amount:
            return Status.REFUNDED
        return Status.PARTIALLY_REFUNDED
    if facts.paid:
        return Status.PAID
    if facts.failed:
        return Status.FAILED
    return Status.PENDING


def counts_towards_totals(status: str) -> bool:
    return status in {Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED}
