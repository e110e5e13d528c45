"""How PostgreSQL stores and plans deliveries: HOT updates, statistics after a freeze."""

import pytest
from django.db import connection

from topten.mailer import pipeline
from topten.mailer.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL storage parameters and planner statistics")


def table_setting(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql, [Delivery._meta.db_table])
        return cursor.fetchone()[0]


class TestDeliveryStorage:
    def test_rows_leave_room_on_their_page_for_both_status_changes(self):
        options = table_setting("SELECT reloptions FROM pg_class WHERE relname = %s")
        assert "fillfactor=50" in options

    def test_no_index_covers_the_status_that_every_send_updates(self):
        indexes = table_setting(
            "SELECT string_agg(indexdef, ' | ') FROM pg_indexes WHERE tablename = %s"
        )
        assert "status" not in indexes

    def test_the_planner_knows_the_frozen_audience(self, edition, readers):
        readers(7)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        rows = table_setting("SELECT reltuples FROM pg_class WHERE relname = %s")
        assert rows == Delivery.objects.count() == 7
