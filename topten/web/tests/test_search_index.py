import pytest
from django.db import connection

from topten.web import search

pytestmark = pytest.mark.django_db


class TestSearchIndex:
    def test_the_database_has_its_search_index(self):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{search.FTS_TABLE}%"]
                )
                names = {row[0] for row in cursor.fetchall()}
                assert {
                    search.FTS_TABLE,
                    f"{search.FTS_TABLE}_ai",
                    f"{search.FTS_TABLE}_au",
                } <= names
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.PG_INDEX]
                )
                (definition,) = cursor.fetchone()
                assert "USING gin" in definition and "to_tsvector('english'" in definition
            else:
                pytest.skip(f"no search index on {connection.vendor}")
