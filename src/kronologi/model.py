"""The one typed data model that flows through every kronologi stage.

Why plain dataclasses: every per-article stage is a pure function ``Article -> Article``
(or ``RawDoc -> Article``) so that the same code runs in one process, a process pool or a
cluster. Dataclasses pickle cheaply, need no framework, and ``dataclasses.replace`` makes
the "return a new value, never mutate shared state" style natural.

Flow::

    ingest -> RawDoc | Skipped
    clean  -> Article (title, outlet, dateline, paragraphs, removed lines with reasons)
    analyse-> Article with sentences, timexes, entities, quotes, events filled in
    store  -> database rows; export -> the JSON contract in docs/DESIGN (``to_contract``)

Offsets: ``Sentence.start``/``end`` are character offsets into ``Article.text`` so a citation
(article id + sentence index) can be highlighted exactly in the cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DocMeta:
    """Metadata a source format carries beside the text (HTML meta tags, JSONL fields)."""

    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD) as given by the source, if any
    sitename: str | None = None
    author: str | None = None
    record_id: str | None = None  # the id a dump gives its record (JSONL "id", e.g. Timeline17)


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One decoded document, before cleaning.

    ``source`` is the path or URL as the user gave it (for archives and JSONL the record
    position is appended, e.g. ``dump.jsonl#12``) so an article can always be traced back.
    """

    source: str
    text: str
    fmt: str  # "txt" | "html" | "jsonl" | "warc"
    meta: DocMeta = field(default_factory=DocMeta)
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not become an article, and why (one clear line)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Removed:
    """A line the cleaner removed, with the reason and its 1-based line in the decoded input."""

    text: str
    reason: str
    line: int


@dataclass(frozen=True, slots=True)
class Repair:
    """An in-place text repair (glued words, broken word boundaries)."""

    before: str
    after: str
    reason: str


@dataclass(frozen=True, slots=True)
class Published:
    """Publication date with how sure we are and what it rests on."""

    date: str | None = None  # YYYY-MM-DD
    confidence: float = 0.0
    evidence: str = "none"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text. ``i`` is its index within the article."""

    i: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression with its normalised value and the anchor it was computed from.

    ``value`` is ISO: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, a range ``A/B``, or a
    duration ``P3D``; ``kind`` says which (date, month, year, range, duration, set).
    ``anchor`` is one of ``explicit``, ``published``, ``story``, ``previous``, ``none``.
    """

    sentence: int
    text: str
    start: int  # offset within the sentence text
    end: int
    value: str | None
    kind: str
    anchor: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in one sentence (offsets within the sentence text)."""

    sentence: int
    text: str
    start: int
    end: int
    type: str  # PER | ORG | LOC | GPE | ...
    entity: str | None = None  # canonical entity id, filled by the alias stage


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or reported statement, its speaker, speech verb and relaying outlet."""

    sentence: int
    text: str
    direct: bool
    speaker: str | None
    speaker_entity: str | None = None
    verb: str | None = None
    relay: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, reported in one sentence."""

    sentence: int
    date: str | None
    action: str
    actor: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned (and, once analysed, annotated) news article.

    ``paragraphs`` hold the cleaned body; ``text`` is them joined by blank lines, which is
    what sentence offsets refer to. Nothing the cleaner drops is lost: it is in ``removed``.
    """

    id: str
    source: str
    language: str
    paragraphs: tuple[str, ...]
    title: str | None = None
    title_evidence: str = "none"
    outlet: str | None = None
    outlet_evidence: str = "none"
    dateline: str | None = None
    url: str | None = None
    author: str | None = None
    meta: DocMeta = field(default_factory=DocMeta)
    removed: tuple[Removed, ...] = ()
    repairs: tuple[Repair, ...] = ()
    published: Published = field(default_factory=Published)
    sentences: tuple[Sentence, ...] = ()
    timexes: tuple[Timex, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical actor across the corpus (one per real-world actor)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    stands_for: str | None = None  # e.g. "Washington" -> "Amerika Serikat"


@dataclass(slots=True)
class RunResult:
    """What one pipeline run produced: analysed articles, corpus entities, skipped inputs.

    ``new`` counts articles the store did not hold before this run (re-runs add none).
    """

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)
    new: int = 0
