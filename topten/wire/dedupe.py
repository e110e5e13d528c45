"""Duplicate detection for wire items: canonical URLs and near-identical text.

Pure module. The same wire copy republished by several outlets has a different
URL and GUID at each outlet but (nearly) the same words: a MinHash signature
over word shingles estimates the Jaccard similarity of two texts, and
locality-sensitive hashing (bands of the signature) finds the candidates
without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref_src",
        "ocid",
        "cmpid",
        "ito",
        "at_medium",
        "at_campaign",
        "xtor",
        "spm",
        "s_cid",
        "wt_mc",
        "__twitter_impression",
        "taid",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop tracking parameters, fragments and default ports."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


WORD_RE = re.compile(r"\w+", re.UNICODE)
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
_MASK = (1 << 32) - 1
_PRIME = (1 << 61) - 1
_SEEDS = [
    struct.unpack("<QQ", hashlib.blake2b(str(i).encode(), digest_size=16).digest())
    for i in range(NUM_PERM)
]
_PERMS = [((a % (_PRIME - 1)) + 1, b % _PRIME) for a, b in _SEEDS]


def shingles(text: str, size: int = 3) -> set[int]:
    words = WORD_RE.findall((text or "").lower())
    if len(words) < size:
        return {hash32(" ".join(words))} if words else set()
    return {hash32(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)}


def hash32(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "little")


def minhash(text: str) -> tuple[int, ...]:
    values = shingles(text)
    if not values:
        return ()
    return tuple(min(((a * v + b) % _PRIME) & _MASK for v in values) for a, b in _PERMS)


def estimated_jaccard(left: tuple[int, ...], right: tuple[int, ...]) -> float:
    if not left or not right:
        return 0.0
    return sum(1 for x, y in zip(left, right, strict=True) if x == y) / len(left)


def jaccard(left: str, right: str) -> float:
    a, b = shingles(left), shingles(right)
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Match:
    key: str
    similarity: float


class NearDuplicateIndex:
    """Finds texts already seen that are near-identical (Jaccard ≥ threshold). Bounded."""

    def __init__(self, threshold: float = 0.8, capacity: int = 50000, min_words: int = 12):
        self.threshold = threshold
        self.capacity = capacity
        self.min_words = min_words
        self.signatures: OrderedDict[str, tuple[int, ...]] = OrderedDict()
        self.buckets: dict[tuple, set[str]] = {}

    def _bands(self, signature):
        return [(band, signature[band * ROWS : (band + 1) * ROWS]) for band in range(BANDS)]

    def find(self, text: str) -> Match | None:
        if len(WORD_RE.findall(text or "")) < self.min_words:
            return None  # too short to tell a republished copy from a shared phrase
        signature = minhash(text)
        best: Match | None = None
        candidates = set()
        for band in self._bands(signature):
            candidates |= self.buckets.get(band, set())
        for key in candidates:
            similarity = estimated_jaccard(signature, self.signatures[key])
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(key, similarity)
        return best

    def add(self, key: str, text: str) -> None:
        if key in self.signatures or len(WORD_RE.findall(text or "")) < self.min_words:
            return
        signature = minhash(text)
        self.signatures[key] = signature
        for band in self._bands(signature):
            self.buckets.setdefault(band, set()).add(key)
        while len(self.signatures) > self.capacity:
            old_key, old_signature = self.signatures.popitem(last=False)
            for band in self._bands(old_signature):
                bucket = self.buckets.get(band)
                if bucket is not None:
                    bucket.discard(old_key)
                    if not bucket:
                        del self.buckets[band]
