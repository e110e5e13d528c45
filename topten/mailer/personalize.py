"""Per-subscriber substitution without re-rendering templates.

The edition is rendered once per send with placeholders (`[[first_name]]`,
`[[unsubscribe_url]]`, `[[preferences_url]]`, `[[web_url]]`, `[[click:N]]`). Each
part (HTML, text) is compiled once into literal pieces and slots; personalising a
message is a list fill and one join, never a template render.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

PLACEHOLDER_RE = re.compile(
    r"\[\[(first_name|unsubscribe_url|preferences_url|web_url|click:(\d+))\]\]"
)


@dataclass(frozen=True)
class Slot:
    name: str  # first_name, unsubscribe_url, preferences_url, web_url, click
    link_index: int = -1


@dataclass(frozen=True)
class CompiledTemplate:
    literals: tuple[str, ...]  # len(slots) + 1 pieces around the slots
    slots: tuple[Slot, ...]
    escape: bool = False  # HTML-escape the substituted values

    @property
    def link_indexes(self) -> tuple[int, ...]:
        return tuple(sorted({s.link_index for s in self.slots if s.name == "click"}))

    def fill(self, values: dict) -> str:
        """`values` maps slot names (and ("click", N)) to text; escaped here if HTML."""
        out = [self.literals[0]]
        literals = self.literals
        esc = html.escape if self.escape else _identity
        for i, slot in enumerate(self.slots, start=1):
            key = ("click", slot.link_index) if slot.name == "click" else slot.name
            out.append(esc(values.get(key, "")))
            out.append(literals[i])
        return "".join(out)


def _identity(value: str) -> str:
    return value


def compile_template(source: str, *, escape: bool = False) -> CompiledTemplate:
    literals, slots, last = [], [], 0
    for match in PLACEHOLDER_RE.finditer(source):
        literals.append(source[last : match.start()])
        name = match.group(1)
        if match.group(2) is not None:
            slots.append(Slot("click", int(match.group(2))))
        else:
            slots.append(Slot(name))
        last = match.end()
    literals.append(source[last:])
    return CompiledTemplate(tuple(literals), tuple(slots), escape)


@dataclass
class Personaliser:
    """Builds the substitution values for one subscriber, calling the URL makers lazily."""

    edition_id: int
    web_url: str
    link_indexes: tuple[int, ...]
    unsubscribe_url: Callable[[int], str]
    preferences_url: Callable[[int], str]
    click_url: Callable[[int, int, int], str] | None
    links: list = field(default_factory=list)  # plain URLs when click tracking is off

    def values(self, subscriber_id: int, first_name: str) -> dict:
        values = {
            "first_name": first_name,
            "unsubscribe_url": self.unsubscribe_url(subscriber_id),
            "preferences_url": self.preferences_url(subscriber_id),
            "web_url": self.web_url,
        }
        for index in self.link_indexes:
            if self.click_url is not None:
                values[("click", index)] = self.click_url(self.edition_id, subscriber_id, index)
            elif index < len(self.links):
                values[("click", index)] = _link_url(self.links[index])
        return values


def _link_url(link) -> str:
    return link.get("url", "") if isinstance(link, dict) else str(link)


def fast_click_url():
    """`topten.editions.clicks.click_url` with its key and prefix looked up once.

    Same tokens (a test compares them); called 10-30 times per message, where the
    settings lookups of the general function cost more than the HMAC itself.
    """
    import base64
    import hmac

    from django.conf import settings

    from topten.editions import clicks

    key = clicks._key(settings.SECRET_KEY)
    prefix = f"{settings.SITE_URL}/r/"
    pack = clicks._PACK.pack
    size = clicks._MAC_BYTES
    digest = hmac.digest
    encode = base64.urlsafe_b64encode

    def click_url(edition_id: int, subscriber_id: int, link_index: int) -> str:
        payload = pack(edition_id, subscriber_id, link_index)
        token = encode(payload + digest(key, payload, "sha256")[:size]).rstrip(b"=")
        return f"{prefix}{token.decode()}/"

    return click_url
