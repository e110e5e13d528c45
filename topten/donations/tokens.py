"""Signed, expiring links that let a monthly donor reach Stripe's customer portal."""

from django.core import signing

from topten.donations import conf
from topten.donations.models import Pledge

MANAGE_SALT = "topten.donations.manage"


def make_manage_token(pledge: Pledge) -> str:
    return signing.dumps({"pledge": pledge.pk}, salt=MANAGE_SALT)


def read_manage_token(token: str) -> Pledge | None:
    """The pledge a token names, or None when it is expired, tampered or unknown."""
    try:
        data = signing.loads(token, salt=MANAGE_SALT, max_age=conf.manage_link_max_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pledge"), int):
        return None
    return Pledge.objects.filter(pk=data["pledge"]).first()
