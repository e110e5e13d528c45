"""Routes at the site root: include at "" in topten/urls.py.

/anymail/<esp>/tracking/ receives bounce and complaint webhooks, /anymail/<esp>/inbound/
mail to the List-Unsubscribe mailto (basic auth with ANYMAIL_WEBHOOK_SECRET; configure
the URL as https://anymail:SECRET@site/anymail/...).
"""

import anymail.urls
from django.urls import URLPattern, include, path

import topten.mailer.webhooks  # noqa: F401  (connects the tracking and inbound receivers)
from topten.mailer.webhooks import guarded


def _guard(pattern: URLPattern) -> URLPattern:
    esp = str(pattern.pattern).lstrip("^").split("/", 1)[0]
    pattern.callback = guarded(pattern.callback, esp)
    return pattern


_patterns = [
    _guard(p)
    for p in anymail.urls.urlpatterns
    if "tracking" in str(p.pattern) or "inbound" in str(p.pattern)
]

urlpatterns = [path("anymail/", include((_patterns, "anymail")))]
