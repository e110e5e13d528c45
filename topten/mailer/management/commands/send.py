"""`topten send YYYY-MM-DD --now`: send an edition to every receiving subscriber at once."""

import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from topten.editions.models import Edition
from topten.mailer import pipeline
from topten.mailer.models import Send
from topten.mailer.reports import edition_stats


def progress_line(stats: dict, width: int = 30) -> str:
    total = max(1, stats["recipients"])
    done = stats["sent"] + stats["failed"] + stats["suppressed"]
    filled = int(width * min(1.0, done / total))
    eta = stats["eta_seconds"]
    eta_text = "--" if eta is None else f"{int(eta) // 60}:{int(eta) % 60:02d}"
    line = (
        f"\r[{'#' * filled}{'.' * (width - filled)}] {stats['sent']:,}/{stats['recipients']:,} sent"
        f"  {stats['rate_per_s']:,.0f}/s  ETA {eta_text}  failed {stats['failed']:,}"
    )
    if stats["paused"]:
        line += f"  PAUSED: {stats['paused_reason'][:60]}"
    return line


class Command(BaseCommand):
    help = "Send an edition: --now to everyone at once (with a progress bar), --resume, --cancel."

    def add_arguments(self, parser):
        parser.add_argument("date", help="the edition's date, YYYY-MM-DD")
        parser.add_argument("--newsletter", default="daily")
        parser.add_argument(
            "--now", action="store_true", help="send at once, ignoring delivery times"
        )
        parser.add_argument("--resume", action="store_true", help="resume a paused send")
        parser.add_argument("--cancel", action="store_true", help="stop a send for good")
        parser.add_argument(
            "--no-wait", action="store_true", help="start it and return; workers send it"
        )

    def handle(self, *args, date: str, newsletter: str, now, resume, cancel, no_wait, **options):
        edition = self._edition(date, newsletter)
        if sum([now, resume, cancel]) != 1:
            raise CommandError("say what to do: --now, --resume or --cancel")
        if cancel or resume:
            send = Send.objects.filter(edition=edition).first()
            if send is None:
                raise CommandError(f"edition {edition.date} has no send yet")
            if cancel:
                pipeline.cancel_send(send)
                self.stdout.write(f"send of {edition.date} cancelled")
                return
            if not pipeline.resume_send(send):
                raise CommandError(f"the send of {edition.date} is {send.status}, not paused")
            self.stdout.write(f"send of {edition.date} resumed")
        else:
            try:
                pipeline.send_now(edition)
            except pipeline.SendError as exc:
                raise CommandError(str(exc)) from None
        if no_wait:
            return
        self._drive(edition)

    def _edition(self, value: str, newsletter: str) -> Edition:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"{value!r} is not a date (use YYYY-MM-DD)") from None
        edition = Edition.objects.filter(date=day, newsletter=newsletter).first()
        if edition is None:
            raise CommandError(
                f"no {newsletter!r} edition for {day}; draft one with "
                f"`topten editions draft {day} --from-latest`"
            )
        return edition

    def _drive(self, edition):
        """Run the worker's claim loop in this process until the send is done."""
        sender = pipeline.Sender()
        tty = sys.stdout.isatty()
        last = 0.0
        try:
            while True:
                pipeline.prepare_due_waves()
                worked = sender.send_due_batches(max_batches=4, deadline_s=1.0)
                pipeline.finish_sends()
                stats = edition_stats(edition)
                if time.monotonic() - last > (0.5 if tty else 5):
                    self.stdout.write(progress_line(stats), ending="" if tty else "\n")
                    self.stdout.flush()
                    last = time.monotonic()
                if stats["status"] in (Send.Status.SENT, Send.Status.CANCELLED):
                    break
                if stats["status"] == Send.Status.PAUSED:
                    self.stdout.write(progress_line(stats))
                    raise CommandError(
                        f"{stats['paused_reason']} (resume: topten send {edition.date} --resume)"
                    )
                if not worked:
                    time.sleep(0.2)
        finally:
            sender.close()
        self.stdout.write(progress_line(edition_stats(edition)))
        stats = edition_stats(edition)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nsent {stats['sent']:,} of {stats['recipients']:,}; failed {stats['failed']:,},"
                f" skipped {stats['suppressed']:,}, uncertain {stats['uncertain']:,}"
            )
        )
