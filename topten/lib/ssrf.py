"""SSRF guard: decide which addresses an outgoing fetch may connect to.

Framework-free. The fetcher resolves a host name ONCE, checks every address
here, then connects to one of the checked addresses itself (with the original
host name in the Host header and TLS SNI), so a DNS answer that changes between
the check and the connection (DNS rebinding) cannot reach a forbidden address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Listed explicitly even where Python's is_global already says "not global",
# so the policy does not depend on the interpreter's idea of the registry.
FORBIDDEN_NETWORKS: tuple[Network, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this" network
        "10.0.0.0/8",  # RFC 1918
        "100.64.0.0/10",  # CGNAT, RFC 6598
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata (169.254.169.254)
        "172.16.0.0/12",  # RFC 1918
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # TEST-NET-1
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # RFC 1918
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # TEST-NET-2
        "203.0.113.0/24",  # TEST-NET-3
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, broadcast
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::ffff:0:0/96",  # IPv4-mapped
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments (Teredo, ORCHID...)
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
        "fd00:ec2::254/128",  # AWS metadata over IPv6
    )
)


class ForbiddenAddress(Exception):
    """The URL or an address it resolves to must not be fetched."""


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Parse CIDR strings (e.g. settings.FETCH_ALLOWED_NETWORKS); a bad value raises ValueError."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def is_forbidden(ip: str | IPAddress, allowed: Iterable[Network] = ()) -> bool:
    """True if a fetch must not connect to `ip`. `allowed` networks win (tests and the demo)."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0])
    for network in allowed:
        if ip.version == network.version and ip in network:
            return False
    embedded = _embedded_ipv4(ip)
    if embedded is not None and is_forbidden(embedded, allowed):
        return True
    if any(ip.version == net.version and ip in net for net in FORBIDDEN_NETWORKS):
        return True
    return not ip.is_global or ip.is_multicast or ip.is_reserved


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to. Module-level so tests can replace it."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        if sockaddr[0] not in seen:
            seen.append(sockaddr[0])
    return seen


def check_url(url: str) -> tuple[str, str, int]:
    """Validate scheme and host of `url`; return (scheme, host, port). Raises ForbiddenAddress."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ForbiddenAddress(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ForbiddenAddress(f"only http and https may be fetched, not {scheme or 'no scheme'!r}")
    if not parts.hostname:
        raise ForbiddenAddress("the URL has no host")
    if parts.username or parts.password:
        raise ForbiddenAddress("URLs with credentials are not fetched")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def safe_addresses(host: str, port: int, allowed: Iterable[Network] = ()) -> list[str]:
    """Resolve `host` once and return its addresses; refuse if ANY of them is forbidden."""
    allowed = tuple(allowed)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise LookupError(f"cannot resolve {host}: {exc}") from None
    if not addresses:
        raise LookupError(f"{host} has no address")
    for address in addresses:
        if is_forbidden(address, allowed):
            raise ForbiddenAddress(f"{host} resolves to {address}, a forbidden address")
    return addresses
