"""How the database stores and plans deliveries: HOT updates, statistics after a freeze."""

import pytest
from django.db import connection

from topten.mailer import pipeline
from topten.mailer.models import Delivery

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL storage parameters"
)


def fetch(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql, [Delivery._meta.db_table])
        return cursor.fetchone()[0]


def estimated_rows() -> int:
    """The planner's idea of how many deliveries there are."""
    if connection.vendor == "postgresql":
        return int(fetch("SELECT reltuples FROM pg_class WHERE relname = %s"))
    stat = fetch("SELECT stat FROM sqlite_stat1 WHERE tbl = %s")
    return int(stat.split()[0])


class TestDeliveryStorage:
    @postgresql_only
    def test_rows_leave_room_on_their_page_for_both_status_changes(self):
        options = fetch("SELECT reloptions FROM pg_class WHERE relname = %s")
        assert "fillfactor=50" in options

    @postgresql_only
    def test_no_index_covers_the_status_that_every_send_updates(self):
        indexes = fetch("SELECT string_agg(indexdef, ' | ') FROM pg_indexes WHERE tablename = %s")
        assert "status" not in indexes

    def test_the_planner_knows_the_frozen_audience(self, edition, readers):
        readers(7)
        pipeline.send_now(edition)
        pipeline.prepare_due_waves()
        assert estimated_rows() == Delivery.objects.count() == 7
