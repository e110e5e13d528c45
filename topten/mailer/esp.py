"""Email-service APIs through django-anymail, each in its own batch size.

How a call carries each subscriber's own message depends on the service:

* **merge** (Mailgun, SendGrid): one body per call with a merge field in each
  personal slot (espmerge.py) and each recipient's values as anymail `merge_data`;
  Message-ID and List-Unsubscribe go as `merge_headers`.
* **bodies** (Postmark): Postmark's /email/batch takes up to 500 complete messages;
  anymail builds it from `merge_headers`, and `PostmarkBatchBackend` puts each
  recipient's own text and HTML in its message (anymail would repeat one body).
* **single** (Amazon SES, Brevo, Mailjet, Resend, SparkPost): one call per message;
  their batch APIs need a template stored at the service or a template language of
  their own that would read the edition's text (see README).

Outcomes: each recipient's `anymail_status` (sent/queued -> sent, rejected/invalid/
failed -> failed, unknown -> uncertain). A refused call: 429 and 5xx trip the circuit
breaker (so do 401, 403 and 404: the service refuses us, not the reader); another 4xx
on a batch is retried one message per call to find the culprit; a timeout after the
request went out is uncertain; a connection never made trips the breaker.
"""

import logging

from anymail.backends.postmark import EmailBackend as PostmarkBackend
from anymail.backends.postmark import PostmarkPayload
from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused
from anymail.message import AnymailMessage

from topten.mailer import conf, espmerge
from topten.mailer.message import Personal, clean
from topten.mailer.replies import Outcome, Result

log = logging.getLogger(__name__)

# Messages per API call (the services' documented limits) and how a call is made.
BATCH = {
    "mailgun": (1000, "merge"),
    "sendgrid": (1000, "merge"),
    "postmark": (500, "bodies"),
    "amazon_ses": (0, "single"),
    "brevo": (0, "single"),
    "mailjet": (0, "single"),
    "resend": (0, "single"),
    "sparkpost": (0, "single"),
}
# Postmark takes at most 50 MB per batch call; JSON escaping is counted generously.
POSTMARK_MAX_BYTES = 40_000_000
PERSONAL_HEADERS = ("Message-ID", "List-Unsubscribe")
SHARED_HEADERS = ("List-Id", "List-Unsubscribe-Post", "Feedback-ID")
SENT = {"sent", "queued", "scheduled"}
REFUSED = {"rejected", "invalid", "failed"}
# The service refuses us (credentials, sender domain), not the reader: like a relay outage.
REFUSES_US = {401, 403, 404, 429}


class PostmarkBatchPayload(PostmarkPayload):
    """/email/batch with each recipient's own text and HTML from `message.bodies`."""

    def data_for_recipient(self, to):
        data = super().data_for_recipient(to)
        data.pop("HtmlBody", None)
        data.update(self.message.bodies[to.addr_spec])
        return data


class PostmarkBatchBackend(PostmarkBackend):
    def build_message_payload(self, message, defaults):
        return PostmarkBatchPayload(message, defaults, self)


class AnymailTransport:
    def __init__(self, config: conf.TransportConfig, sender: str):
        from topten.lib.emailurl import ANYMAIL_BACKENDS

        self.esp = config.esp
        size, self.mode = BATCH.get(config.esp, (0, "single"))
        self.backend_path = ANYMAIL_BACKENDS[config.esp]
        if self.mode == "bodies":
            self.backend_path = f"{__name__}.PostmarkBatchBackend"
        # A single call per message: the chunk is the in-flight window, kept short.
        self.chunk_size = size or conf.chunk_per_connection()
        self.needs_parts = self.mode != "merge"
        self.connection = None
        self._factories: dict[int, object] = {}

    def send(self, messages: list[Personal], meanwhile=None) -> list[Result]:
        for _ in meanwhile or ():
            pass
        if not messages:
            return []
        if self.connection is None:
            from django.core.mail import get_connection

            self.connection = get_connection(self.backend_path, fail_silently=False)
        if self.mode == "merge":
            calls = self._merge_calls(messages)
        elif self.mode == "bodies":
            calls = [(self._bodies_email(g), g) for g in _calls(messages, self.chunk_size)]
        else:
            calls = [(self._single_email(m), [m]) for m in messages]
        results = []
        for email, members in calls:
            results += self._post(email, members)
        return results

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # -- the three ways of making a call ---------------------------------------------

    def _single_email(self, m: Personal):
        email = _email(m, m.subject, m.text, [m.to])
        email.extra_headers.update(_personal_headers(m))
        if m.html:
            email.attach_alternative(m.html, "text/html")
        return email

    def _bodies_email(self, group: list[Personal]):
        email = _email(group[0], group[0].subject, "", [m.to for m in group])
        email.merge_headers = {m.to: _personal_headers(m) for m in group}
        email.bodies = {m.to: _bodies(m) for m in group}
        return email

    def _merge_calls(self, messages: list[Personal]):
        factory = self._factory(messages[0].delivery_id)
        names = _first_names(messages)
        values = {}
        for m in messages:
            values[m.delivery_id] = factory.values(m.subscriber_id, names.get(m.subscriber_id, ""))
            m.subject = clean(factory.subject)
        syntax = espmerge.SYNTAX[self.esp]
        html_t = factory.html_t.template if factory.html_t else None
        if not espmerge.usable(syntax, [factory.text_t.template, *([html_t] if html_t else [])]):
            log.warning("%s: the edition contains %r; one call per message", self.esp, syntax)
            return [(self._single_email(_filled(factory, m, values)), [m]) for m in messages]
        calls = []
        for with_html in (True, False):
            group = [m for m in messages if _is_html(m) == with_html]
            for members in _calls(group, self.chunk_size, sizes=False):
                email = self._merge_email(members, factory, html_t if with_html else None, values)
                calls.append((email, members))
        return calls

    def _merge_email(self, members: list[Personal], factory, html_t, values: dict):
        syntax = espmerge.SYNTAX[self.esp]
        personal = [values[m.delivery_id] for m in members]
        merged = espmerge.merge(syntax, factory.text_t.template, html_t, personal)
        email = _email(members[0], members[0].subject, merged.text, [m.to for m in members])
        if merged.html:
            email.attach_alternative(merged.html, "text/html")
        email.merge_data = {m.to: d for m, d in zip(members, merged.data, strict=True)}
        email.merge_headers = {m.to: _personal_headers(m) for m in members}
        if self.esp == "sendgrid":
            email.esp_extra = {"merge_field_format": syntax}
        email.factory, email.values = factory, values  # for one call each, if refused
        return email

    # -- one API call and its outcomes -----------------------------------------------

    def _post(self, email, members: list[Personal]) -> list[Result]:
        try:
            self.connection.send_messages([email])
        except AnymailRecipientsRefused:
            pass  # every recipient refused: their statuses say so
        except AnymailAPIError as exc:
            return self._refused_call(exc, email, members)
        except AnymailError as exc:
            return [Result(m.delivery_id, Outcome.FAILED, 0, str(exc)[:300]) for m in members]
        return _outcomes(members, email.anymail_status)

    def _refused_call(self, exc, email, members) -> list[Result]:
        code = getattr(exc, "status_code", None) or 0
        text = str(exc)[:300]
        if code in REFUSES_US or code >= 500:
            outcome = Outcome.NOT_ATTEMPTED
            return [Result(m.delivery_id, outcome, code, text, True) for m in members]
        if 200 <= code < 300:  # accepted, but the reply did not parse: some may be sent
            return [Result(m.delivery_id, Outcome.UNKNOWN, code, text) for m in members]
        if code and len(members) > 1:
            log.info("%s refused a batch of %d (%s); one call each", self.esp, len(members), code)
            factory = getattr(email, "factory", None)
            results = []
            for m in members:
                if factory is not None:
                    _filled(factory, m, email.values)
                results += self._post(self._single_email(m), [m])
            return results
        if code:
            return [Result(m.delivery_id, Outcome.FAILED, code, text) for m in members]
        # No reply: sent, or not, unless the connection was never made.
        outcome = Outcome.NOT_ATTEMPTED if _never_connected(exc) else Outcome.UNKNOWN
        return [Result(m.delivery_id, outcome, 0, text, True) for m in members]

    def _factory(self, delivery_id: int):
        """The send's message factory: its templates and each subscriber's values."""
        from topten.mailer.models import Delivery, Send
        from topten.mailer.pipeline import make_factory

        send_id = Delivery.objects.values_list("send_id", flat=True).get(pk=delivery_id)
        factory = self._factories.get(send_id)
        if factory is None:
            self._factories = {send_id: make_factory(Send.objects.get(pk=send_id))}
            factory = self._factories[send_id]
        return factory


def _email(first: Personal, subject: str, text: str, to: list[str]):
    head = dict(first.headers)
    shared = {n: head[n].replace("\r\n", "") for n in SHARED_HEADERS if n in head}
    reply_to = [head["Reply-To"]] if "Reply-To" in head else None
    return AnymailMessage(subject, text, head["From"], to, headers=shared, reply_to=reply_to)


def _personal_headers(m: Personal) -> dict[str, str]:
    return {n: v.replace("\r\n", "") for n, v in m.headers if n in PERSONAL_HEADERS}


def _bodies(m: Personal) -> dict[str, str]:
    return {"TextBody": m.text, "HtmlBody": m.html} if m.html else {"TextBody": m.text}


def _is_html(m: Personal) -> bool:
    return dict(m.headers).get("Content-Type", "").startswith("multipart/")


def _filled(factory, m: Personal, values: dict) -> Personal:
    """`m` with its own text and HTML, for a call of its own."""
    m.text = factory.text_t.text(values[m.delivery_id])
    m.html = factory.html_t.text(values[m.delivery_id]) if factory.html_t and _is_html(m) else ""
    return m


def _first_names(messages: list[Personal]) -> dict[int, str]:
    from topten.audience.models import Subscriber

    ids = [m.subscriber_id for m in messages]
    return dict(Subscriber.objects.filter(pk__in=ids).values_list("pk", "first_name"))


def _calls(messages: list[Personal], size: int, *, sizes: bool = True):
    """Split into calls of at most `size` messages (and POSTMARK_MAX_BYTES when `sizes`),
    no address twice in one call: the services key their results by address."""
    call, seen, weight = [], set(), 0
    for m in messages:
        address = m.to.lower()
        grams = _json_size(m.text) + _json_size(m.html) if sizes else 0
        if call and (len(call) >= size or address in seen or weight + grams > POSTMARK_MAX_BYTES):
            yield call
            call, seen, weight = [], set(), 0
        call.append(m)
        seen.add(address)
        weight += grams
    if call:
        yield call


def _json_size(text: str) -> int:
    """An upper bound of `text`'s length in ASCII JSON (a non-ASCII character is \\uXXXX)."""
    return len(text) + 5 * (len(text.encode()) - len(text)) + text.count('"') + text.count("\\")


def _outcomes(members: list[Personal], status) -> list[Result]:
    recipients = {k.lower(): v for k, v in status.recipients.items()}
    found = [recipients.get(m.to.lower()) for m in members]
    ids = [r.message_id for r in found if r is not None and r.message_id]
    shared_id = len(ids) != len(set(ids))  # Mailgun: one id for the whole call
    results = []
    for m, recipient in zip(members, found, strict=True):
        state = recipient.status if recipient is not None else None
        if state in SENT:
            message_id = recipient.message_id
            if shared_id or not message_id:
                message_id = dict(m.headers).get("Message-ID", "").strip("<>")
            results.append(
                Result(m.delivery_id, Outcome.SENT, 250, state, provider_message_id=message_id)
            )
        elif state in REFUSED:
            results.append(Result(m.delivery_id, Outcome.FAILED, 550, state))
        else:  # "unknown", or not reported: the service may or may not send it
            results.append(Result(m.delivery_id, Outcome.UNKNOWN, 0, state or "not reported"))
    return results


def _never_connected(exc) -> bool:
    """True when the request never reached the service (anymail's error is also the
    requests exception it wraps)."""
    import requests
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause = exc.__cause__
    reason = getattr(cause.args[0], "reason", None) if cause and cause.args else None
    return isinstance(exc, requests.ConnectionError) and isinstance(reason, NewConnectionError)
