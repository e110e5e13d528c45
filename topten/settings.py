"""Topten settings. Everything comes from the environment; see .env.example."""

import secrets
from pathlib import Path

import dj_database_url

from topten.lib.emailurl import parse_email_url
from topten.lib.env import ConfigError, envbool, envint, envlist, envstr, envtime

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("TOPTEN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = envstr("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "anymail",
    "topten.core",
    "topten.newsroom",
    "topten.web",
    "topten.mailer",
    "topten.audience",
    "topten.editions",
    "topten.wire",
    "topten.donations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "topten.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "topten.urls"
WSGI_APPLICATION = "topten.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "topten.core.context_processors.publication",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'topten.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker write while the web server reads; IMMEDIATE avoids
    # upgrade deadlocks between concurrent writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = envstr("CACHE_URL", "db://")
if CACHE_URL.startswith("redis://"):
    _default_cache = {
        "BACKEND": "topten.lib.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
    }
elif CACHE_URL == "locmem://":
    _default_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
elif CACHE_URL == "db://":
    # Shared by every web and worker process without another server; `topten migrate`
    # creates its table (see topten.core.apps).
    _default_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "topten_cache",
    }
else:
    raise ConfigError(f"CACHE_URL={CACHE_URL!r}: use db://, locmem:// or redis://host:port/db")
CACHES = {
    "default": _default_cache,
    # Per-process page cache for the public pages (see topten.web.cache).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "topten-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and envbool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security. Production sets HTTPS=true; local runs are plain HTTP on loopback.
HTTPS = envbool("HTTPS", SITE_URL.startswith("https://"))
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The client IP comes from REMOTE_ADDR unless a trusted proxy header is named
# (e.g. HTTP_X_REAL_IP set by your nginx). Never trust X-Forwarded-For blindly.
TRUSTED_PROXY_IP_HEADER = envstr("TRUSTED_PROXY_IP_HEADER")

# Mail
EMAIL_URL = envstr("EMAIL_URL", "capture://")
globals().update(parse_email_url(EMAIL_URL))
MAIL_CAPTURE_DIR = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Lisa's Top Ten <news@topten.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in __import__("os").environ.items()
    if key.startswith("ANYMAIL_")
}

# Publication defaults (editable in the admin once the publication exists)
PUBLICATION_TIMEZONE = envstr("PUBLICATION_TIMEZONE", "Europe/London")
DEFAULT_DELIVERY_TIME = envtime("DEFAULT_DELIVERY_TIME", "06:00")

# Worker
WORKER_POLL_SECONDS = envint("WORKER_POLL_SECONDS", 2)

# Stripe (donations)
STRIPE_SECRET_KEY = envstr("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = envstr("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = envstr("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = envstr("STRIPE_API_BASE")  # tests point the SDK at a loopback stand-in

# Outbound fetches (wire desk): networks allowed despite the SSRF guard, e.g. 127.0.0.1/32
FETCH_ALLOWED_NETWORKS = envlist("FETCH_ALLOWED_NETWORKS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
