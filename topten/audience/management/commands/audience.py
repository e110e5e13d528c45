"""`topten audience import FILE.csv ...` and `topten audience export ...`."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from topten.audience.csvexport import export_lines, subscriber_rows
from topten.audience.importer import FIELDS, ImportFileError, ImportOptions, import_csv
from topten.audience.models import ImportJob, Subscriber


def _column_map(pairs):
    mapping = {}
    for pair in pairs or []:
        name, sep, column = pair.partition("=")
        if not sep or name not in FIELDS:
            raise CommandError(
                f"--map {pair!r}: use FIELD=COLUMN with FIELD in {', '.join(FIELDS)}"
            )
        mapping[name] = column
    return mapping


class ProgressBar:
    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled, self.last = stream, enabled, -1

    def __call__(self, done, total, report):
        percent = int(100 * done / total) if total else 100
        if not self.enabled or percent == self.last:
            return
        self.last = percent
        filled = percent // 4
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}%  "
            f"{report.rows_read:,} rows, {report.imported:,} new, {report.invalid:,} invalid"
        )
        if percent == 100:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Manage the audience: import or export subscribers as CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import subscribers from a CSV file.")
        imp.add_argument("file")
        basis = imp.add_mutually_exclusive_group(required=True)
        basis.add_argument(
            "--confirmed-on",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="The readers confirmed elsewhere on this date; import them as confirmed.",
        )
        basis.add_argument(
            "--send-confirmation",
            action="store_true",
            help="Import new readers as pending and email each a confirmation link.",
        )
        imp.add_argument("--map", action="append", metavar="FIELD=COLUMN", help="e.g. email=E-Mail")
        imp.add_argument("--encoding", default="", help="Force an encoding (default: detect).")
        imp.add_argument("--no-progress", action="store_true")
        exp = sub.add_parser("export", help="Export subscribers as CSV (formula-safe).")
        exp.add_argument("-o", "--output", default="-", help="File to write (default stdout).")
        exp.add_argument("--status", choices=Subscriber.Status.values, action="append")

    def handle(self, *args, subcommand, **options):
        if subcommand == "import":
            return self.do_import(**options)
        return self.do_export(**options)

    def do_import(self, file, confirmed_on, send_confirmation, map, encoding, no_progress, **_):
        basis = (
            ImportJob.Basis.SEND_CONFIRMATION
            if send_confirmation
            else ImportJob.Basis.CONFIRMED_ELSEWHERE
        )
        if confirmed_on and confirmed_on > date.today():
            raise CommandError("--confirmed-on is in the future.")
        try:
            opts = ImportOptions(
                basis=basis,
                confirmed_on=confirmed_on,
                column_map=_column_map(map),
                encoding=encoding,
            )
            progress = ProgressBar(self.stderr._out, not no_progress and sys.stderr.isatty())
            report = import_csv(file, opts, progress)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except (ImportFileError, ValueError, LookupError) as exc:
            raise CommandError(str(exc)) from None
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for line, reason in report.errors[:50]:
            self.stderr.write(f"line {line}: {reason}")
        if report.invalid > 50:
            self.stderr.write(f"... and {report.invalid - 50} more invalid rows")
        self.stdout.write(
            f"{report.rows_read} rows: {report.imported} imported, {report.duplicate} duplicates, "
            f"{report.existing} already on the list or suppressed, {report.invalid} invalid "
            f"(encoding {report.encoding})"
        )

    def do_export(self, output, status, **_):
        queryset = Subscriber.objects.all()
        if status:
            queryset = queryset.filter(status__in=status)
        lines = export_lines(subscriber_rows(queryset))
        if output == "-":
            for line in lines:
                self.stdout.write(line, ending="")
            return
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
        self.stderr.write(f"wrote {output}")
