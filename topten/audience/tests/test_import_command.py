import pytest
from django.core.management import CommandError, call_command

from topten.audience.models import Subscriber

pytestmark = pytest.mark.django_db


class TestImportCommand:
    def test_it_imports_and_prints_a_summary(self, tmp_path, capsys):
        path = tmp_path / "list.csv"
        path.write_text("email\nann@example.org\nbad\n")
        call_command("audience", "import", str(path), "--confirmed-on", "2024-05-01")
        out, err = capsys.readouterr()
        assert "1 imported" in out
        assert "line 3:" in err
        assert Subscriber.objects.count() == 1

    def test_it_needs_a_consent_basis(self, tmp_path):
        path = tmp_path / "list.csv"
        path.write_text("email\nann@example.org\n")
        with pytest.raises(CommandError):
            call_command("audience", "import", str(path))

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="No such file"):
            call_command("audience", "import", str(tmp_path / "nope.csv"), "--send-confirmation")

    def test_a_bad_column_map_is_a_clear_error(self, tmp_path):
        path = tmp_path / "list.csv"
        path.write_text("email\nann@example.org\n")
        with pytest.raises(CommandError, match="FIELD=COLUMN"):
            call_command("audience", "import", str(path), "--send-confirmation", "--map", "x")

    def test_the_progress_bar_shows_percent_and_counts(self):
        import io

        from topten.audience.importer import ImportReport
        from topten.audience.management.commands.audience import ProgressBar

        out = io.StringIO()
        ProgressBar(out, enabled=True)(50, 100, ImportReport(rows_read=1200, imported=1000))
        assert "50%" in out.getvalue() and "1,200 rows, 1,000 new" in out.getvalue()
