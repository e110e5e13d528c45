"""Every state change of an edition and its slots.

Views, the admin, the CLI, the demo and other apps (the wire desk's "Add to today's
edition") call these functions; nothing else writes Edition/Slot rows. Only a draft
can be edited: a scheduled edition is locked until it is unscheduled.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from topten.editions.models import Edition, Slot, SlotSource, TestAddress

MAX_SOURCES = 5
MAX_TEST_ADDRESSES = 20
BLURB_SENTENCES = (2, 4)


class EditionError(Exception):
    """Base class: the message is written for the editor."""


class EditionFull(EditionError):
    pass


class EditionLocked(EditionError):
    pass


class EditionExists(EditionError):
    pass


class EditionInvalid(EditionError):
    """The edition cannot be scheduled; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


# ---------------------------------------------------------------- dates


def publication_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in the publication's timezone."""
    from topten.newsroom.models import Publication

    tz = ZoneInfo(Publication.current().timezone or settings.PUBLICATION_TIMEZONE)
    return (now or timezone.now()).astimezone(tz).date()


def todays_edition(newsletter: str = "daily") -> Edition | None:
    """Today's edition (publication timezone) of `newsletter`, or None."""
    return Edition.objects.filter(newsletter=newsletter, date=publication_today()).first()


def default_subject(date: dt.date) -> str:
    from topten.newsroom.models import Publication

    return f"{Publication.current().name}: {date.strftime('%A')} {date.day} {date:%B}"


# Date spellings that a subject may contain; a subject copied from the previous
# edition has its date rewritten to the new one.
_DATE_FORMATS = (
    lambda d: f"{d:%A} {d.day} {d:%B} {d.year}",
    lambda d: f"{d:%A} {d.day} {d:%B}",
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d.day} {d:%B}",
    lambda d: d.isoformat(),
    lambda d: f"{d:%A}",
)


def carry_subject(subject: str, previous: dt.date, date: dt.date) -> str:
    """Rewrite the dates in a previous edition's subject for `date`."""
    for spelling in _DATE_FORMATS:
        old = spelling(previous)
        if old in subject:
            return subject.replace(old, spelling(date), 1)
    return subject


# ---------------------------------------------------------------- editions


@transaction.atomic
def start_edition(
    date: dt.date, *, newsletter: str = "daily", from_previous: bool = False
) -> Edition:
    """Start the edition of `newsletter` for `date` and return it.

    From scratch, it gets a default subject; `from_previous=True` copies the latest
    earlier edition's layout: subject pattern (its date rewritten), preheader, intro
    and sign-off (never its stories). If the edition already exists it is returned
    unchanged, so a double click never makes two.
    """
    if not isinstance(date, dt.date):
        raise EditionError(f"Not a date: {date!r}")
    existing = Edition.objects.filter(newsletter=newsletter, date=date).first()
    if existing:
        return existing
    fields = {"subject": default_subject(date), "signoff": "Until tomorrow,\nLisa"}
    previous = (
        Edition.objects.filter(newsletter=newsletter, date__lt=date).order_by("-date").first()
        if from_previous
        else None
    )
    if previous:
        fields = {
            "subject": carry_subject(previous.subject, previous.date, date),
            "preheader": previous.preheader,
            "intro": previous.intro,
            "signoff": previous.signoff,
        }
    try:
        with transaction.atomic():
            return Edition.objects.create(newsletter=newsletter, date=date, **fields)
    except IntegrityError:  # a concurrent start won the race
        return Edition.objects.get(newsletter=newsletter, date=date)


def _lock_draft(edition: Edition) -> Edition:
    """Re-read the edition under a row lock and refuse anything but a draft."""
    fresh = Edition.objects.select_for_update().get(pk=edition.pk)
    edition.status = fresh.status
    if fresh.status != Edition.Status.DRAFT:
        raise EditionLocked(
            f"The edition of {fresh.date:%Y-%m-%d} is {fresh.get_status_display().lower()}: "
            "unschedule it to edit it."
            if fresh.status == Edition.Status.SCHEDULED
            else f"The edition of {fresh.date:%Y-%m-%d} is "
            f"{fresh.get_status_display().lower()} and can no longer be edited."
        )
    return fresh


EDITABLE_FIELDS = ("subject", "preheader", "intro", "signoff")


@transaction.atomic
def update_edition(edition: Edition, **fields) -> Edition:
    """Change the subject, preheader, intro or sign-off of a draft."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise EditionError(f"Cannot edit {', '.join(sorted(unknown))}")
    _lock_draft(edition)
    for name, value in fields.items():
        setattr(edition, name, (value or "").strip())
    if len(edition.subject) > 200 or len(edition.preheader) > 200:
        raise EditionError("The subject and the preheader are at most 200 characters.")
    edition.save(update_fields=[*fields, "updated_at"])
    return edition


# ---------------------------------------------------------------- slots


def _clean_sources(sources) -> list[tuple[str, str]]:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for name, url in sources or []:
        name, url = (name or "").strip(), (url or "").strip()
        if not name and not url:
            continue
        if not name or not url:
            raise EditionError("Each source needs a name and a link.")
        try:
            validate(url)
        except ValidationError:
            raise EditionError(f"Not a web link (http or https): {url[:80]}") from None
        if len(name) > 120 or len(url) > 1000:
            raise EditionError("A source name is at most 120 characters, a link 1000.")
        cleaned.append((name, url))
    if len(cleaned) > MAX_SOURCES:
        raise EditionError(f"At most {MAX_SOURCES} sources per story.")
    return cleaned


def _clean_slot_fields(headline, blurb, image_url, image_credit) -> dict:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    headline, blurb = (headline or "").strip(), (blurb or "").strip()
    image_url, image_credit = (image_url or "").strip(), (image_credit or "").strip()
    if not headline:
        raise EditionError("A story needs a headline.")
    if len(headline) > 200:
        raise EditionError("A headline is at most 200 characters.")
    if image_url:
        try:
            URLValidator(schemes=["https", "http"])(image_url)
        except ValidationError:
            raise EditionError("The image must be a web link (https).") from None
    if len(image_credit) > 200:
        raise EditionError("An image credit is at most 200 characters.")
    return {
        "headline": headline,
        "blurb": blurb,
        "image_url": image_url,
        "image_credit": image_credit,
    }


def _write_sources(slot: Slot, sources: list[tuple[str, str]]) -> None:
    slot.sources.all().delete()
    SlotSource.objects.bulk_create(
        SlotSource(slot=slot, name=name, url=url, position=i)
        for i, (name, url) in enumerate(sources)
    )


@transaction.atomic
def add_slot(
    edition: Edition,
    *,
    headline: str,
    blurb: str,
    sources: list[tuple[str, str]],
    article=None,
    image_url: str = "",
    image_credit: str = "",
) -> Slot:
    """Fill the next free slot of a draft (positions 1..10, in order).

    `sources` is a list of (name, url) pairs, http(s) only. Raises EditionFull when
    ten slots are taken, EditionLocked when the edition is not a draft, and
    EditionError (with a message for the editor) for bad input.
    """
    _lock_draft(edition)
    fields = _clean_slot_fields(headline, blurb, image_url, image_credit)
    cleaned = _clean_sources(sources)
    taken = set(edition.slots.values_list("position", flat=True))
    free = [p for p in range(1, Edition.SLOT_COUNT + 1) if p not in taken]
    if not free:
        raise EditionFull(f"The edition already has {Edition.SLOT_COUNT} stories.")
    slot = Slot.objects.create(edition=edition, position=free[0], article=article, **fields)
    _write_sources(slot, cleaned)
    return slot


def article_url(article) -> str:
    return settings.SITE_URL + article.get_absolute_url()


def article_image(article) -> str:
    path = article.rendition_url(640) if article.lead_image else ""
    if not path:
        return ""
    return path if path.startswith("http") else settings.SITE_URL + path


def add_slot_from_article(edition: Edition, article) -> Slot:
    """Add a published article as the next slot: its headline, its standfirst as the
    blurb, and the source credit (the wire `article.source_name` and the link to the
    article on our site)."""
    from topten.newsroom.models import Publication

    credit = article.source_name or Publication.current().name
    sources = [(credit, article_url(article))]
    return add_slot(
        edition,
        headline=article.headline[:200],
        blurb=article.standfirst,
        sources=sources,
        article=article,
        image_url=article_image(article),
        image_credit=(article.lead_image_credit or "")[:200],
    )


@transaction.atomic
def update_slot(
    slot: Slot,
    *,
    headline: str,
    blurb: str,
    sources: list[tuple[str, str]],
    image_url: str = "",
    image_credit: str = "",
) -> Slot:
    """Edit one slot of a draft."""
    _lock_draft(slot.edition)
    fields = _clean_slot_fields(headline, blurb, image_url, image_credit)
    cleaned = _clean_sources(sources)
    for name, value in fields.items():
        setattr(slot, name, value)
    slot.save()
    _write_sources(slot, cleaned)
    return slot


# Positions are unique per edition, and PostgreSQL checks that per row, so a shift
# first parks the rows it moves far above 1..10, then brings them back.
_PARK = 1000


@transaction.atomic
def move_slot(slot: Slot, new_position: int) -> Slot:
    """Move a slot to `new_position` (1-based), shifting the slots in between."""
    edition = _lock_draft(slot.edition)
    slot.refresh_from_db()
    count = edition.slots.count()
    try:
        new_position = int(new_position)
    except (TypeError, ValueError):
        raise EditionError("A position is a number.") from None
    new_position = max(1, min(new_position, count))
    old = slot.position
    if new_position == old:
        return slot
    slots = edition.slots.all()
    Slot.objects.filter(pk=slot.pk).update(position=_PARK * 2)
    if new_position < old:
        between = slots.filter(position__gte=new_position, position__lt=old)
        between.update(position=F("position") + _PARK)
        slots.filter(position__gte=_PARK, position__lt=_PARK * 2).update(
            position=F("position") - _PARK + 1
        )
    else:
        between = slots.filter(position__gt=old, position__lte=new_position)
        between.update(position=F("position") + _PARK)
        slots.filter(position__gte=_PARK, position__lt=_PARK * 2).update(
            position=F("position") - _PARK - 1
        )
    Slot.objects.filter(pk=slot.pk).update(position=new_position)
    slot.position = new_position
    return slot


@transaction.atomic
def remove_slot(slot: Slot) -> None:
    """Remove a slot from a draft; the slots below it move up one place."""
    edition = _lock_draft(slot.edition)
    position = slot.position
    slot.delete()
    below = edition.slots.filter(position__gt=position)
    below.update(position=F("position") + _PARK)
    edition.slots.filter(position__gte=_PARK).update(position=F("position") - _PARK - 1)


# ---------------------------------------------------------------- checks


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?:\s+|$)")


def count_sentences(text: str) -> int:
    return len([s for s in _SENTENCE_END.split((text or "").strip()) if s.strip()])


def slot_warnings(slot: Slot) -> list[str]:
    """Advice that does not block scheduling (shown on the desk)."""
    low, high = BLURB_SENTENCES
    n = count_sentences(slot.blurb)
    if n and not low <= n <= high:
        return [f"The blurb has {n} sentence{'s' if n != 1 else ''}; aim for {low} to {high}."]
    return []


def edition_problems(edition: Edition) -> list[str]:
    """Everything that stops `edition` from being scheduled; empty when it is ready."""
    problems = []
    if not edition.subject.strip():
        problems.append("The subject is empty.")
    slots = list(edition.slots.prefetch_related("sources"))
    if len(slots) != Edition.SLOT_COUNT:
        problems.append(
            f"An edition has exactly {Edition.SLOT_COUNT} stories; it has {len(slots)}."
        )
    for slot in slots:
        if not slot.blurb.strip():
            problems.append(f"Story {slot.position} has no blurb.")
        if not slot.sources.all():
            problems.append(f"Story {slot.position} has no source.")
        if slot.image_url and not slot.image_credit:
            problems.append(f"Story {slot.position} has an image without a credit.")
    if edition.date < publication_today():
        problems.append(f"The date {edition.date:%Y-%m-%d} has passed.")
    return problems


# ---------------------------------------------------------------- scheduling


def _send_started(edition: Edition) -> bool:
    """Ask the mailer whether a send of `edition` has begun."""
    from topten.mailer import reports  # the mailer imports editions; import at call time

    return bool(reports.send_started(edition))


@transaction.atomic
def schedule_edition(edition: Edition, *, user=None) -> Edition:
    """Lock a complete draft for sending (status SCHEDULED, `scheduled_at` now).

    Raises EditionInvalid with every problem (not exactly ten complete stories, no
    subject, past date, email over the size limit) and EditionLocked when it is not
    a draft. The mailer's worker picks scheduled editions up by itself. The email is
    rendered here once to check its size and to store its tracked links.
    """
    from topten.editions.rendering import GMAIL_CLIP_BYTES, render_edition

    _lock_draft(edition)
    problems = edition_problems(edition)
    if not problems:
        rendered = render_edition(edition, store_links=False)
        size = len(rendered.html.encode())
        if size >= GMAIL_CLIP_BYTES:
            problems.append(
                f"The email is {size // 1024} KB; Gmail clips above 102 KB. Shorten the blurbs."
            )
    if problems:
        raise EditionInvalid(problems)
    edition.links = [dict(link) for link in rendered.link_targets]
    edition.status = Edition.Status.SCHEDULED
    edition.scheduled_at = timezone.now()
    edition.scheduled_by = user if getattr(user, "pk", None) else None
    edition.save(update_fields=["links", "status", "scheduled_at", "scheduled_by", "updated_at"])
    return edition


@transaction.atomic
def unschedule_edition(edition: Edition) -> Edition:
    """Back to draft, for editing. Only while scheduled and before any send has started."""
    fresh = Edition.objects.select_for_update().get(pk=edition.pk)
    if fresh.status != Edition.Status.SCHEDULED:
        raise EditionLocked(
            f"Only a scheduled edition can be unscheduled; this one is "
            f"{fresh.get_status_display().lower()}."
        )
    if _send_started(fresh):
        raise EditionLocked("The send has started; it can no longer be unscheduled.")
    edition.status = Edition.Status.DRAFT
    edition.scheduled_at = None
    edition.scheduled_by = None
    edition.save(update_fields=["status", "scheduled_at", "scheduled_by", "updated_at"])
    return edition


@transaction.atomic
def cancel_edition(edition: Edition) -> Edition:
    """Cancel a draft or a scheduled edition that has not started sending."""
    fresh = Edition.objects.select_for_update().get(pk=edition.pk)
    if fresh.status not in (Edition.Status.DRAFT, Edition.Status.SCHEDULED):
        raise EditionLocked(f"A {fresh.get_status_display().lower()} edition cannot be cancelled.")
    if fresh.status == Edition.Status.SCHEDULED and _send_started(fresh):
        raise EditionLocked("The send has started; it can no longer be cancelled.")
    edition.status = Edition.Status.CANCELLED
    edition.scheduled_at = None
    edition.save(update_fields=["status", "scheduled_at", "updated_at"])
    return edition


@transaction.atomic
def reopen_edition(edition: Edition) -> Edition:
    """Turn a cancelled edition back into a draft."""
    fresh = Edition.objects.select_for_update().get(pk=edition.pk)
    if fresh.status != Edition.Status.CANCELLED:
        raise EditionLocked("Only a cancelled edition can be reopened.")
    edition.status = Edition.Status.DRAFT
    edition.save(update_fields=["status", "updated_at"])
    return edition


# ---------------------------------------------------------------- drafting


def latest_articles(limit: int = Edition.SLOT_COUNT):
    from topten.newsroom.models import Article

    return list(Article.objects.published().order_by("-published_at", "-pk")[:limit])


@transaction.atomic
def draft_from_latest(date: dt.date, *, newsletter: str = "daily") -> Edition:
    """Draft the edition of `date` from the ten latest published articles.

    Raises EditionExists when that date already has stories, and EditionError when
    fewer than ten articles are published.
    """
    articles = latest_articles()
    if len(articles) < Edition.SLOT_COUNT:
        raise EditionError(
            f"Only {len(articles)} published article{'s' if len(articles) != 1 else ''}; "
            f"an edition needs {Edition.SLOT_COUNT}."
        )
    edition = start_edition(date, newsletter=newsletter, from_previous=True)
    if edition.slots.exists() or edition.status != Edition.Status.DRAFT:
        raise EditionExists(
            f"The edition of {date:%Y-%m-%d} already exists ({edition.get_status_display().lower()}"
            f", {edition.slots.count()} stories)."
        )
    for article in articles:
        add_slot_from_article(edition, article)
    return edition


# ---------------------------------------------------------------- test-send


def save_test_addresses(emails: list[str], *, user=None) -> list[str]:
    """Replace the saved test-send list. Raises EditionError on a bad address."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    cleaned = []
    for email in emails:
        email = email.strip()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise EditionError(f"Not an email address: {email[:80]}") from None
        if email.lower() not in [e.lower() for e in cleaned]:
            cleaned.append(email)
    if len(cleaned) > MAX_TEST_ADDRESSES:
        raise EditionError(f"At most {MAX_TEST_ADDRESSES} test addresses.")
    with transaction.atomic():
        TestAddress.objects.exclude(email__in=cleaned).delete()
        for email in cleaned:
            TestAddress.objects.get_or_create(email=email, defaults={"added_by": user})
    return cleaned


@transaction.atomic
def test_send_edition(edition: Edition, emails: list[str] | None = None) -> int:
    """Queue the edition, with sample values, to the saved test addresses (or `emails`).

    Works for any status: it is a preview. Goes through the transactional outbox
    (`topten.mailer.actions.queue_email`), so it never touches the send pipeline.
    """
    from topten.editions.rendering import preview_message
    from topten.mailer.actions import queue_email

    emails = (
        emails if emails is not None else list(TestAddress.objects.values_list("email", flat=True))
    )
    if not emails:
        raise EditionError("Add at least one test address first.")
    message = preview_message(edition)
    for email in emails:
        queue_email(
            kind="edition-test",
            to=email,
            subject=f"[TEST] {message.subject}",
            text=message.text,
            html=message.html,
            headers={"X-Topten-Edition": str(edition.pk)},
        )
    return len(emails)


test_send_edition.__test__ = False  # a verb, not a pytest test
