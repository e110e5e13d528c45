import pytest
from django.apps import apps
from django.db import connection

from topten.newsroom.models import Article
from topten.web import search

pytestmark = pytest.mark.django_db


class TestSearchIndexRepair:
    def test_after_migrate_puts_back_triggers_lost_with_a_rebuilt_table(self):
        if connection.vendor != "sqlite":
            pytest.skip("the FTS5 triggers exist only on SQLite")
        with connection.cursor() as cursor:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER {search.FTS_TABLE}_{suffix}")
        lost = Article.objects.create(
            headline="Pelicans nest early", body="<p>x</p>", status="published"
        )
        assert search.search_articles("pelicans") == []
        search.after_migrate(apps.get_app_config("web"), using="default")
        assert search.search_articles("pelicans") == [lost]
        lost.headline = "Herons nest early"
        lost.save()
        assert search.search_articles("herons") == [lost]
