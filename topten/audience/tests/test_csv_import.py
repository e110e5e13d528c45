from datetime import date

import pytest

from topten.audience.actions import suppress_address
from topten.audience.importer import ImportFileError, ImportOptions, import_csv
from topten.audience.models import ConsentEvent, Subscriber

pytestmark = pytest.mark.django_db
CONFIRMED = ImportOptions(basis="confirmed_elsewhere", confirmed_on=date(2024, 5, 1))


def write(tmp_path, content: bytes, name="list.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


class TestCsvImport:
    def test_valid_rows_become_confirmed_subscribers(self, tmp_path):
        path = write(tmp_path, b"email,first_name\nann@example.org,Ann\nben@example.org,Ben\n")
        report = import_csv(path, CONFIRMED)
        assert report.imported == 2
        assert set(Subscriber.objects.values_list("status", flat=True)) == {"confirmed"}

    def test_the_consent_basis_is_logged_for_each_row(self, tmp_path):
        import_csv(write(tmp_path, b"email\nann@example.org\n"), CONFIRMED)
        event = ConsentEvent.objects.get()
        assert (event.action, event.source) == ("import", "import")
        assert event.detail == {"basis": "confirmed_elsewhere", "confirmed_on": "2024-05-01"}

    def test_a_consent_basis_is_required(self):
        with pytest.raises(ValueError, match="date"):
            ImportOptions(basis="confirmed_elsewhere")

    def test_duplicates_are_collapsed_case_insensitively(self, tmp_path):
        path = write(tmp_path, b"email\nann@example.org\nANN@Example.org\nann@example.org\n")
        report = import_csv(path, CONFIRMED)
        assert (report.imported, report.duplicate) == (1, 2)

    def test_importing_the_same_file_again_adds_nothing(self, tmp_path):
        path = write(tmp_path, b"email\nann@example.org\nben@example.org\n")
        import_csv(path, CONFIRMED)
        again = import_csv(path, CONFIRMED)
        assert (again.imported, again.existing) == (0, 2)
        assert Subscriber.objects.count() == 2

    def test_an_unsubscribed_address_is_not_brought_back(self, tmp_path, unsubscribed_subscriber):
        report = import_csv(write(tmp_path, b"email\ncat@example.com\n"), CONFIRMED)
        assert report.imported == 0
        unsubscribed_subscriber.refresh_from_db()
        assert unsubscribed_subscriber.status == "unsubscribed"

    def test_a_suppressed_address_is_not_imported(self, tmp_path):
        suppress_address("gone@example.org", "bounced", source="webhook")
        report = import_csv(write(tmp_path, b"email\ngone@example.org\n"), CONFIRMED)
        assert report.imported == 0

    def test_columns_are_mapped_by_name(self, tmp_path):
        path = write(tmp_path, b"Vorname;x,E-Mail-Adresse\nAnn,ann@example.org\n")
        options = ImportOptions(
            basis="confirmed_elsewhere",
            confirmed_on=date(2024, 5, 1),
            column_map={"email": "E-Mail-Adresse", "first_name": "Vorname;x"},
        )
        import_csv(path, options)
        assert Subscriber.objects.get().first_name == "Ann"

    def test_a_file_without_an_email_column_is_refused_with_its_header(self, tmp_path):
        with pytest.raises(ImportFileError, match="No email column.*name, city"):
            import_csv(write(tmp_path, b"name,city\nAnn,Paris\n"), CONFIRMED)

    def test_send_confirmation_imports_pending_and_queues_emails(self, tmp_path, smtp):
        from topten.audience.tests.smtp import deliver

        options = ImportOptions(basis="send_confirmation")
        import_csv(write(tmp_path, b"email\nann@example.org\n"), options)
        deliver()
        assert Subscriber.objects.get().status == "pending"
        assert "Confirm" in smtp.to("ann@example.org")[0]["Subject"]

    def test_an_unknown_time_zone_is_reported(self, tmp_path):
        report = import_csv(
            write(tmp_path, b"email,timezone\nann@example.org,Mars/Base\n"), CONFIRMED
        )
        assert report.errors == [(2, "unknown time zone 'Mars/Base'")]
