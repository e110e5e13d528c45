"""Audience settings, read at call time so tests can override them with the settings fixture.

Each value comes from a Django setting of the same name if present, else the environment.
"""

from django.conf import settings

from topten.lib.env import envint, envstr


def _get(name, reader, default):
    value = getattr(settings, name, None)
    return reader(name, default) if value is None else value


def confirm_max_age() -> int:
    """Seconds a confirmation link stays valid (72 h)."""
    return _get("AUDIENCE_CONFIRM_MAX_AGE", envint, 72 * 3600)


def min_fill_seconds() -> int:
    """A sign-up form submitted faster than this is treated as a bot."""
    return _get("AUDIENCE_SIGNUP_MIN_FILL_SECONDS", envint, 3)


def max_form_age() -> int:
    """A form older than this (seconds) asks the reader to submit again."""
    return _get("AUDIENCE_SIGNUP_MAX_FORM_AGE", envint, 24 * 3600)


def signup_rate() -> str:
    """Sign-up POSTs allowed per client IP, as "N/period" (s, m, h, d)."""
    return _get("AUDIENCE_SIGNUP_RATE", envstr, "10/h")


def emails_per_address_per_day() -> int:
    """Sign-up emails (confirmation or already-subscribed) one address may get in 24 h."""
    return _get("AUDIENCE_SIGNUP_EMAILS_PER_DAY", envint, 3)


def captcha_provider() -> str:
    """ "" (off), "turnstile", "hcaptcha", or "stub" (tests: accepts the token "pass")."""
    return _get("AUDIENCE_CAPTCHA_PROVIDER", envstr, "")


def captcha_site_key() -> str:
    return _get("AUDIENCE_CAPTCHA_SITE_KEY", envstr, "")


def captcha_secret() -> str:
    return _get("AUDIENCE_CAPTCHA_SECRET", envstr, "")


def captcha_verify_url() -> str:
    """Override the provider's verify endpoint (tests point it at a loopback server)."""
    return _get("AUDIENCE_CAPTCHA_VERIFY_URL", envstr, "")


def import_dir():
    from pathlib import Path

    return Path(_get("AUDIENCE_IMPORT_DIR", envstr, str(settings.VAR_DIR / "imports")))
