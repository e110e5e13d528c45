"""What an SMTP reply (or a transport error) means for a delivery. Pure."""

import random
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # 4xx: try again later
    FAILED = "failed"  # 5xx
    BOUNCE = "bounce"  # 5.1.x hard bounce: failed, and the address is suppressed
    UNKNOWN = "unknown"  # the message may or may not have been accepted
    NOT_ATTEMPTED = "not_attempted"  # never reached the relay (connection down, breaker)


@dataclass(frozen=True)
class Result:
    delivery_id: int
    outcome: Outcome
    code: int = 0
    text: str = ""
    relay_down: bool = False  # 421, timeout, refused: trips the circuit breaker
    provider_message_id: str = ""


def classify(code: int, text: str = "") -> tuple[Outcome, bool]:
    """Map a final reply code to (outcome, relay_down)."""
    if 200 <= code < 300:
        return Outcome.SENT, False
    if code == 421:
        return Outcome.RETRY, True
    if 400 <= code < 500:
        return Outcome.RETRY, False
    if 500 <= code < 600:
        enhanced = text.split(" ", 1)[0] if text else ""
        if enhanced.startswith("5.1.") or (not enhanced[:1].isdigit() and code in (550, 551, 553)):
            return Outcome.BOUNCE, False
        return Outcome.FAILED, False
    return Outcome.UNKNOWN, False


def backoff_seconds(attempt: int, base: float, cap: float, rng=random.random) -> float:
    """Exponential backoff with ±20 % jitter: base, 2×base, 4×base ... capped."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay * (0.8 + 0.4 * rng())
