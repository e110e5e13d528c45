import csv
import io

import pytest
from django.core.management import call_command

from topten.audience.csvexport import safe_cell
from topten.audience.tests.personas import make_confirmed

pytestmark = pytest.mark.django_db


class TestCsvExport:
    @pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    def test_a_cell_that_could_be_a_formula_gets_an_apostrophe(self, value):
        assert safe_cell(value) == "'" + value

    def test_an_ordinary_cell_is_unchanged(self):
        assert safe_cell("Ann") == "Ann"

    def test_the_command_exports_every_subscriber_safely(self):
        make_confirmed("ann@example.com", first_name='=HYPERLINK("http://evil")')
        out = io.StringIO()
        call_command("audience", "export", stdout=out)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert rows[0]["email"] == "ann@example.com"
        assert rows[0]["first_name"].startswith("'=")

    def test_the_export_can_be_limited_by_status(
        self, confirmed_subscriber, unconfirmed_subscriber
    ):
        out = io.StringIO()
        call_command("audience", "export", "--status", "pending", stdout=out)
        assert "ben@example.com" in out.getvalue()
        assert "ann@example.com" not in out.getvalue()
