"""The audience's transactional emails, each with a text and an HTML part.

All go through the mail outbox (topten.mailer.actions.queue_email): the worker
sends them, never the web request, and retries through relay outages.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from topten.audience import links
from topten.audience.tokens import make_confirm_token
from topten.mailer.actions import queue_email
from topten.newsroom.models import Publication

SUBJECTS = {
    "confirm": "Confirm your subscription to {name}",
    "welcome": "Welcome to {name}",
    "already": "You're already subscribed to {name}",
    "preferences": "Your {name} preferences were updated",
}


def _queue(kind: str, subscriber, **context):
    publication = Publication.current()
    context |= {
        "publication": publication,
        "subscriber": subscriber,
        "preferences_url": links.preferences_url(subscriber.pk),
        "unsubscribe_url": links.unsubscribe_url(subscriber.pk),
        "site_url": settings.SITE_URL,
    }
    return queue_email(
        kind=f"audience.{kind}",
        to=subscriber.email,
        subject=SUBJECTS[kind].format(name=publication.name),
        text=render_to_string(f"audience/email/{kind}.txt", context),
        html=render_to_string(f"audience/email/{kind}.html", context),
    )


def confirm_url(subscriber) -> str:
    token = make_confirm_token(subscriber.pk, subscriber.confirm_nonce)
    return settings.SITE_URL + reverse("audience:confirm", args=[token])


def queue_confirmation(subscriber):
    return _queue("confirm", subscriber, confirm_url=confirm_url(subscriber), hours=72)


def queue_welcome(subscriber):
    return _queue("welcome", subscriber)


def queue_already_subscribed(subscriber):
    return _queue("already", subscriber)


def queue_preferences_changed(subscriber):
    return _queue("preferences", subscriber)
