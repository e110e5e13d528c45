"""`topten mail inbound [FILE]`: an unsubscribe mail for the List-Unsubscribe mailto.

For an MTA to pipe mail to the mailto address into, e.g. a Postfix alias
`unsubscribe: "|/srv/topten/.venv/bin/topten mail inbound"` or a pipe transport. The
raw message is read from FILE or standard input. The exit status follows sysexits, as
MTAs expect: 0 when the mail was handled (including one that names nobody: it is
logged and dropped, never bounced), 75 (EX_TEMPFAIL) when the database could not be
reached, so the MTA keeps the mail and tries again.
"""

import sys
from email import policy
from email.parser import BytesParser

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from topten.mailer.inbound import handle_unsubscribe_mail

EX_TEMPFAIL = 75
MAX_BYTES = 10_000_000  # the subject is all we read; a bigger mail is cut off


class Command(BaseCommand):
    help = "Handle incoming mail: `inbound [FILE]` reads an unsubscribe mail (default stdin)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        inbound = sub.add_parser("inbound", help="Handle one raw RFC 5322 message.")
        inbound.add_argument("file", nargs="?", help="the message (default: standard input)")

    def handle(self, *args, subcommand, file=None, **options):
        raw = self._read(file)
        message = BytesParser(policy=policy.default).parsebytes(raw)
        try:
            outcome = handle_unsubscribe_mail(message, channel="pipe")
        except DatabaseError as exc:
            self.stderr.write(f"database unavailable, try again later: {exc}")
            sys.exit(EX_TEMPFAIL)
        if options["verbosity"] > 1:
            self.stdout.write(outcome)

    def _read(self, file) -> bytes:
        if file is None:
            return sys.stdin.buffer.read(MAX_BYTES)
        try:
            with open(file, "rb") as stream:
                return stream.read(MAX_BYTES)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
