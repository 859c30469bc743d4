"""The article store: SQLite by default, PostgreSQL by URL, idempotent batch upserts.

Why upserts by content id: an article's id is derived from its text, so reading the same
file twice, or a copy of it, lands on the same row. Re-adding an unchanged article writes
nothing; a re-analysis that changed the payload updates the row in place; a copy read from a
second path only adds that path to ``article_sources``.

Why "look up, then insert" instead of dialect upserts (``ON CONFLICT``): the same portable
statements run on SQLite and PostgreSQL, and the lookup is needed anyway to count new ids and
to skip unchanged rows without writing. One query per chunk of ids keeps big batches fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, delete, event, func, insert, nulls_last, select
from sqlalchemy import update as sql_update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kronologi.codec import article_from_dict, article_to_dict
from kronologi.model import Article, Skipped
from kronologi.store.schema import (
    ID_LENGTH,
    ArticleRow,
    ArticleSourceRow,
    Base,
    SentenceRow,
    SkippedRow,
)

CHUNK = 500  # ids per lookup query / write batch
MIN_PREFIX = 4  # shortest id prefix :meth:`Store.get` accepts
_PREFIX = re.compile(rf"[0-9a-fA-F]{{{MIN_PREFIX},{ID_LENGTH}}}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMBIGUOUS_SHOWN = 5

T = TypeVar("T")


class AmbiguousKeyError(LookupError):
    """An id prefix given to :meth:`Store.get` matches more than one article."""

    def __init__(self, key: str, matches: Sequence[str]) -> None:
        more = ", ..." if len(matches) >= _AMBIGUOUS_SHOWN else ""
        super().__init__(
            f"id prefix {key!r} matches several articles ({', '.join(matches)}{more}); "
            "give more characters"
        )
        self.key = key
        self.matches = list(matches)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One line of an article listing, read from columns without decoding the payload."""

    id: str
    title: str | None
    outlet: str | None
    language: str
    published: str | None  # YYYY-MM-DD
    n_sentences: int
    source: str


def default_path() -> Path:
    """Where the store lives when no URL is given: the user's data folder."""
    return Path(user_data_dir("kronologi")) / "kronologi.db"


def resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL for ``url``: ``None`` or a plain path → SQLite file (its folder is
    created); ``postgresql://`` / ``postgres://`` → the psycopg 3 driver; others unchanged."""
    if url is not None and "://" in url:
        for scheme in ("postgresql://", "postgres://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url.removeprefix(scheme)
        return url
    path = default_path() if url is None else Path(url).expanduser()
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in slices of ``size`` (``itertools.batched`` needs Python 3.12)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _check(article: Article) -> None:
    """Reject values the schema cannot hold, the same way on every backend."""
    if not article.id or len(article.id) > ID_LENGTH:
        raise ValueError(f"article id must have 1..{ID_LENGTH} characters: {article.id!r}")
    date = article.published.date
    if date is not None and not _DATE.fullmatch(date):
        raise ValueError(f"published date of {article.id} is not YYYY-MM-DD: {date!r}")


def _article_row(article: Article, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "language": article.language,
        "published_date": article.published.date,
        "text": article.text,
        "payload": payload,
        "n_sentences": len(article.sentences),
    }


def _sentence_rows(articles: Iterable[Article]) -> list[dict[str, Any]]:
    return [{"article_id": a.id, "i": s.i, "text": s.text} for a in articles for s in a.sentences]


class Store:
    """Articles, their sources and sentences, and skipped inputs in one database.

    Every write method runs in one transaction. Articles keep the first source they were
    read from in ``Article.source``; every source is listed by :meth:`sources`.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url: str = resolve_url(url)
        self._engine: Engine = create_engine(self.url)
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _enable_sqlite_foreign_keys)
        Base.metadata.create_all(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for modules that keep their own tables in this database."""
        return self._engine

    @property
    def display_url(self) -> str:
        """The URL with its password masked, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release all database connections."""
        self._engine.dispose()

    # -- writing ---------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article]) -> int:
        """Upsert ``articles`` by id; return how many ids the store did not hold before."""
        first: dict[str, Article] = {}
        sources: dict[str, list[str]] = {}
        for article in articles:
            _check(article)
            first.setdefault(article.id, article)
            seen = sources.setdefault(article.id, [])
            if article.source not in seen:
                seen.append(article.source)
        new = 0
        with self._sessions.begin() as session:
            for ids in _chunks(list(first), CHUNK):
                new += _write_chunk(session, [first[i] for i in ids], sources)
        return new

    def add_skipped(self, skipped: Sequence[Skipped]) -> int:
        """Record skipped inputs, once per (source, reason); return how many were new."""
        pairs = list(dict.fromkeys((s.source, s.reason) for s in skipped))
        new = 0
        with self._sessions.begin() as session:
            for chunk in _chunks(pairs, CHUNK):
                chunk_sources = {source for source, _ in chunk}
                known = {
                    (row.source, row.reason)
                    for row in session.execute(
                        select(SkippedRow.source, SkippedRow.reason).where(
                            SkippedRow.source.in_(chunk_sources)
                        )
                    )
                }
                rows = [{"source": s, "reason": r} for s, r in chunk if (s, r) not in known]
                if rows:
                    session.execute(insert(SkippedRow), rows)
                new += len(rows)
        return new

    # -- reading ---------------------------------------------------------------------------

    def get(self, key: str) -> Article | None:
        """The article with id ``key``, else the newest article read from source ``key``,
        else the one article whose id starts with ``key`` (at least 4 hex digits).

        Returns ``None`` when nothing matches; raises :class:`AmbiguousKeyError` when an id
        prefix matches several articles.
        """
        with self._sessions() as session:
            article_id = session.scalar(select(ArticleRow.id).where(ArticleRow.id == key))
            if article_id is None:
                article_id = session.scalar(
                    select(ArticleSourceRow.article_id)
                    .where(ArticleSourceRow.source == key)
                    .order_by(ArticleSourceRow.id.desc())
                    .limit(1)
                )
            if article_id is None and _PREFIX.fullmatch(key):
                matches = session.scalars(
                    select(ArticleRow.id)
                    .where(ArticleRow.id.startswith(key.lower(), autoescape=True))
                    .order_by(ArticleRow.id)
                    .limit(_AMBIGUOUS_SHOWN)
                ).all()
                if len(matches) > 1:
                    raise AmbiguousKeyError(key, matches)
                article_id = matches[0] if matches else None
            if article_id is None:
                return None
            payload = session.scalar(select(ArticleRow.payload).where(ArticleRow.id == article_id))
        return article_from_dict(payload) if payload is not None else None

    def sources(self, article_id: str) -> list[str]:
        """Every source ``article_id`` was read from, in the order they were first seen."""
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(ArticleSourceRow.source)
                    .where(ArticleSourceRow.article_id == article_id)
                    .order_by(ArticleSourceRow.id)
                )
            )

    def list_articles(
        self, *, limit: int | None = None, offset: int = 0, outlet: str | None = None
    ) -> list[ArticleSummary]:
        """Articles by published date (undated last), then id; ``outlet`` keeps those whose
        outlet name contains it, ignoring case ("kompas" finds Kompas.com and Kompas)."""
        query = select(
            ArticleRow.id,
            ArticleRow.title,
            ArticleRow.outlet,
            ArticleRow.language,
            ArticleRow.published_date,
            ArticleRow.n_sentences,
            ArticleRow.source,
        ).order_by(nulls_last(ArticleRow.published_date.asc()), ArticleRow.id)
        if outlet is not None:
            query = query.where(
                func.lower(ArticleRow.outlet).contains(outlet.lower(), autoescape=True)
            )
        query = query.offset(offset).limit(limit)
        with self._sessions() as session:
            return [ArticleSummary(*row) for row in session.execute(query)]

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Every stored article (or those of ``ids``), fully decoded, in id order.

        Read in chunks so a store of millions of articles streams in bounded memory.
        """
        wanted = sorted(set(ids)) if ids is not None else None
        last = ""
        while True:
            query = select(ArticleRow.id, ArticleRow.payload).order_by(ArticleRow.id)
            if wanted is None:
                query = query.where(ArticleRow.id > last).limit(CHUNK)
            else:
                batch, wanted = wanted[:CHUNK], wanted[CHUNK:]
                if not batch:
                    return
                query = query.where(ArticleRow.id.in_(batch))
            with self._sessions() as session:
                rows = session.execute(query).all()
            if not rows and wanted is None:
                return
            for row in rows:
                yield article_from_dict(row.payload)
            if wanted is None:
                last = rows[-1].id

    def count(self) -> int:
        """How many articles the store holds."""
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def skipped(self) -> list[Skipped]:
        """All skipped inputs, ordered by source then reason."""
        with self._sessions() as session:
            rows = session.execute(
                select(SkippedRow.source, SkippedRow.reason).order_by(
                    SkippedRow.source, SkippedRow.reason
                )
            )
            return [Skipped(source=row.source, reason=row.reason) for row in rows]


def _write_chunk(session: Session, chunk: list[Article], sources: dict[str, list[str]]) -> int:
    """Insert new articles, update changed ones, record unseen sources; return # new."""
    ids = [a.id for a in chunk]
    stored = {
        row.id: (row.source, row.payload)
        for row in session.execute(
            select(ArticleRow.id, ArticleRow.source, ArticleRow.payload).where(
                ArticleRow.id.in_(ids)
            )
        )
    }
    inserts: list[Article] = []
    updates: list[Article] = []
    for article in chunk:
        if article.id not in stored:
            inserts.append(article)
            continue
        first_source, old_payload = stored[article.id]
        kept = replace(article, source=first_source)  # a second path is not a change
        if article_to_dict(kept) != old_payload:
            updates.append(kept)
    if inserts:
        session.execute(insert(ArticleRow), [_article_row(a, article_to_dict(a)) for a in inserts])
    if updates:
        session.execute(
            sql_update(ArticleRow), [_article_row(a, article_to_dict(a)) for a in updates]
        )
        changed = [a.id for a in updates]
        session.execute(delete(SentenceRow).where(SentenceRow.article_id.in_(changed)))
    sentence_rows = _sentence_rows(inserts + updates)
    if sentence_rows:
        session.execute(insert(SentenceRow), sentence_rows)
    known = {
        (row.article_id, row.source)
        for row in session.execute(
            select(ArticleSourceRow.article_id, ArticleSourceRow.source).where(
                ArticleSourceRow.article_id.in_(ids)
            )
        )
    }
    source_rows = [
        {"article_id": i, "source": s} for i in ids for s in sources[i] if (i, s) not in known
    ]
    if source_rows:
        session.execute(insert(ArticleSourceRow), source_rows)
    return len(inserts)
