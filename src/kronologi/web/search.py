"""Full-text search over article titles and sentences: SQLite FTS5 or PostgreSQL tsvector.

Why the database's own full-text engine and not a search library: the text is already in the
store's ``sentences`` table, both backends rank and cut snippets natively, and an index that
lives in the same database needs no second process or files to keep in step.

* SQLite: an FTS5 table ``web_search`` (title rows have ``i = -1``) filled from ``articles``
  and ``sentences`` for the ids not yet listed in ``web_search_done``; ``sync`` runs before
  a query, so articles stored by any process are found. Tokeniser ``unicode61`` with
  diacritics removed, which suits Indonesian and English alike (no stemming: an Indonesian
  stemmer inside SQLite is not available, and prefix queries cover most inflection).
* PostgreSQL: expression GIN indexes on ``to_tsvector('simple', …)`` of titles and sentences,
  queried with ``plainto_tsquery``; nothing to keep in sync.

Snippets carry the matched words between \\x02 and \\x03, so the page can escape the text and
then mark the matches without ever trusting stored text as HTML.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Engine, text

from kronologi.store import Store

START, STOP = "\x02", "\x03"
LIMIT = 50
MAX_TERMS = 12


@dataclass(frozen=True, slots=True)
class Hit:
    """An article title (``sentence`` is None) or sentence matching a query."""

    article: str
    sentence: int | None
    snippet: str  # matches between START and STOP


def terms(query: str) -> list[str]:
    """The words of a query (punctuation and FTS operators dropped), at most MAX_TERMS."""
    words = "".join(ch if ch.isalnum() else " " for ch in query).split()
    return words[:MAX_TERMS]


_SQLITE_SETUP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS web_search USING fts5("
    "body, article_id UNINDEXED, i UNINDEXED, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS web_search_done (article_id TEXT PRIMARY KEY)",
)
_SQLITE_SYNC = (
    "CREATE TEMP TABLE IF NOT EXISTS web_search_new (article_id TEXT PRIMARY KEY)",
    "DELETE FROM web_search_new",
    "INSERT INTO web_search_new SELECT id FROM articles "
    "WHERE id NOT IN (SELECT article_id FROM web_search_done)",
    "INSERT INTO web_search (body, article_id, i) SELECT title, id, -1 FROM articles "
    "WHERE title IS NOT NULL AND id IN (SELECT article_id FROM web_search_new)",
    "INSERT INTO web_search (body, article_id, i) SELECT text, article_id, i FROM sentences "
    "WHERE article_id IN (SELECT article_id FROM web_search_new)",
    "INSERT INTO web_search_done SELECT article_id FROM web_search_new",
)
_SQLITE_QUERY = (
    "SELECT article_id, i, snippet(web_search, 0, :start, :stop, '…', 16) AS snip "
    "FROM web_search WHERE web_search MATCH :q ORDER BY rank LIMIT :limit"
)
_PG_SETUP = (
    "CREATE INDEX IF NOT EXISTS web_sentences_fts ON sentences "
    "USING gin (to_tsvector('simple', text))",
    "CREATE INDEX IF NOT EXISTS web_titles_fts ON articles "
    "USING gin (to_tsvector('simple', coalesce(title, '')))",
)
_PG_QUERY = (
    "SELECT article_id, i, ts_headline('simple', body, q, :options) AS snip FROM ("
    " SELECT id AS article_id, -1 AS i, title AS body,"
    "  ts_rank(to_tsvector('simple', coalesce(title, '')), q) * 2 AS r, q"
    " FROM articles, plainto_tsquery('simple', :q) q"
    " WHERE to_tsvector('simple', coalesce(title, '')) @@ q"
    " UNION ALL"
    " SELECT article_id, i, text, ts_rank(to_tsvector('simple', text), q), q"
    " FROM sentences, plainto_tsquery('simple', :q) q"
    " WHERE to_tsvector('simple', text) @@ q"
    ") hits ORDER BY r DESC, article_id, i LIMIT :limit"
)


class Search:
    """The search index of one store."""

    def __init__(self, store: Store) -> None:
        self._engine: Engine = store.engine  # the index lives beside the store's tables
        self._dialect = self._engine.dialect.name
        self._lock = threading.Lock()
        self._synced: object = None
        setup = _SQLITE_SETUP if self._dialect == "sqlite" else _PG_SETUP
        with self._engine.begin() as conn:
            for statement in setup:
                conn.execute(text(statement))

    def sync(self, version: object = None) -> None:
        """Index the articles stored since the last sync (SQLite; PostgreSQL needs none).

        ``version`` identifies the store's content (the web library's version): when it is
        the one of the last sync, there is nothing to do.
        """
        if self._dialect != "sqlite" or (version is not None and version == self._synced):
            return
        with self._lock, self._engine.begin() as conn:
            for statement in _SQLITE_SYNC:
                conn.execute(text(statement))
        self._synced = version

    def query(self, query: str, limit: int = LIMIT, version: object = None) -> list[Hit]:
        """Titles and sentences holding every word of ``query``, best first."""
        words = terms(query)
        if not words:
            return []
        self.sync(version)
        if self._dialect == "sqlite":
            fts = " ".join(f'"{w}"*' if len(w) > 2 else f'"{w}"' for w in words)
            params = {"q": fts, "start": START, "stop": STOP, "limit": limit}
            statement = _SQLITE_QUERY
        else:
            options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"
            params = {"q": " ".join(words), "options": options, "limit": limit}
            statement = _PG_QUERY
        with self._engine.connect() as conn:
            rows = conn.execute(text(statement), params).all()
        return [Hit(r.article_id, None if r.i < 0 else int(r.i), r.snip) for r in rows]
