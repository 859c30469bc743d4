"""Database schema of the store (SQLAlchemy 2 typed ORM), the same on SQLite and PostgreSQL.

Why this shape: the whole analysed article lives in ``articles.payload`` (the codec dict as
JSON, JSONB on PostgreSQL) so new model fields need no migration; the few columns that are
filtered or sorted on (outlet, language, published date) and the sentences that web search
and citations read are kept as plain columns and rows beside it.

``created_at`` columns are bookkeeping for people looking at the database; nothing in the
package reads or exports them, so two runs over the same input export the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LENGTH = 32  # ids are 16 hex digits today; room to grow without a migration

PAYLOAD_TYPE = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class ArticleRow(Base):
    """One article: searchable columns plus the full codec payload."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    source: Mapped[str] = mapped_column(Text)  # the first source the article was read from
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text, index=True)
    language: Mapped[str] = mapped_column(String(16))
    published_date: Mapped[str | None] = mapped_column(String(10), index=True)  # YYYY-MM-DD
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(PAYLOAD_TYPE)
    n_sentences: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ArticleSourceRow(Base):
    """Every path or URL an article was read from (copies of a file share one article)."""

    __tablename__ = "article_sources"
    __table_args__ = (UniqueConstraint("article_id", "source", name="uq_article_source"),)

    # A surrogate key keeps insertion order, so "the newest article read from this path"
    # is well defined when a file is edited between runs.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("articles.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(Text, index=True)


class SentenceRow(Base):
    """A sentence of an article, for search and citation lookups without decoding payloads."""

    __tablename__ = "sentences"

    article_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    i: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class SkippedRow(Base):
    """An input that did not become an article, with its one-line reason."""

    __tablename__ = "skipped"
    __table_args__ = (UniqueConstraint("source", "reason", name="uq_skipped_source_reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
