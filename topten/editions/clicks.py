"""Signed click-tracking tokens for `/r/<token>/`.

A token packs (edition id, subscriber id, link index) and an 80-bit MAC of them,
under a key derived from SECRET_KEY for this purpose only. The MAC of link i is
bytes [10i, 10i + 10) of one SHAKE256 output keyed by prefix (a sponge: no length
extension; KMAC's construction without its encoding) over (edition id, subscriber
id). So one hash call gives the MACs of all of a reader's links: the send loop
makes 10-30 per message, and a call per link was about half the cost of building
one. Links
from index 256 on take a keyed BLAKE2b MAC of their own (RFC 7693), which bounds
the output a forged token can make us compute. Tokens of editions sent earlier
(a keyed BLAKE2b for every link, and before that a truncated HMAC-SHA256, same
layout) are still read.
It names a link *index*: the redirect looks the URL up in the edition's stored
link list, so a token can never point anywhere the edition did not link to.

Cost: measured on this machine with `topten bench click-token` (figures in
topten/editions/README.md).
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
_READER = struct.Struct(">QQ")  # what one squeeze covers: edition id, subscriber id
_pack, _blake2b, _b64 = _PACK.pack, hashlib.blake2b, binascii.b2a_base64
_MAC_BYTES = 10  # 80 bits: forging one needs ~2**79 tries against the live site
_TOKEN_BYTES = _PACK.size + _MAC_BYTES
_TOKEN_CHARS = 38  # urlsafe base64 of 28 bytes, without padding
SQUEEZED_LINKS = 256  # link indexes below this take their MAC from the reader's squeeze


_URLSAFE = bytes.maketrans(b"+/", b"-_")


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    """The BLAKE2b key (32 bytes): links from index 256 on, and editions sent earlier."""
    return hmac.digest(secret.encode(), b"topten.editions.click-token.v2", "sha256")


@lru_cache(maxsize=4)
def squeeze_state(secret: str):
    """SHAKE256 with its 32-byte key absorbed: copy it, absorb a reader, squeeze."""
    return hashlib.shake_256(
        hmac.digest(secret.encode(), b"topten.editions.click-token.v3", "sha256")
    )


def squeezed_macs(secret: str, edition_id: int, subscriber_id: int, links: int) -> bytes:
    """The MACs of links 0 .. links - 1 of one reader's copy, 10 bytes each."""
    state = squeeze_state(secret).copy()
    state.update(_READER.pack(edition_id, subscriber_id))
    return state.digest(_MAC_BYTES * links)


@lru_cache(maxsize=4)
def _key_v1(secret: str) -> bytes:
    """The HMAC-SHA256 key of the tokens of earlier editions: read, never made."""
    return hmac.digest(secret.encode(), b"topten.editions.click-token.v1", "sha256")


def mac(key: bytes, payload: bytes) -> bytes:
    return _blake2b(payload, key=key, digest_size=_MAC_BYTES).digest()


def _mac_now(secret: str, payload: bytes, edition_id, subscriber_id, link_index) -> bytes:
    """The MAC a token made today carries."""
    if link_index < SQUEEZED_LINKS:
        macs = squeezed_macs(secret, edition_id, subscriber_id, link_index + 1)
        return macs[_MAC_BYTES * link_index :]
    return mac(_key(secret), payload)


def click_token(edition_id: int, subscriber_id: int, link_index: int) -> str:
    """The token naming one subscriber's click on link `link_index` of an edition."""
    payload = _pack(edition_id, subscriber_id, link_index)
    raw = payload + _mac_now(settings.SECRET_KEY, payload, edition_id, subscriber_id, link_index)
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
    payload, tag = raw[: _PACK.size], raw[_PACK.size :]
    fields = _PACK.unpack(payload)
    secret = settings.SECRET_KEY
    # Every MAC is computed and compared, whichever matches: no timing tells them apart.
    squeezed = fields[2] < SQUEEZED_LINKS and hmac.compare_digest(
        tag, _mac_now(secret, payload, *fields)
    )
    blake2b = hmac.compare_digest(tag, mac(_key(secret), payload))
    earlier = hmac.compare_digest(tag, hmac.digest(_key_v1(secret), payload, "sha256")[:_MAC_BYTES])
    if not (squeezed or blake2b or earlier):
        return None
    return fields
