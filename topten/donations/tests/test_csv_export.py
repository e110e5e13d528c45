import csv
import io

import pytest

from topten.donations.csvexport import safe_cell
from topten.donations.tests.conftest import deliver, deliver_recorded, recorded_text

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


class TestCsvExport:
    def test_cells_that_a_spreadsheet_would_run_are_exported_as_text(self):
        for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]:
            assert safe_cell(dangerous) == "'" + dangerous
        assert safe_cell("Ada") == "Ada"
        assert safe_cell(None) == ""

    def test_a_donor_named_like_a_formula_is_exported_safely(self, staff_client, stripe_keys):
        payload = recorded_text("evt_checkout_session_completed_payment.json").replace(
            '"Ada Lovelace"', '"=HYPERLINK(\\"http://x.test\\")"'
        )
        deliver(staff_client, payload)
        response = staff_client.get("/admin/donations/donation/export/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        [row] = _rows(response)
        assert row["donor_name"] == '\'=HYPERLINK("http://x.test")'
        assert (row["amount"], row["net"], row["currency"]) == ("25.00", "25.00", "EUR")

    def test_the_export_shows_refunds_and_follows_the_changelist_filters(
        self, staff_client, stripe_api
    ):
        deliver_recorded(staff_client, "evt_checkout_session_completed_payment.json")
        deliver_recorded(staff_client, "evt_charge_refunded_partial.json")
        deliver_recorded(staff_client, "evt_invoice_paid_first.json")
        everything = _rows(staff_client.get("/admin/donations/donation/export/"))
        monthly = _rows(staff_client.get("/admin/donations/donation/export/?kind__exact=monthly"))
        assert len(everything) == 2
        assert [r["stripe_invoice"] for r in monthly] == ["in_1QMonthlyFirst00000001"]
        once = next(r for r in everything if r["kind"] == "once")
        assert (once["refunded"], once["net"], once["status"]) == (
            "10.00",
            "15.00",
            "partially_refunded",
        )

    def test_only_staff_may_export(self, client, stripe_keys):
        response = client.get("/admin/donations/donation/export/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
