"""Wire desk settings, read from the environment (documented in the final report)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

from topten.lib.env import envfloat, envint


def fetch_deadline() -> float:
    return getattr(settings, "WIRE_FETCH_DEADLINE", envfloat("WIRE_FETCH_DEADLINE", 15.0))


def max_bytes() -> int:
    return getattr(settings, "WIRE_MAX_BYTES", envint("WIRE_MAX_BYTES", 5 * 1024 * 1024))


def max_decompressed() -> int:
    return getattr(
        settings, "WIRE_MAX_DECOMPRESSED", envint("WIRE_MAX_DECOMPRESSED", 20 * 1024 * 1024)
    )


def max_redirects() -> int:
    return getattr(settings, "WIRE_MAX_REDIRECTS", envint("WIRE_MAX_REDIRECTS", 5))


def feeds_per_pass() -> int:
    return getattr(settings, "WIRE_FEEDS_PER_PASS", envint("WIRE_FEEDS_PER_PASS", 50))


def concurrency() -> int:
    return getattr(settings, "WIRE_CONCURRENCY", envint("WIRE_CONCURRENCY", 8))


def per_host() -> int:
    return getattr(settings, "WIRE_PER_HOST", envint("WIRE_PER_HOST", 2))


def _site_is_loopback() -> bool:
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_networks() -> list[str]:
    """FETCH_ALLOWED_NETWORKS, plus 127.0.0.1/32 when the site itself runs on loopback (the demo)."""
    networks = list(getattr(settings, "FETCH_ALLOWED_NETWORKS", []) or [])
    if _site_is_loopback() and "127.0.0.1/32" not in networks:
        networks.append("127.0.0.1/32")
    return networks


def user_agent() -> str:
    return f"Topten-Wire/1.0 (+{settings.SITE_URL}/)"
