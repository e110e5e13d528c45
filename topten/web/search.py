"""Site search: SQLite FTS5 kept in sync by triggers, or PostgreSQL full text with a GIN index.

Readers type anything, including quotes, FTS operators and 10 KB strings: the query is cut
down to at most `MAX_TERMS` plain words before it reaches the database, so no input can be
a syntax error.
"""

import re

from django.db import connection

from topten.newsroom.models import Article

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_RESULTS = 500
FTS_TABLE = "web_article_fts"
PG_INDEX = "web_article_search_gin"
_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON newsroom_article BEGIN
  INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)
  VALUES (new.id, new.headline, new.standfirst, new.body);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON newsroom_article BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)
  VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au
AFTER UPDATE OF headline, standfirst, body ON newsroom_article BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)
  VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
  INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)
  VALUES (new.id, new.headline, new.standfirst, new.body);
END""",
]


def terms(query: str) -> list[str]:
    """The plain words of a reader's query, lower-cased, at most MAX_TERMS of them."""
    return [w.lower() for w in _WORD.findall(query[:MAX_QUERY_CHARS])][:MAX_TERMS]


def fts5_expression(words: list[str]) -> str:
    """An FTS5 MATCH expression that ANDs the words, the last one as a prefix."""
    quoted = [f'"{w}"' for w in words]  # \w+ never holds a quote
    if quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


# --- index management ----------------------------------------------------------------


def install(schema_editor) -> None:
    """Create the search index for this database (called by migration 0001)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _install_sqlite(schema_editor.connection, rebuild=True)
    elif vendor == "postgresql":
        schema_editor.add_index(Article, _pg_index())


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.remove_index(Article, _pg_index())


def _install_sqlite(conn, rebuild: bool) -> None:
    with conn.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "headline, standfirst, body, content='newsroom_article', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        for sql in SQLITE_TRIGGERS:
            cursor.execute(sql)
        if rebuild:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def after_migrate(sender, using="default", **kwargs) -> None:
    """SQLite drops triggers with their table, and Django rebuilds a table to alter it:
    so after any migration, put back missing triggers and re-index."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    tables = conn.introspection.table_names()
    if "newsroom_article" not in tables or FTS_TABLE not in tables:
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE %s",
            [f"{FTS_TABLE}_%"],
        )
        present = cursor.fetchone()[0]
    if present < len(SQLITE_TRIGGERS):
        _install_sqlite(conn, rebuild=True)


def _pg_vector():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def _pg_index():
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(_pg_vector(), name=PG_INDEX)


# --- querying ------------------------------------------------------------------------


def search_articles(query: str) -> list[Article]:
    """Published articles matching the query, best first (at most MAX_RESULTS)."""
    words = terms(query)
    if not words:
        return []
    published = Article.objects.published().select_related("section").defer("body")
    if connection.vendor == "sqlite":
        ids = _sqlite_ids(words)
        by_id = {a.pk: a for a in published.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]
    if connection.vendor == "postgresql":
        return list(_pg_search(published, words)[:MAX_RESULTS])
    matches = published
    for word in words:
        matches = matches.filter(headline__icontains=word)
    return list(matches[:MAX_RESULTS])


def _sqlite_ids(words: list[str]) -> list[int]:
    sql = (
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f"ORDER BY bm25({FTS_TABLE}, 10.0, 4.0, 1.0) LIMIT {MAX_RESULTS * 2}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_expression(words)])
        return [row[0] for row in cursor.fetchall()]


def _pg_search(published, words: list[str]):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # Plain words joined by spaces are safe for websearch_to_tsquery, which never raises.
    query = SearchQuery(" ".join(words), search_type="websearch", config="english")
    vector = _pg_vector()
    return (
        published.annotate(search=vector, rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-rank", "-published_at")
    )
