"""Pydantic models of the JSON API: they give the OpenAPI spec its shapes and validate input.

Story and article bodies follow the export contract (``/work/shared/DESIGN.md``); the
contract allows extra fields, so those models accept and pass on fields they do not name.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT_CHARS = 2_000_000
MAX_ITEMS = 50


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class CitationModel(_Open):
    article: str
    sentence: int


class EntryModel(_Open):
    text: str
    citations: list[CitationModel] = []


class TimelineEntryModel(EntryModel):
    date: str | None


class DevelopmentModel(_Open):
    id: str
    title: str
    articles: list[str]


class ConflictModel(_Open):
    about: str
    claims: list[EntryModel]


class StoryModel(_Open):
    """A story of the export contract."""

    id: str
    title: str
    articles: list[str]
    developments: list[DevelopmentModel] = []
    timeline: list[TimelineEntryModel] = []
    summary: list[EntryModel] = []
    conflicts: list[ConflictModel] = []


class StoryRowModel(BaseModel):
    """One story of the stories list."""

    id: str
    title: str
    n_articles: int
    n_outlets: int
    first: str | None = Field(description="earliest date (timeline, else articles)")
    last: str | None
    updated: str | None = Field(description="when the story last got an article")


class ArticleRowModel(BaseModel):
    """One line of the articles listing."""

    id: str
    title: str | None
    outlet: str | None
    language: str
    published: str | None
    n_sentences: int
    source: str


class PublishedModel(_Open):
    date: str | None
    confidence: float
    evidence: str


class ArticleModel(_Open):
    """An article of the export contract."""

    id: str
    source: str
    title: str | None
    outlet: str | None
    language: str
    published: PublishedModel
    text: str
    removed: list[dict[str, Any]]
    sentences: list[dict[str, Any]]


class ContractModel(_Open):
    """The export contract (``kronologi analyze --json``) for one story."""

    articles: list[ArticleModel]
    timexes: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]]
    stories: list[StoryModel]
    skipped: list[dict[str, Any]]


class HitModel(BaseModel):
    """A matching article title (``sentence`` null) or sentence; matches are wrapped in
    \\u0002 … \\u0003 in ``snippet``."""

    article: str
    sentence: int | None
    title: str | None
    outlet: str | None
    snippet: str


class SearchModel(BaseModel):
    query: str
    stories: list[StoryRowModel]
    hits: list[HitModel]


class SubmitModel(BaseModel):
    """Articles to add: pasted texts and/or URLs to fetch."""

    model_config = ConfigDict(extra="forbid")

    texts: list[Annotated[str, Field(max_length=MAX_TEXT_CHARS)]] = Field(
        default=[], max_length=MAX_ITEMS
    )
    urls: list[Annotated[str, Field(max_length=2000)]] = Field(default=[], max_length=MAX_ITEMS)


class SkippedModel(BaseModel):
    source: str
    reason: str


class JobModel(BaseModel):
    """A background processing job and its progress."""

    id: str
    state: str = Field(description="queued | running | done | failed")
    done: int
    total: int
    articles: list[str]
    new: int
    skipped: list[SkippedModel]
    stories: list[str] = Field(description="ids of the stories the added articles are in")
    message: str | None


class ErrorModel(BaseModel):
    detail: str
