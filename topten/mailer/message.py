"""Newsletter messages as bytes, built from the edition rendered once per send.

`MessageFactory` is made once per send per process: it QP-encodes the literal
pieces of the compiled templates ahead of time, so a message is a join of
pre-encoded pieces and a few small per-subscriber values. Every piece ends at a
line boundary (a hard CRLF or a soft `=CRLF`), so pieces concatenate into valid
quoted-printable with lines under 78 characters; a leading dot is encoded as
`=2E`, so the body needs no SMTP dot-stuffing.

Header values are ours or cleaned of CR/LF, and addresses are checked, so a
first name or an address cannot inject a header.
"""

import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate
from operator import itemgetter

from topten.mailer.inbound import PREFIX as MAILTO_PREFIX
from topten.mailer.personalize import CompiledTemplate, Personaliser, compile_template

_CTRL = re.compile(r"[\r\n\x00]+")
_ADDRESS = re.compile(r"^[^\s<>,;\"()\\@]+@[^\s<>,;\"()\\@]+\.[^\s<>,;\"()\\@]+$")


class BadAddress(ValueError):
    pass


def _signature_of(unsubscribe_url: str) -> str:
    """The signature in `.../unsubscribe/ID/SIGNATURE/`: the mailto subject's token is the
    same HMAC (`inbound.mailto_subject`), so it is not computed twice per message."""
    return unsubscribe_url[unsubscribe_url.rindex("/", 0, -1) + 1 : -1]


def clean(value: str) -> str:
    return _CTRL.sub(" ", value or "")


def header_text(value: str) -> str:
    """An unstructured header value, RFC 2047-encoded when not ASCII."""
    value = clean(value).strip()
    if value.isascii():
        return value
    return Header(value, "utf-8").encode(linesep="\r\n")


def check_address(email: str) -> str:
    """The address as it goes on the wire; IDN domains as punycode. Raises BadAddress."""
    email = (email or "").strip()
    if not _ADDRESS.match(email):
        raise BadAddress(f"not a deliverable address: {email[:80]!r}")
    local, _, domain = email.rpartition("@")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode()
        except UnicodeError:
            raise BadAddress(f"bad domain: {domain[:80]!r}") from None
    return f"{local}@{domain}"


def qp(text: str) -> bytes:
    """Quoted-printable piece ending at a line boundary, with a leading dot encoded."""
    if not text:
        return b""
    out = binascii.b2a_qp(text.encode("utf-8"), istext=True)
    out = out.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if out.startswith(b"."):
        out = b"=2E" + out[1:]
    out = out.replace(b"\r\n.", b"\r\n=2E")
    if not out.endswith(b"\r\n"):
        out += b"=\r\n"
    return out


_QP_SAFE = re.compile(r"(?!\.)[!-<>-~ ]{0,72}[!-<>-~]")
# QP-safe and unchanged by HTML escaping (no & < > " '): every URL we make.
_PLAIN = re.compile(r"(?!\.)[ !#-%(-;?-~]{0,72}[!#-%(-;?-~]")


def qp_value(value: str) -> bytes:
    """`qp` with a fast path for the common case: a short URL or name in plain ASCII."""
    if _QP_SAFE.fullmatch(value):
        return value.encode() + b"=\r\n"
    return qp(value)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@dataclass
class EncodedTemplate:
    template: CompiledTemplate
    pieces: list[bytes]  # QP literals, len(slots) + 1

    @classmethod
    def of(cls, source: str, *, escape: bool) -> "EncodedTemplate":
        template = compile_template(_crlf(source), escape=escape)
        return cls(template, [qp(lit) for lit in template.literals])

    def encode(self, values: dict, done: dict | None = None) -> list[bytes]:
        """The QP pieces of one message; `done` memoises encoded values across parts."""
        out = [self.pieces[0]]
        esc = self.template.escape
        pieces = self.pieces
        done = {} if done is None else done
        for i, slot in enumerate(self.template.slots, start=1):
            key = ("click", slot.link_index) if slot.name == "click" else slot.name
            value = values.get(key, "")
            if esc:
                value = _escape(value)
            encoded = done.get(value)
            if encoded is None:
                encoded = done[value] = qp_value(value)
            out.append(encoded)
            out.append(pieces[i])
        return out

    def text(self, values: dict) -> str:
        return self.template.fill(values)


def _escape(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
            .replace("'", "&#x27;")
        )
    return value


class _BodyFormat:
    """A body's literals as one bytes %-format and, per `%s`, which encoded value fills it.

    One `%` over pre-encoded pieces instead of a join of a list built slot by slot:
    a 23 kB edition has some sixty slots, filled from two dozen distinct values.
    """

    def __init__(self, fmt: bytes, slots: tuple[int, ...]):
        self.fmt = fmt
        self.slots = slots
        self._pick = itemgetter(*slots) if len(slots) > 1 else None

    def fill(self, encoded: list[bytes]) -> bytes:
        if self._pick is not None:
            return self.fmt % self._pick(encoded)
        return self.fmt % tuple(encoded[i] for i in self.slots)


@dataclass
class Personal:
    """One subscriber's message in parts (for email-service APIs) and as bytes (SMTP)."""

    delivery_id: int
    subscriber_id: int
    to: str
    headers: list[tuple[str, str]]
    text: str = ""
    html: str = ""
    data: bytes = b""
    subject: str = ""


@dataclass
class MessageFactory:
    edition_id: int
    newsletter: str
    subject: str
    from_name: str
    from_email: str
    reply_to: str
    web_url: str
    html_source: str
    text_source: str
    personaliser: Personaliser
    sender_id: str = "topten"
    unsubscribe_mailto: str = ""
    signer: object = None
    secret: str = ""
    fallback_name: str = "there"
    _date: tuple = field(default=(0, ""), repr=False)

    def __post_init__(self):
        self.domain = self.from_email.rpartition("@")[2] or "localhost"
        self.boundary = f"=_tt{secrets.token_hex(12)}"  # "=_" never occurs in QP output
        self.html_t = (
            EncodedTemplate.of(self.html_source, escape=True) if self.html_source else None
        )
        self.text_t = EncodedTemplate.of(self.text_source, escape=False)
        self.from_header = formataddr((clean(self.from_name), self.from_email))
        self.subject_header = header_text(self.subject)
        list_name = clean(self.from_name).replace('"', "").replace("<", "").replace(">", "")
        self.list_id = f'"{list_name}" <{self.newsletter}.{self.domain}>'
        self.feedback_id = f"{self.edition_id}:{self.newsletter}:edition:{self.sender_id}"
        self.mailto = self.unsubscribe_mailto or self.reply_to or self.from_email
        self._mid_key = hmac.new(
            hashlib.sha256(f"topten.mailer.message-id|{self.secret}".encode()).digest(),
            digestmod=hashlib.sha256,
        )
        b = self.boundary
        self.mixed_type = f'multipart/alternative; boundary="{b}"'
        qp_text = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        qp_html = "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        self.part_text = f"--{b}\r\n{qp_text}".encode()
        self.part_html = f"--{b}\r\n{qp_html}".encode()
        self.part_end = f"--{b}--\r\n".encode()
        # Every placeholder of both parts: the reader's own values, then one per link.
        links = self.personaliser.link_indexes
        self._keys: list = ["first_name", "unsubscribe_url", "preferences_url", "web_url"]
        self._keys += [("click", i) for i in links]
        self.text_body = self._layout([], self.text_t, [])
        if self.html_t is not None:
            self.html_body = self._layout(
                [self.part_text], self.text_t, [self.part_html], self.html_t, [self.part_end]
            )
        self._web = self._pair(self.web_url)
        # Tracked URLs are ours: plain ASCII whose QP form is the URL and a soft break,
        # the same in both parts, when the prefix is (a token is 38 URL-safe characters).
        prefix = getattr(self.personaliser.click_urls, "prefix", None)
        self._plain_clicks = (
            prefix is not None
            and len(self._keys) == 4 + len(links)
            and _PLAIN.fullmatch(prefix + "x" * 38 + "/") is not None
        )

    def _layout(self, *parts) -> "_BodyFormat":
        """A body as one bytes %-format: the QP literals, `%s` where a value goes."""
        fmt, slots = [], []
        for part in parts:
            if isinstance(part, list):
                fmt += [piece.replace(b"%", b"%%") for piece in part]
                continue
            fmt.append(part.pieces[0].replace(b"%", b"%%"))
            for slot, piece in zip(part.template.slots, part.pieces[1:], strict=True):
                key = ("click", slot.link_index) if slot.name == "click" else slot.name
                if key not in self._keys:
                    self._keys.append(key)
                # Values are encoded in pairs: [2k] as text, [2k + 1] HTML-escaped.
                slots.append(2 * self._keys.index(key) + part.template.escape)
                fmt.append(b"%s" + piece.replace(b"%", b"%%"))
        return _BodyFormat(b"".join(fmt), tuple(slots))

    def _encoded(self, values: dict) -> list[bytes]:
        """Each placeholder's value QP-encoded once as text and once HTML-escaped (the
        same bytes when escaping changes nothing, as for every URL we make)."""
        out = []
        for key in self._keys:
            out += self._pair(values.get(key, ""))
        return out

    def _encoded_own(self, name: str, subscriber_id: int, click_lines: list[bytes]):
        """`_encoded` from the reader's values directly, the links already bytes."""
        p = self.personaliser
        unsubscribe = p.unsubscribe_url(subscriber_id)
        out = self._pair(name)
        out += self._pair(unsubscribe)
        out += self._pair(p.preferences_url(subscriber_id))
        out += self._web
        for line in click_lines:
            line += b"=\r\n"
            out += (line, line)
        return unsubscribe, out

    @staticmethod
    def _pair(value: str) -> list[bytes]:
        """[QP text, QP HTML-escaped] of one value."""
        if _PLAIN.fullmatch(value):
            text = value.encode() + b"=\r\n"
            return [text, text]
        text = qp_value(value)
        escaped = _escape(value)
        return [text, text if escaped is value else qp_value(escaped)]

    def message_id(self, subscriber_id: int) -> str:
        """Stable per (edition, subscriber): retries and resends carry the same id."""
        mac = self._mid_key.copy()
        mac.update(f"{self.edition_id}:{subscriber_id}".encode())
        return f"<{self.edition_id}.{mac.hexdigest()[:24]}@{self.domain}>"

    def _now(self) -> str:
        second = int(__import__("time").time())
        if self._date[0] != second:
            self._date = (second, formatdate(second, usegmt=True))
        return self._date[1]

    def headers(self, to: str, subscriber_id: int, unsubscribe_url: str, html: bool):
        headers = [
            ("From", self.from_header),
            ("To", to),
            ("Subject", self.subject_header),
            ("Date", self._now()),
            ("Message-ID", self.message_id(subscriber_id)),
        ]
        if self.reply_to:
            headers.append(("Reply-To", self.reply_to))
        headers += [
            ("List-Id", self.list_id),
            (
                "List-Unsubscribe",
                f"<{clean(unsubscribe_url)}>,\r\n"
                f" <mailto:{self.mailto}?subject={MAILTO_PREFIX}{subscriber_id}-"
                f"{_signature_of(unsubscribe_url)}>",
            ),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ("Feedback-ID", self.feedback_id),
            ("MIME-Version", "1.0"),
        ]
        if html:
            headers.append(("Content-Type", self.mixed_type))
        else:
            headers.append(("Content-Type", "text/plain; charset=utf-8"))
            headers.append(("Content-Transfer-Encoding", "quoted-printable"))
        return headers

    def values(self, subscriber_id: int, first_name: str) -> dict:
        name = clean(first_name).strip() or self.fallback_name
        return self.personaliser.values(subscriber_id, name)

    def build(self, delivery_id, subscriber_id, email, first_name, fmt="html", *, parts=False):
        """A `Personal` message; `parts=True` also keeps the text and HTML strings."""
        to = check_address(email)
        html = self.html_t is not None and fmt != "text"
        lines = None
        if self._plain_clicks and not parts:
            lines = self.personaliser.click_lines(subscriber_id)
        if lines is not None:
            name = clean(first_name).strip() or self.fallback_name
            unsubscribe, encoded = self._encoded_own(name, subscriber_id, lines)
        else:
            values = self.values(subscriber_id, first_name)
            unsubscribe, encoded = values["unsubscribe_url"], self._encoded(values)
        headers = self.headers(to, subscriber_id, unsubscribe, html)
        body = (self.html_body if html else self.text_body).fill(encoded)
        if self.signer is not None:
            signed = [(n, v) for n, v in headers if n not in ("List-Id",)]
            headers.insert(0, ("DKIM-Signature", self.signer.signature_header(signed, body)))
        head = "".join(f"{n}: {v}\r\n" for n, v in headers).encode("utf-8")
        message = Personal(delivery_id, subscriber_id, to, headers, data=head + b"\r\n" + body)
        if parts:
            message.subject = clean(self.subject)
            message.text = self.text_t.text(values)
            message.html = self.html_t.text(values) if html else ""
        return message
