"""Unsubscribe requests that arrive by mail: the mailto of List-Unsubscribe.

Every newsletter's List-Unsubscribe carries
`<mailto:ADDRESS?subject=unsubscribe-ID-SIGNATURE>`: the subscriber id signed as in
the one-click URL (topten.audience.links, purpose "unsubscribe"), so a mail client's
unsubscribe message names its subscriber without trusting the From address, which
anyone can forge. Mail to ADDRESS reaches `handle_unsubscribe_mail` through an email
service's inbound webhook (webhooks.py) or a pipe from the MTA (`topten mail inbound`).

A valid token unsubscribes exactly like the one-click link (`actions.unsubscribe`,
source "email": one consent event, nothing the second time). Anything else is logged
and dropped: nobody is told whether an address is subscribed, and nothing is sent
back, so the address cannot be used to probe the list or to send backscatter. Only the
subject is read: a bounce or an auto-reply quotes the newsletter, List-Unsubscribe
included, in its body, and must not unsubscribe its reader; auto-replies (RFC 3834) and
delivery reports are ignored altogether. Route only a dedicated address
(SEND_UNSUBSCRIBE_MAILTO) here: a reader's reply has no token and would be dropped.
"""

import logging
import re
from email.header import decode_header, make_header
from email.message import Message

from topten.audience import links

log = logging.getLogger(__name__)

PREFIX = "unsubscribe-"
# links.sign(): 15 bytes of HMAC in base64url, 20 characters.
TOKEN_RE = re.compile(r"\bunsubscribe-(\d{1,18})-([A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])")


class Outcome:
    UNSUBSCRIBED = "unsubscribed"
    ALREADY = "already unsubscribed"
    UNKNOWN_SUBSCRIBER = "no such subscriber"
    BAD_TOKEN = "bad token"
    NO_TOKEN = "no token"
    AUTOMATIC = "automatic mail"


def mailto_subject(subscriber_id: int) -> str:
    """The subject of a subscriber's List-Unsubscribe mailto."""
    return f"{PREFIX}{int(subscriber_id)}-{links.sign(links.UNSUBSCRIBE, subscriber_id)}"


def read_token(subject: str) -> tuple[int, str] | None:
    match = TOKEN_RE.search(subject or "")
    return (int(match.group(1)), match.group(2)) if match else None


def subject(message: Message) -> str:
    """The subject with RFC 2047 encoded words decoded."""
    raw = str(message.get("Subject", ""))
    try:
        return str(make_header(decode_header(raw)))
    except (ValueError, LookupError):  # a broken encoded word: read it as it is
        return raw


def is_automatic(message: Message) -> bool:
    """An auto-reply or a delivery/read report: it may quote our mail, token and all.

    (Auto-Submitted: auto-generated is not enough: a mail client may mark the
    unsubscribe message it writes for its user that way.)"""
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    return auto.startswith("auto-replied") or message.get_content_type() == "multipart/report"


def handle_unsubscribe_mail(message: Message, *, channel: str) -> str:
    """Unsubscribe the subscriber that `message`'s subject names; returns what happened.

    `channel` says how the mail came (an email service's name, or "pipe")."""
    from topten.audience import actions
    from topten.audience.models import Source, Subscriber

    outcome = _check(message)
    if outcome is not None:
        log.warning(
            "inbound unsubscribe via %s dropped: %s (%s)", channel, outcome, _sender(message)
        )
        return outcome
    subscriber_id, _ = read_token(subject(message))
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:  # erased since: its token still verifies
        log.info("inbound unsubscribe via %s: subscriber %s is gone", channel, subscriber_id)
        return Outcome.UNKNOWN_SUBSCRIBER
    changed = actions.unsubscribe(
        subscriber, source=Source.EMAIL, user_agent=f"List-Unsubscribe mailto via {channel}"
    )
    log.info(
        "inbound unsubscribe via %s: subscriber %s %s",
        channel,
        subscriber_id,
        "unsubscribed" if changed else "was already unsubscribed",
    )
    return Outcome.UNSUBSCRIBED if changed else Outcome.ALREADY


def _check(message: Message) -> str | None:
    """Why `message` is not a valid unsubscribe request, or None when it is."""
    if is_automatic(message):
        return Outcome.AUTOMATIC
    token = read_token(subject(message))
    if token is None:
        return Outcome.NO_TOKEN
    if not links.verify(links.UNSUBSCRIBE, *token):
        return Outcome.BAD_TOKEN
    return None


def _sender(message: Message) -> str:
    """The sender's domain only: enough to spot abuse, not the reader's address."""
    from email.utils import parseaddr

    return parseaddr(str(message.get("From", "")))[1].rpartition("@")[2][:100] or "no sender"
