"""The client's IP address, from REMOTE_ADDR or a trusted proxy header.

Set ``settings.TRUSTED_PROXY_IP_HEADER`` to the META key your reverse proxy
sets (e.g. ``HTTP_X_REAL_IP``). Never trust X-Forwarded-For blindly: a client
can send any value it likes, so only a header the proxy overwrites is safe.
"""

import hashlib
import ipaddress

from django.conf import settings


def _clean(raw: str) -> str:
    # A proxy header may hold a list ("client, proxy1"); the first is the client.
    candidate = raw.split(",")[0].strip()
    if candidate.startswith("[") and "]" in candidate:  # "[::1]:443"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "1.2.3.4:5678"
        candidate = candidate.split(":")[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The client's IP address as a normalised string, or "" when unknown."""
    header = getattr(settings, "TRUSTED_PROXY_IP_HEADER", "") or ""
    if header:
        ip = _clean(request.META.get(header, ""))
        if ip:
            return ip
    return _clean(request.META.get("REMOTE_ADDR", "") or "")


def client_ip_hash(request, salt: str = "") -> str:
    """A short keyed hash of the client IP, for dedupe keys that must not store raw IPs."""
    material = f"{settings.SECRET_KEY}|{salt}|{client_ip(request)}".encode()
    return hashlib.sha256(material).hexdigest()[:32]
