"""Parse EMAIL_URL into Django email settings.

capture://                      save every message as .eml under var/mail/ (default)
smtp://user:pass@host:587?tls=1 STARTTLS;  smtps://...:465  implicit TLS
anymail://postmark              an email-service API through django-anymail
console://                      print to stdout
"""

from urllib.parse import parse_qs, unquote, urlsplit

from topten.lib.env import ConfigError

ANYMAIL_BACKENDS = {
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
    "mailjet": "anymail.backends.mailjet.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "sparkpost": "anymail.backends.sparkpost.EmailBackend",
}


def parse_email_url(url: str) -> dict:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme
    if scheme == "capture":
        return {"EMAIL_BACKEND": "topten.mailer.capture.CaptureBackend"}
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "anymail":
        esp = parts.netloc
        if esp not in ANYMAIL_BACKENDS:
            raise ConfigError(
                f"EMAIL_URL: unknown email service {esp!r}; one of {sorted(ANYMAIL_BACKENDS)}"
            )
        return {"EMAIL_BACKEND": ANYMAIL_BACKENDS[esp], "EMAIL_ESP": esp}
    if scheme not in {"smtp", "smtps"}:
        raise ConfigError(
            f"EMAIL_URL scheme {scheme!r} is not one of capture, console, smtp, smtps, anymail"
        )
    if not parts.hostname:
        raise ConfigError(
            "EMAIL_URL needs a host, e.g. smtp://user:pass@mail.example.org:587?tls=1"
        )
    use_ssl = scheme == "smtps" or query.get("ssl") in {"1", "true"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if use_ssl else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": (not use_ssl) and query.get("tls") in {"1", "true"},
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": int(query.get("timeout", "30")),
    }
