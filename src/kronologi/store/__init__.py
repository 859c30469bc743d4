"""Persistent store of analysed articles: SQLite by default, PostgreSQL by URL."""

from kronologi.store.db import AmbiguousKeyError, ArticleSummary, Store, default_path, resolve_url

__all__ = ["AmbiguousKeyError", "ArticleSummary", "Store", "default_path", "resolve_url"]
