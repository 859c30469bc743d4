"""Persistence of the story stage: stories, article → story/development, merge log, state.

Tables sit on the article store's ``Base`` metadata and database, so one file (or one
PostgreSQL schema) holds everything:

* ``stories`` — one row per story: listing columns plus the contract record as JSON;
* ``story_articles`` — which story and development each article belongs to;
* ``story_events`` — merges, in the order they happened (ids only grow);
* ``story_state`` — the clusterer's running state (document frequencies, centroids, copy
  signatures) as one JSON document, what the next run continues from.

Why the state is one document and not normalised tables: it is read and written whole once
per run, never queried, and its shape belongs to the clustering code; JSON keeps it free to
change without migrations, like ``articles.payload``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import JSON, Engine, Integer, String, Text, delete, insert, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column

from kronologi.store.db import CHUNK, Store
from kronologi.store.schema import ID_LENGTH, Base
from kronologi.stories import StoryState

PAYLOAD = JSON().with_variant(JSONB(), "postgresql")
STATE_KEY = "default"
STORY_ID_LENGTH = ID_LENGTH + 2  # "s-" / "d-" + an article id


class StoryRow(Base):
    """A story: listing columns plus the whole contract record."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(STORY_ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    first: Mapped[str | None] = mapped_column(String(10), index=True)
    last: Mapped[str | None] = mapped_column(String(10))
    n_articles: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(PAYLOAD)


class StoryArticleRow(Base):
    """The story and development of one article."""

    __tablename__ = "story_articles"

    article_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(STORY_ID_LENGTH), index=True)
    development_id: Mapped[str | None] = mapped_column(String(STORY_ID_LENGTH))


class StoryEventRow(Base):
    """A recorded change of the story structure (a merge)."""

    __tablename__ = "story_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # position in the state's log
    event: Mapped[str] = mapped_column(String(16))
    story_id: Mapped[str] = mapped_column(String(STORY_ID_LENGTH), index=True)  # survivor
    other_id: Mapped[str] = mapped_column(String(STORY_ID_LENGTH))  # the story merged away
    payload: Mapped[dict[str, Any]] = mapped_column(PAYLOAD)


class StoryStateRow(Base):
    """The clusterer's state as one JSON document."""

    __tablename__ = "story_state"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(PAYLOAD)


_TABLES = [StoryRow.__table__, StoryArticleRow.__table__, StoryEventRow.__table__,
           StoryStateRow.__table__]


def _engine(store: Store) -> Engine:
    """The store's engine, with the story tables created if this database lacks them."""
    engine = store.engine
    Base.metadata.create_all(engine, tables=_TABLES)
    return engine


def load_state(store: Store) -> StoryState | None:
    """The state the last run saved, or ``None`` on a fresh database."""
    with Session(_engine(store)) as session:
        payload = session.scalar(
            select(StoryStateRow.payload).where(StoryStateRow.key == STATE_KEY))
    return StoryState.from_dict(payload) if payload is not None else None


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """``items`` in slices that stay under every backend's bound-parameter limit."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _article_rows(stories: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for s in stories:
        dev = {a: d["id"] for d in s["developments"] for a in d["articles"]}
        rows += [{"article_id": a, "story_id": s["id"], "development_id": dev.get(a)}
                 for a in s["articles"]]
    return rows


def save(store: Store, state: StoryState, stories: Sequence[dict[str, Any]]) -> None:
    """Write the new state, the rebuilt ``stories`` and new merge events in one transaction;
    stories merged away are deleted."""
    live = set(state.cluster.stories)
    with Session(_engine(store)) as session, session.begin():
        known = set(session.scalars(select(StoryRow.id)))
        gone = sorted((known - live) | {s["id"] for s in stories})
        for ids in _chunks(gone):
            session.execute(delete(StoryRow).where(StoryRow.id.in_(ids)))
            session.execute(delete(StoryArticleRow).where(StoryArticleRow.story_id.in_(ids)))
        for ids in _chunks([r["article_id"] for r in _article_rows(stories)]):
            session.execute(delete(StoryArticleRow).where(StoryArticleRow.article_id.in_(ids)))
        if stories:
            session.execute(insert(StoryRow), [
                {"id": s["id"], "title": s["title"], "first": s.get("first"),
                 "last": s.get("last"), "n_articles": len(s["articles"]), "payload": s}
                for s in stories])
            session.execute(insert(StoryArticleRow), _article_rows(stories))
        stored = session.scalar(select(StoryEventRow.id).order_by(StoryEventRow.id.desc()))
        start = 0 if stored is None else stored + 1
        events = [{"id": n, "event": e["event"], "story_id": e["into"], "other_id": e["from"],
                   "payload": e} for n, e in enumerate(state.cluster.log) if n >= start]
        if events:
            session.execute(insert(StoryEventRow), events)
        session.execute(delete(StoryStateRow).where(StoryStateRow.key == STATE_KEY))
        session.execute(insert(StoryStateRow), [{"key": STATE_KEY, "payload": state.to_dict()}])


def stories(store: Store) -> list[dict[str, Any]]:
    """Every stored story record, oldest first."""
    with Session(_engine(store)) as session:
        return list(session.scalars(
            select(StoryRow.payload).order_by(StoryRow.first, StoryRow.id)))


def story(store: Store, key: str) -> dict[str, Any] | None:
    """The story with id ``key`` or the one story whose id starts with ``key`` (``s-`` may be
    left out); ``None`` when none or several match."""
    wanted = key if key.startswith("s-") else "s-" + key
    with Session(_engine(store)) as session:
        exact = session.scalar(select(StoryRow.payload).where(StoryRow.id == wanted))
        if exact is not None:
            return exact
        found = list(session.scalars(
            select(StoryRow.payload).where(StoryRow.id.startswith(wanted, autoescape=True))
            .limit(2)))
    return found[0] if len(found) == 1 else None


def events(store: Store) -> list[dict[str, Any]]:
    """The recorded merges, in order."""
    with Session(_engine(store)) as session:
        return list(session.scalars(select(StoryEventRow.payload).order_by(StoryEventRow.id)))
