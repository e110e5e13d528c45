"""`topten editions draft|schedule|unschedule|list|show`: editions from the command line."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from topten.editions import actions
from topten.editions.models import Edition


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date: {value!r}; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Draft, schedule, list and show editions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, parser_class=type(parser))
        draft = sub.add_parser("draft", help="Draft the edition of a date.")
        draft.add_argument("date", help="YYYY-MM-DD")
        draft.add_argument(
            "--from-latest",
            action="store_true",
            help="Fill it with the ten latest published articles.",
        )
        for verb, text in [
            ("schedule", "Schedule the edition of a date."),
            ("unschedule", "Turn a scheduled edition back into a draft."),
            ("cancel", "Cancel the edition of a date."),
            ("show", "Show the edition of a date."),
        ]:
            p = sub.add_parser(verb, help=text)
            p.add_argument("date", help="YYYY-MM-DD")
            p.add_argument("--newsletter", default="daily")
        draft.add_argument("--newsletter", default="daily")
        listing = sub.add_parser("list", help="List recent editions.")
        listing.add_argument("--limit", type=int, default=20)

    def handle(self, *args, verb, **options):
        try:
            getattr(self, f"do_{verb}")(**options)
        except actions.EditionInvalid as error:
            raise CommandError(
                "cannot schedule:\n" + "\n".join(f"  - {p}" for p in error.problems)
            ) from None
        except actions.EditionError as error:
            raise CommandError(str(error)) from None

    def _edition(self, date, newsletter) -> Edition:
        day = parse_date(date)
        edition = Edition.objects.filter(date=day, newsletter=newsletter).first()
        if edition is None:
            raise CommandError(
                f"No {newsletter} edition for {day:%Y-%m-%d}; "
                f"draft it with `topten editions draft {day:%Y-%m-%d} --from-latest`."
            )
        return edition

    def do_draft(self, *, date, from_latest, newsletter, **_):
        day = parse_date(date)
        if from_latest:
            edition = actions.draft_from_latest(day, newsletter=newsletter)
        else:
            edition = actions.start_edition(day, newsletter=newsletter, from_previous=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"drafted {edition.newsletter} edition {edition.date:%Y-%m-%d} "
                f"(id {edition.pk}) with {edition.slots.count()} stories"
            )
        )

    def do_schedule(self, *, date, newsletter, **_):
        edition = actions.schedule_edition(self._edition(date, newsletter))
        self.stdout.write(self.style.SUCCESS(f"scheduled edition {edition.date:%Y-%m-%d}"))

    def do_unschedule(self, *, date, newsletter, **_):
        edition = actions.unschedule_edition(self._edition(date, newsletter))
        self.stdout.write(self.style.SUCCESS(f"edition {edition.date:%Y-%m-%d} is a draft again"))

    def do_cancel(self, *, date, newsletter, **_):
        edition = actions.cancel_edition(self._edition(date, newsletter))
        self.stdout.write(self.style.SUCCESS(f"cancelled edition {edition.date:%Y-%m-%d}"))

    def do_list(self, *, limit, **_):
        for edition in Edition.objects.all()[:limit]:
            self.stdout.write(
                f"{edition.date:%Y-%m-%d}  {edition.newsletter:<10} {edition.status:<10} "
                f"{edition.slots.count():>2}/10  {edition.subject}"
            )

    def do_show(self, *, date, newsletter, **_):
        edition = self._edition(date, newsletter)
        self.stdout.write(f"{edition.subject}\n{edition.date:%A %d %B %Y} · {edition.status}")
        if edition.preheader:
            self.stdout.write(edition.preheader)
        for slot in edition.slots.prefetch_related("sources"):
            sources = ", ".join(s.name for s in slot.sources.all())
            self.stdout.write(f"{slot.position:>2}. {slot.headline}  [{sources}]")
        for problem in actions.edition_problems(edition) if not edition.is_locked else []:
            self.stdout.write(self.style.WARNING(f"  ! {problem}"))
