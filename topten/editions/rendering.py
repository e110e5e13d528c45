"""Render an edition once; personalise it per subscriber by substitution.

The templates run once per edition (`render_edition`). What differs between
subscribers is left as placeholders that the mailer replaces at send time:

    [[first_name]]       the subscriber's first name, HTML-escaped in the HTML part;
                         may be empty: the greeting reads "Good morning Anna" or
                         "Good morning"
    [[unsubscribe_url]]  their one-click unsubscribe page
    [[preferences_url]]  their preferences page
    [[web_url]]          the web version (the same for everyone)
    [[click:N]]          the tracked redirect for `links[N]` (see clicks.click_url)

With click tracking off for the publication, links are rendered as plain URLs and
`links` is empty. `substitute()` is the reference implementation, used by the desk
previews and test-sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape

from topten.editions.models import Edition

# Gmail clips an HTML part larger than 102 KB ("[Message clipped]").
GMAIL_CLIP_BYTES = 102 * 1024
PLACEHOLDERS = ("first_name", "unsubscribe_url", "preferences_url", "web_url")

_PLACEHOLDER = re.compile(r"\[\[(?:click:(\d+)|([a-z_]+))\]\]")
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


@dataclass(frozen=True)
class RenderedEdition:
    edition_id: int
    subject: str
    preheader: str
    html: str
    text: str
    links: tuple[str, ...]
    # The slot position (1..10) each of `links` belongs to, None for other links.
    link_slots: tuple[int | None, ...] = ()

    @property
    def link_targets(self) -> tuple[dict, ...]:
        return tuple(
            {"url": u, "slot": s} for u, s in zip(self.links, self.link_slots, strict=True)
        )


@dataclass(frozen=True)
class RenderedMessage:
    """One personalised message: what a test-send or a preview shows."""

    subject: str
    html: str
    text: str


@dataclass
class _LinkTable:
    tracking: bool
    urls: list[str] = field(default_factory=list)
    slots: list[int | None] = field(default_factory=list)

    def href(self, url: str, slot: int | None) -> str:
        if not self.tracking:
            return url
        for i, (u, s) in enumerate(zip(self.urls, self.slots, strict=True)):
            if u == url and s == slot:
                return f"[[click:{i}]]"
        self.urls.append(url)
        self.slots.append(slot)
        return f"[[click:{len(self.urls) - 1}]]"


def _defuse(text: str) -> str:
    """Editors' text must never contain a placeholder the mailer would substitute."""
    return (text or "").replace("[[", "[\u200b[")


def web_url(edition: Edition) -> str:
    return settings.SITE_URL + edition.get_absolute_url()


def _slot_context(edition: Edition, table: _LinkTable) -> list[dict]:
    slots = []
    for slot in edition.slots.prefetch_related("sources"):
        sources = [
            {"name": _defuse(s.name), "href": table.href(s.url, slot.position)}
            for s in slot.sources.all()
        ]
        slots.append(
            {
                "position": slot.position,
                "headline": _defuse(slot.headline),
                "blurb": _defuse(slot.blurb),
                "href": sources[0]["href"] if sources else "",
                "image_url": slot.image_url,
                "image_credit": _defuse(slot.image_credit),
                "sources": sources,
            }
        )
    return slots


def render_edition(edition: Edition, *, store_links: bool = True) -> RenderedEdition:
    """Render the email of `edition` (HTML with CSS inlined, and plain text) once.

    With `store_links` (the default, for sending) the tracked link list is saved on
    the edition, so /r/<token>/ can resolve it; previews pass False.
    """
    from topten.newsroom.models import Publication

    publication = Publication.current()
    table = _LinkTable(tracking=publication.click_tracking)
    context = {
        "edition": edition,
        "publication": publication,
        "subject": _defuse(edition.subject),
        "preheader": _defuse(edition.preheader),
        "intro": _defuse(edition.intro),
        "signoff": _defuse(edition.signoff),
        "postal_address": _defuse(publication.postal_address),
        "slots": _slot_context(edition, table),
        "web_url": web_url(edition),
        "site_url": settings.SITE_URL,
    }
    html = _INLINER.inline(render_to_string("editions/email/edition.html", context))
    text = render_to_string("editions/email/edition.txt", context)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    rendered = RenderedEdition(
        edition_id=edition.pk,
        subject=edition.subject,
        preheader=edition.preheader,
        html=html,
        text=text,
        links=tuple(table.urls),
        link_slots=tuple(table.slots),
    )
    if store_links and rendered.links:
        targets = [dict(t) for t in rendered.link_targets]
        if edition.links != targets:
            Edition.objects.filter(pk=edition.pk).update(links=targets)
            edition.links = targets
    return rendered


def substitute(template: str, values: dict[str, str], click_url: Callable[[int], str]) -> str:
    """Replace `[[name]]` with `values[name]` and `[[click:N]]` with `click_url(N)`.

    Values are inserted as given: escape them first for an HTML part. A name
    missing from `values` raises KeyError (a template/mailer mismatch is a bug).
    """

    def replace(match: re.Match) -> str:
        index, name = match.groups()
        if index is not None:
            return click_url(int(index))
        return values[name]

    return _PLACEHOLDER.sub(replace, template)


def personal_values(
    *, first_name: str, unsubscribe_url: str, preferences_url: str, web_url: str, html: bool
) -> dict[str, str]:
    """The placeholder values for one subscriber, escaped for the HTML part if `html`."""
    values = {
        "first_name": (first_name or "").strip(),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": preferences_url,
        "web_url": web_url,
    }
    return {k: escape(v) for k, v in values.items()} if html else values


def preview_message(edition: Edition, *, first_name: str = "Alex") -> RenderedMessage:
    """The edition as a sample reader sees it; links go straight to their targets."""
    rendered = render_edition(edition, store_links=False)
    sample = {
        "first_name": first_name,
        "unsubscribe_url": settings.SITE_URL + "/subscribe/",
        "preferences_url": settings.SITE_URL + "/subscribe/",
        "web_url": web_url(edition),
    }

    def direct(i: int) -> str:
        return rendered.links[i]

    return RenderedMessage(
        subject=rendered.subject,
        html=substitute(
            rendered.html, personal_values(**sample, html=True), lambda i: escape(direct(i))
        ),
        text=substitute(rendered.text, personal_values(**sample, html=False), direct),
    )
