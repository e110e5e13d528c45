"""Signed click-tracking tokens for `/r/<token>/`.

A token packs (edition id, subscriber id, link index) and a truncated
HMAC-SHA256 of them, under a key derived from SECRET_KEY for this purpose only.
It names a link *index*: the redirect looks the URL up in the edition's stored
link list, so a token can never point anywhere the edition did not link to.

Cost: the mailer calls `click_url` 10-30 times per message; measured on this
machine with `topten bench click-token` (figures in topten/editions/README.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from functools import lru_cache

from django.conf import settings

_PACK = struct.Struct(">QQH")  # edition id, subscriber id, link index
_pack, _digest, _sha256, _b64 = _PACK.pack, hmac.digest, hashlib.sha256, binascii.b2a_base64
_MAC_BYTES = 10  # 80 bits: forging one needs ~2**79 tries against the live site
_TOKEN_BYTES = _PACK.size + _MAC_BYTES
_TOKEN_CHARS = 38  # urlsafe base64 of 28 bytes, without padding


_URLSAFE = bytes.maketrans(b"+/", b"-_")


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hmac.digest(secret.encode(), b"topten.editions.click-token.v1", "sha256")


def click_token(edition_id: int, subscriber_id: int, link_index: int) -> str:
    """The token naming one subscriber's click on link `link_index` of an edition."""
    payload = _pack(edition_id, subscriber_id, link_index)
    raw = payload + _digest(_key(settings.SECRET_KEY), payload, _sha256)[:_MAC_BYTES]
    # 28 bytes -> 38 base64 characters and "==" padding, dropped.
    return _b64(raw, newline=False)[:-2].translate(_URLSAFE).decode()


def click_url(edition_id: int, subscriber_id: int, link_index: int) -> str:
    """The absolute tracked URL: SITE_URL + /r/<token>/."""
    return f"{settings.SITE_URL}/r/{click_token(edition_id, subscriber_id, link_index)}/"


def read_click_token(token: str) -> tuple[int, int, int] | None:
    """(edition id, subscriber id, link index) of a genuine token, else None."""
    if len(token) != _TOKEN_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "==")
    except (ValueError, TypeError):
        return None
    if len(raw) != _TOKEN_BYTES:
        return None
    payload, mac = raw[: _PACK.size], raw[_PACK.size :]
    expected = hmac.digest(_key(settings.SECRET_KEY), payload, "sha256")[:_MAC_BYTES]
    if not hmac.compare_digest(mac, expected):
        return None
    return _PACK.unpack(payload)
