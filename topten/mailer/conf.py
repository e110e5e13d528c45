"""Settings of the send pipeline, read from Django settings or the environment.

Read through functions (not module constants) so tests can override settings.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from topten.lib.emailurl import ANYMAIL_BACKENDS, parse_email_url
from topten.lib.env import ConfigError, envfloat, envint, envstr

SENDER_ID_RE = re.compile(r"^[A-Za-z0-9]{5,15}$")


def _get(name, default):
    return getattr(settings, name, default)


def _str(name, default=""):
    return str(_get(name, envstr(name, default)))


def _int(name, default):
    return int(_get(name, envint(name, default)))


def _float(name, default):
    return float(_get(name, envfloat(name, default)))


def send_email_url() -> str:
    return _str("SEND_EMAIL_URL") or settings.EMAIL_URL


def batch_size() -> int:
    """Deliveries per batch (one claim)."""
    return max(1, _int("SEND_BATCH_SIZE", 500))


def chunk_per_connection() -> int:
    """Messages pipelined on one connection between two commits: the in-flight window."""
    return max(1, _int("SEND_CHUNK_PER_CONNECTION", 25))


def lease_seconds() -> int:
    return max(1, _int("SEND_LEASE_SECONDS", 60))


def prepare_page_size() -> int:
    """Subscriber ids walked per INSERT ... SELECT page when a wave is frozen."""
    return max(1, _int("SEND_PREPARE_PAGE", 100_000))


def prepare_ahead_seconds() -> int:
    """A wave's audience is frozen this long before it is due, so sending starts on time."""
    return max(0, _int("SEND_PREPARE_AHEAD_SECONDS", 120))


def late_policy() -> str:
    """What happens to subscribers whose time passed when the edition was scheduled."""
    value = _str("SEND_LATE_SUBSCRIBERS", "now")
    if value not in {"now", "skip"}:
        raise ConfigError(f"SEND_LATE_SUBSCRIBERS={value!r}: use now or skip")
    return value


def uncertain_policy() -> str:
    value = _str("SEND_UNCERTAIN_POLICY", "resend")
    if value not in {"resend", "hold"}:
        raise ConfigError(f"SEND_UNCERTAIN_POLICY={value!r}: use resend or hold")
    return value


def max_attempts() -> int:
    return max(1, _int("SEND_MAX_ATTEMPTS", 6))


def retry_base_seconds() -> float:
    return _float("SEND_RETRY_BASE_SECONDS", 60.0)


def retry_max_seconds() -> float:
    return _float("SEND_RETRY_MAX_SECONDS", 3600.0)


def breaker_cooldown_seconds() -> float:
    return _float("SEND_BREAKER_COOLDOWN_SECONDS", 30.0)


def breaker_max_seconds() -> float:
    return _float("SEND_BREAKER_MAX_SECONDS", 600.0)


def error_budget() -> float:
    """Fraction of a wave that may fail permanently before the send pauses."""
    return _float("SEND_ERROR_BUDGET", 0.05)


def error_budget_min() -> int:
    """Permanent failures always tolerated, so a tiny wave doesn't pause on one bad address."""
    return _int("SEND_ERROR_BUDGET_MIN", 20)


def rate_per_second() -> float:
    """A provider quota shared by every worker (quota.py); 0 means unlimited."""
    return _float("SEND_RATE_PER_SECOND", 0.0)


def rate_per_hour() -> float:
    return _float("SEND_RATE_PER_HOUR", 0.0)


def feedback_sender_id() -> str:
    value = _str("SEND_FEEDBACK_ID", "topten")
    if not SENDER_ID_RE.match(value):
        raise ConfigError(f"SEND_FEEDBACK_ID={value!r}: use 5 to 15 letters or digits")
    return value


def unsubscribe_mailto() -> str:
    return _str("SEND_UNSUBSCRIBE_MAILTO", "")


def smtp_timeout() -> float:
    return _float("SEND_SMTP_TIMEOUT", 30.0)


def webhook_max_age_seconds() -> int:
    """Mailgun-style signed webhooks older than this are rejected (replay guard)."""
    return _int("SEND_WEBHOOK_MAX_AGE_SECONDS", 300)


def dkim() -> tuple[str, str, str]:
    return (_str("DKIM_DOMAIN"), _str("DKIM_SELECTOR"), _str("DKIM_PRIVATE_KEY_PATH"))


@dataclass(frozen=True)
class TransportConfig:
    kind: str  # smtp, anymail, capture
    host: str = ""
    port: int = 0
    username: str = ""
    password: str = ""
    starttls: bool = False
    implicit_tls: bool = False
    pool: int = 8
    cafile: str = ""
    verify: bool = True
    timeout: float = 30.0
    esp: str = ""


def transport_config(url: str | None = None) -> TransportConfig:
    url = url or send_email_url()
    parsed = parse_email_url(url)
    query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
    backend = parsed["EMAIL_BACKEND"]
    if backend in ANYMAIL_BACKENDS.values():
        return TransportConfig(kind="anymail", esp=parsed["EMAIL_ESP"])
    if "smtp" not in backend:
        return TransportConfig(kind="capture")
    try:
        pool = int(query.get("pool", _int("SEND_SMTP_POOL", 8)))
    except ValueError:
        raise ConfigError(f"SEND_EMAIL_URL: pool={query['pool']!r} is not an integer") from None
    if not 1 <= pool <= 64:
        raise ConfigError("SEND_EMAIL_URL: pool must be between 1 and 64 connections")
    return TransportConfig(
        kind="smtp",
        host=parsed["EMAIL_HOST"],
        port=parsed["EMAIL_PORT"],
        username=parsed["EMAIL_HOST_USER"],
        password=parsed["EMAIL_HOST_PASSWORD"],
        starttls=parsed["EMAIL_USE_TLS"],
        implicit_tls=parsed["EMAIL_USE_SSL"],
        pool=pool,
        cafile=query.get("cafile", ""),
        verify=query.get("verify", "1") not in {"0", "false"},
        timeout=float(query.get("timeout", smtp_timeout())),
    )
