"""S-03: every POST without a CSRF token is refused, except the signed endpoints that must
accept cross-site POSTs (RFC 8058 one-click unsubscribe, webhooks, the embeddable form)."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Route names (namespace:name) that are deliberately csrf_exempt, and why.
EXEMPT = {
    "audience:unsubscribe",  # RFC 8058 one-click: no cookies, signed URL
    "audience:embed",  # cross-site iframe never sends our cookie; stamp + honeypot + rate limit
    "donations:webhook",  # Stripe signature over the raw body
    "anymail:",  # email-service webhooks: basic auth / provider signatures
}
SAMPLE = {
    "isodate": "2026-11-25",
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + route, ns)
        elif isinstance(entry, URLPattern):
            yield prefix + route, f"{namespace}{entry.name or ''}"


def concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes (admin internals); covered by Django's own admin tests
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    return "/" + url


def exempt(name: str) -> bool:
    return any(name == e or (e.endswith(":") and name.startswith(e)) for e in EXEMPT)


class TestCsrfSweep:
    def test_every_post_without_a_token_is_refused_except_the_signed_endpoints(self, admin_user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(admin_user)
        unprotected = []
        for route, name in walk(get_resolver()):
            url = concrete(route)
            if url is None or url.startswith("/admin/") or exempt(name):
                continue
            response = client.post(url, {"x": "1"})
            if response.status_code != 403:
                unprotected.append((url, name, response.status_code))
        assert unprotected == []

    def test_the_sweep_sees_the_public_forms(self):
        names = {name for _, name in walk(get_resolver())}
        assert "audience:index" in names
        assert "donations:index" in names
