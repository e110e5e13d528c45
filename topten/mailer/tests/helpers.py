"""Test helpers: dkimpy verification with a local key record, parsed captured mail."""

import base64
import types
from email import policy
from email.parser import BytesParser

import dkim


def _install_ed25519_for_dkimpy():
    """dkimpy verifies ed25519 through PyNaCl; without it, give dkimpy the same two calls
    backed by `cryptography` (canonicalisation, hashing and the h=/bh= checks stay dkimpy's)."""
    if hasattr(dkim, "nacl"):
        return
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    class BadSignatureError(Exception):
        pass

    class VerifyKey:
        def __init__(self, key, encoder=None):
            self.key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key))

        def verify(self, message, signature):
            try:
                self.key.verify(signature, message)
            except InvalidSignature:
                raise BadSignatureError() from None
            return message

    nacl = types.SimpleNamespace(
        signing=types.SimpleNamespace(VerifyKey=VerifyKey),
        encoding=types.SimpleNamespace(Base64Encoder=None),
        exceptions=types.SimpleNamespace(
            BadSignatureError=BadSignatureError, ValueError=ValueError
        ),
    )
    dkim.nacl = nacl


def dkim_verifies(message: bytes, record: str) -> bool:
    _install_ed25519_for_dkimpy()

    def dnsfunc(name, timeout=5):
        return record.encode()

    return dkim.verify(message, dnsfunc=dnsfunc)


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)
