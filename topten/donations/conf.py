"""Donation settings. Stripe keys live in topten/settings.py; the rest is read here.

Each value is read at call time through `getattr(settings, NAME, <env default>)`, so a
deployment sets it in the environment and a test overrides it with the settings fixture.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings

from topten.donations.fees import FeeRule
from topten.lib.env import ConfigError, envint, envlist, envstr

WEBHOOK_EVENTS = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "invoice.paid",
    "charge.refunded",
    "customer.subscription.deleted",
]
REQUIRED_SETTINGS = ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"]


def _get(name: str, default):
    return getattr(settings, name, default)


def secret_key() -> str:
    return _get("STRIPE_SECRET_KEY", "") or ""


def webhook_secret() -> str:
    return _get("STRIPE_WEBHOOK_SECRET", "") or ""


def api_base() -> str:
    return (_get("STRIPE_API_BASE", "") or "").rstrip("/")


def missing_settings() -> list[str]:
    return [name for name in REQUIRED_SETTINGS if not _get(name, "")]


def is_ready() -> bool:
    """Take donations only when we can also record them: the secret key for Checkout
    and the webhook secret for the payments. The publishable key is not used by a
    hosted Checkout, so its absence is only reported to staff."""
    return bool(secret_key() and webhook_secret())


def is_test_mode() -> bool:
    return secret_key().startswith(("sk_test_", "rk_test_"))


def preset_amounts() -> list[int]:
    raw = _get("DONATION_PRESET_AMOUNTS", None) or envlist(
        "DONATION_PRESET_AMOUNTS", "500,1000,2500,5000"
    )
    try:
        return [int(value) for value in raw]
    except (TypeError, ValueError):
        raise ConfigError(f"DONATION_PRESET_AMOUNTS={raw!r}: use minor units, e.g. 500,1000")


def min_amount() -> int:
    return int(_get("DONATION_MIN_AMOUNT", envint("DONATION_MIN_AMOUNT", 100)))


def max_amount() -> int:
    return int(_get("DONATION_MAX_AMOUNT", envint("DONATION_MAX_AMOUNT", 1_000_000)))


def fee_rule() -> FeeRule:
    percent = _get("DONATION_FEE_PERCENT", envstr("DONATION_FEE_PERCENT", "1.5"))
    try:
        percent = Decimal(str(percent))
    except InvalidOperation:
        raise ConfigError(f"DONATION_FEE_PERCENT={percent!r} is not a number")
    fixed = int(_get("DONATION_FEE_FIXED", envint("DONATION_FEE_FIXED", 25)))
    return FeeRule(percent=percent, fixed=fixed)


def manage_link_max_age() -> int:
    """Seconds a "manage your monthly donation" link stays valid (default 45 days)."""
    days = int(_get("DONATION_MANAGE_LINK_DAYS", envint("DONATION_MANAGE_LINK_DAYS", 45)))
    return days * 86400


def checkouts_per_hour() -> int:
    """Checkout sessions one client IP may open per hour (spam and card-testing brake)."""
    return int(_get("DONATION_CHECKOUTS_PER_HOUR", envint("DONATION_CHECKOUTS_PER_HOUR", 20)))


def stripe_max_network_retries() -> int:
    return int(_get("STRIPE_MAX_NETWORK_RETRIES", envint("STRIPE_MAX_NETWORK_RETRIES", 2)))


def stripe_timeout() -> int:
    return int(_get("STRIPE_TIMEOUT", envint("STRIPE_TIMEOUT", 20)))


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")
