"""Named readers for tests, created through the real audience actions.

Import what you need in your app's tests (or conftest.py):

    from topten.audience.tests.personas import confirmed_subscriber  # noqa: F401

- ``confirmed_subscriber`` (ann@example.com): signed up on the form, confirmed;
  receives the daily email (``Subscriber.objects.receiving()``).
- ``unconfirmed_subscriber`` (ben@example.com): signed up, never confirmed;
  must receive nothing but the confirmation email.
- ``unsubscribed_subscriber`` (cat@example.com): confirmed, then unsubscribed
  with the one-click link; suppressed, must receive nothing.

Making them queues their confirmation/welcome emails in the outbox, like the
real flow; call ``clear_outbox()`` if your test counts emails.
"""

import pytest

from topten.audience import actions
from topten.audience.models import SignupRequest, Source, Subscriber
from topten.audience.tests.smtp import smtp  # noqa: F401 - re-exported fixture
from topten.mailer.models import QueuedEmail


def make_pending(email: str, first_name: str = "", timezone_name: str = "Europe/London"):
    request = actions.request_signup(
        email=email,
        first_name=first_name,
        timezone_name=timezone_name,
        source=Source.FORM,
        ip="192.0.2.10",
        user_agent="persona-browser/1.0",
        consent_version="1",
    )
    actions.handle_signup_request(SignupRequest.objects.get(pk=request.pk))
    return Subscriber.objects.by_email(email).get()


def make_confirmed(email: str, first_name: str = "", timezone_name: str = "Europe/London"):
    subscriber = make_pending(email, first_name, timezone_name)
    actions.confirm_subscriber(subscriber, ip="192.0.2.10", user_agent="persona-browser/1.0")
    subscriber.refresh_from_db()
    return subscriber


def make_unsubscribed(email: str, first_name: str = ""):
    subscriber = make_confirmed(email, first_name)
    actions.unsubscribe(subscriber, source=Source.EMAIL, reason="persona")
    subscriber.refresh_from_db()
    return subscriber


def clear_outbox():
    QueuedEmail.objects.all().delete()


@pytest.fixture
def confirmed_subscriber(db):
    return make_confirmed("ann@example.com", "Ann")


@pytest.fixture
def unconfirmed_subscriber(db):
    return make_pending("ben@example.com", "Ben")


@pytest.fixture
def unsubscribed_subscriber(db):
    return make_unsubscribed("cat@example.com", "Cat")
