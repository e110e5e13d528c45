"""Single-purpose, expiring tokens for the double opt-in.

A confirmation token carries the subscriber id and the subscriber's current
``confirm_nonce``. Confirming (or unsubscribing) rotates the nonce, so a token
works once; the signature's salt names its purpose, so no other signed value
(an unsubscribe link, a form stamp) is accepted in its place.
"""

from dataclasses import dataclass

from django.core import signing

from topten.audience import conf

CONFIRM_SALT = "topten.audience.confirm"
FORM_SALT = "topten.audience.signup-form"


class TokenError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


@dataclass(frozen=True)
class ConfirmClaim:
    subscriber_id: int
    nonce: str


def make_confirm_token(subscriber_id: int, nonce: str) -> str:
    return signing.dumps([subscriber_id, nonce], salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> ConfirmClaim:
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=conf.confirm_max_age())
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except signing.BadSignature:
        raise TokenError("invalid") from None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise TokenError("invalid")
    return ConfirmClaim(value[0], str(value[1]))
