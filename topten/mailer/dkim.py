"""DKIM signing (RFC 6376, RFC 8463) through OpenSSL, for relays that do not sign.

c=relaxed/simple: headers relaxed, body simple. The body hash is one sha256 over
the finished body bytes (the per-subscriber body is only joined, never re-parsed),
and signing goes through the `cryptography` package. Issue 4 measured ~0.085 ms
per message with ed25519 and ~0.8 ms with RSA-2048 this way, against ~12 ms (RSA)
with dkimpy's pure-Python canonicalisation. Tests verify with dkimpy.
"""

import base64
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from topten.lib.env import ConfigError

_WSP = re.compile(r"[ \t]+")


def relaxed_header(name: str, value: str) -> bytes:
    value = _WSP.sub(" ", value.replace("\r\n", "")).strip()
    return f"{name.lower()}:{value}\r\n".encode()


def simple_body(body: bytes) -> bytes:
    """RFC 6376 3.4.3: strip trailing empty lines; an empty body is one CRLF."""
    stripped = body.rstrip(b"\r\n")
    return stripped + b"\r\n" if stripped else b"\r\n"


@dataclass
class Signer:
    domain: str
    selector: str
    key: object  # Ed25519PrivateKey or RSAPrivateKey

    @property
    def algorithm(self) -> str:
        return "ed25519-sha256" if isinstance(self.key, ed25519.Ed25519PrivateKey) else "rsa-sha256"

    def _sign(self, data: bytes) -> bytes:
        if isinstance(self.key, ed25519.Ed25519PrivateKey):
            return self.key.sign(hashlib.sha256(data).digest())
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def signature_header(self, headers: list[tuple[str, str]], body: bytes) -> str:
        """The DKIM-Signature value for `headers` (name, value) in order and `body`."""
        bh = base64.b64encode(hashlib.sha256(simple_body(body)).digest()).decode()
        names = ":".join(name.lower() for name, _ in headers)
        value = (
            f"v=1; a={self.algorithm}; c=relaxed/simple; d={self.domain}; s={self.selector}; "
            f"t={int(time.time())}; h={names}; bh={bh}; b="
        )
        data = b"".join(relaxed_header(n, v) for n, v in headers)
        data += relaxed_header("DKIM-Signature", value)[:-2]
        return value + base64.b64encode(self._sign(data)).decode()

    def dns_record(self) -> str:
        """The TXT record to publish at <selector>._domainkey.<domain>."""
        public = self.key.public_key()
        if isinstance(self.key, ed25519.Ed25519PrivateKey):
            raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return f"v=DKIM1; k=ed25519; p={base64.b64encode(raw).decode()}"
        der = public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


def load_signer(domain: str, selector: str, key_path: str) -> Signer | None:
    """A signer from settings, or None when DKIM is not configured."""
    if not (domain or selector or key_path):
        return None
    if not (domain and selector and key_path):
        raise ConfigError("DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_PATH")
    try:
        pem = Path(key_path).read_bytes()
        key = serialization.load_pem_private_key(pem, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"DKIM_PRIVATE_KEY_PATH={key_path!r}: {exc}") from None
    if not isinstance(key, ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey):
        raise ConfigError("DKIM key must be ed25519 or RSA")
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < 1024:
        raise ConfigError("DKIM RSA key must be at least 1024 bits (2048 recommended)")
    return Signer(domain, selector, key)
