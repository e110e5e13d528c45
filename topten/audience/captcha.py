"""Optional CAPTCHA check (Turnstile or hCaptcha), off by default.

A verifier is one function, ``verify(token, ip) -> bool``. The "stub" provider
(for tests) accepts tokens that start with "pass", each once, as the real
providers refuse a replayed token.
"""

import json
import logging
import urllib.parse
import urllib.request

from django.core.cache import cache

from topten.audience import conf

log = logging.getLogger(__name__)
VERIFY_URLS = {
    "turnstile": "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    "hcaptcha": "https://api.hcaptcha.com/siteverify",
}
WIDGETS = {
    "turnstile": ("https://challenges.cloudflare.com/turnstile/v0/api.js", "cf-turnstile"),
    "hcaptcha": ("https://js.hcaptcha.com/1/api.js", "h-captcha"),
}
RESPONSE_FIELDS = {
    "turnstile": "cf-turnstile-response",
    "hcaptcha": "h-captcha-response",
    "stub": "captcha",
}


def enabled() -> bool:
    return bool(conf.captcha_provider())


def response_field() -> str:
    return RESPONSE_FIELDS.get(conf.captcha_provider(), "captcha")


def verify(token: str, ip: str = "") -> bool:
    provider = conf.captcha_provider()
    if not provider:
        return True
    if provider == "stub":  # like the real ones: right answer, and each token only once
        return token.startswith("pass") and cache.add(f"captcha-stub:{token}", 1, 600)
    if provider not in VERIFY_URLS:
        log.error("AUDIENCE_CAPTCHA_PROVIDER=%r is not turnstile, hcaptcha or stub", provider)
        return False
    if not token:
        return False
    body = urllib.parse.urlencode(
        {"secret": conf.captcha_secret(), "response": token, "remoteip": ip}
    ).encode()
    url = conf.captcha_verify_url() or VERIFY_URLS[provider]
    try:
        with urllib.request.urlopen(url, data=body, timeout=5) as response:  # noqa: S310
            return bool(json.load(response).get("success"))
    except (OSError, ValueError) as exc:
        # Fail closed: a reader can retry; a bot flood must not get through an outage.
        log.warning("CAPTCHA verification failed: %s", exc)
        return False
