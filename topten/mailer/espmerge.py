"""One body with merge fields for many recipients, for email services that merge. Pure.

An email service that batches with on-the-fly merging (Mailgun's `%recipient.KEY%`,
SendGrid's substitutions) gets the edition once per API call, with a merge field in
each personal slot, and each recipient's values as merge data. A slot whose value is
the same for every recipient of the call (the web version's URL, untracked links) is
written into the body instead. Services insert merge values as they are, so the HTML
body gets values already escaped: under a key of their own (`KEY_html`) when escaping
changes a value for anyone in the call.
"""

import html
from collections.abc import Sequence
from dataclasses import dataclass

from topten.mailer.personalize import CompiledTemplate

# How each service writes a merge field in a body. SendGrid has no syntax of its own:
# anymail turns each key into the substitution tag with SENDGRID's merge_field_format.
SYNTAX = {
    "mailgun": "%recipient.{}%",
    "sendgrid": "%%topten.{}%%",
}


def key_name(slot_key) -> str:
    return f"click_{slot_key[1]}" if isinstance(slot_key, tuple) else slot_key


@dataclass
class Merged:
    text: str
    html: str
    data: list[dict[str, str]]  # per recipient, in the order given


def usable(syntax: str, templates: Sequence[CompiledTemplate]) -> bool:
    """False when the edition's own text contains the service's merge syntax, which the
    service would then treat as a merge field."""
    opening = syntax.split("{}")[0]
    return not any(opening in literal for t in templates for literal in t.literals)


def merge(
    syntax: str,
    text: CompiledTemplate,
    html_template: CompiledTemplate | None,
    values: Sequence[dict],
) -> Merged:
    """The bodies with merge fields and each recipient's merge data.

    `values` are the personaliser's values, one dict per recipient.
    """
    data: list[dict[str, str]] = [{} for _ in values]
    text_body = _fill(syntax, text, values, data)
    html_body = _fill(syntax, html_template, values, data) if html_template else ""
    return Merged(text_body, html_body, data)


def _fill(syntax, template: CompiledTemplate, values, data) -> str:
    out = [template.literals[0]]
    escape = html.escape if template.escape else _same
    fields: dict = {}
    for i, slot in enumerate(template.slots, start=1):
        key = ("click", slot.link_index) if slot.name == "click" else slot.name
        field = fields.get(key)
        if field is None:
            field = fields[key] = _field(syntax, key, escape, values, data)
        out.append(field)
        out.append(template.literals[i])
    return "".join(out)


def _field(syntax, key, escape, values, data) -> str:
    """What goes in the body for one slot: its shared value, or a merge field."""
    raw = [v.get(key, "") for v in values]
    shown = [escape(r) for r in raw]
    if len(set(shown)) <= 1:
        return shown[0] if shown else ""
    name = key_name(key)
    if shown != raw:
        name += "_html"
    for recipient, value in zip(data, shown, strict=True):
        recipient[name] = value
    return syntax.format(name)


def _same(value: str) -> str:
    return value
