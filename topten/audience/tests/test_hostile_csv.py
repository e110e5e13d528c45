"""A CSV built to break importers: BOM, CRLF, embedded newlines, cp1252, formulas, huge cells."""

from datetime import date

import pytest

from topten.audience.importer import ImportOptions, import_csv
from topten.audience.models import Subscriber

pytestmark = pytest.mark.django_db
CONFIRMED = ImportOptions(basis="confirmed_elsewhere", confirmed_on=date(2024, 5, 1))


def hostile_bytes() -> bytes:
    rows = [
        b"\xef\xbb\xbfemail,first_name,note\r\n",  # BOM + CRLF
        b"ann@example.org,Ann,plain\r\n",  # line 2
        b'ben@example.org,"Ben\r\nwith a newline","multi\r\nline note"\r\n',  # lines 3-5
        b'=HYPERLINK("http://evil")@x.org,Eve,formula\r\n',  # line 6: invalid
        b"dora@example.org,=1+2,formula in name\r\n",  # line 7: stored as text
        b"not-an-email,Fay,\r\n",  # line 8
        b"gus@example.org,Gus," + b"x" * (10 * 1024 * 1024) + b"\r\n",  # line 9: 10 MB cell
        b"a" * 300 + b"@example.org,Long,\r\n",  # line 10
        b"ann@EXAMPLE.org,Dup,\r\n",  # line 11: duplicate
        b"\r\n",  # blank line
        b"hal@example.org,Hal\r\n",  # line 13: short row is fine
    ]
    return b"".join(rows)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_bytes(hostile_bytes())
    return import_csv(path, CONFIRMED)


class TestHostileCsv:
    def test_the_valid_rows_are_imported(self, report):
        assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
            "ann@example.org",
            "ben@example.org",
            "dora@example.org",
            "gus@example.org",
            "hal@example.org",
        ]

    def test_invalid_rows_are_reported_with_their_first_line_number(self, report):
        assert [line for line, _ in report.errors] == [6, 8, 10]

    def test_each_invalid_row_has_a_reason(self, report):
        reasons = dict(report.errors)
        assert "64 characters" in reasons[10]
        assert "complete email address" in reasons[8]

    def test_an_embedded_newline_stays_in_its_record_and_is_flattened_in_names(self, report):
        assert Subscriber.objects.get(email="ben@example.org").first_name == "Ben with a newline"

    def test_the_duplicate_is_counted_not_imported(self, report):
        assert report.duplicate == 1

    def test_a_bom_does_not_hide_the_email_column(self, report):
        assert report.encoding == "utf-8-sig"

    def test_a_cp1252_file_is_read_with_a_warning(self, tmp_path):
        path = tmp_path / "latin.csv"
        path.write_bytes("email,first_name\r\njose@example.org,José Müller\r\n".encode("cp1252"))
        report = import_csv(path, CONFIRMED)
        assert report.encoding == "cp1252"
        assert "not valid UTF-8" in report.warnings[0]
        assert Subscriber.objects.get().first_name == "José Müller"

    def test_bytes_undefined_in_cp1252_fall_back_to_latin_1(self, tmp_path):
        path = tmp_path / "odd.csv"
        path.write_bytes(b"email,first_name\r\nx@example.org,A\x81B\r\n")
        assert import_csv(path, CONFIRMED).encoding == "latin-1"
