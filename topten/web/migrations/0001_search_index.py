"""The site-search index: an FTS5 table with triggers on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations


def forwards(apps, schema_editor):
    from topten.web import search

    search.install(schema_editor)


def backwards(apps, schema_editor):
    from topten.web import search

    search.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
