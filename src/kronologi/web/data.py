"""What the pages and the API read: stories (contract dicts), article metadata, and the
per-story views (timeline by date, quotes by speaker, sources panel) built from them.

Why a cache keyed by a version: a story page joins a story with the metadata, quotes and
cited sentences of every article in it, which means decoding many article payloads. Stories
only change when articles are added, so everything derived is computed once per store
version and then served from memory; the version is the article count (re-read every two
seconds, so articles another process stores show up) plus a counter bumped by every upload
job, which makes a laptop-sized store answer in milliseconds. What is cached is frozen out of
the cycle collector (``gc.freeze``): it lives until the store changes (and is then freed by
reference counting), and rescanning it made full collections pause requests for 150-250 ms
on a 10,000-article store.

Where stories come from (``default_provider``): the stories the story stage persisted in the
store (``kronologi.store.stories``), after :func:`catch_up` has run the stage over any stored
articles it has not seen (articles stored without stories, uploads from the browser).
"""

from __future__ import annotations

import gc
import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kronologi.analyse import aliases
from kronologi.codec import from_jsonable
from kronologi.model import Article, Quote
from kronologi.store import Store
from kronologi.store import stories as persisted
from kronologi.store.schema import ArticleRow, SentenceRow
from kronologi.stories import build_full

Story = dict[str, Any]
log = logging.getLogger("kronologi.web")
StoryProvider = Callable[[Store], list[Story]]
CHUNK = 500
CATCH_UP_BATCH = 1000  # articles per story-stage run when catching up
RECHECK_SECONDS = 2.0  # how stale the article count may be (articles stored by other processes)
PAGE_SPEAKERS = 40
PAGE_QUOTES = 12
PAGE_SOURCE_ARTICLES = 20  # articles listed per outlet in the sources panel
PAGE_DEVELOPMENT_ARTICLES = 5


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """The columns of an article that lists and citations show (no payload decoding)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str
    added: str  # when the store first saw it, "YYYY-MM-DD HH:MM"


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the stories list."""

    id: str
    title: str
    n_articles: int
    n_outlets: int
    first: str | None
    last: str | None
    updated: str | None


@dataclass(frozen=True, slots=True)
class Citation:
    """A cited sentence, resolved to what a reader needs to follow it."""

    article: str
    sentence: int
    outlet: str | None
    title: str | None
    published: str | None
    text: str | None


@dataclass(slots=True)
class SourcePanel:
    """What one outlet reported in a story."""

    outlet: str | None  # None: articles whose outlet is unknown
    articles: list[ArticleMeta] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    entries: int = 0


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker's quotes on the story page: the same words reported by several outlets (or
    copies of one report) are one quote listing every outlet; at most ``PAGE_QUOTES``."""

    name: str | None  # None: quotes whose speaker was not recognised
    quotes: list[dict[str, Any]]
    total: int  # distinct quotes, shown or not


@dataclass(slots=True)
class StoryView:
    """Everything the story page renders, resolved once per store version."""

    story: Story
    row: StoryRow
    articles: list[ArticleMeta]
    timeline: list[tuple[str, list[tuple[dict[str, Any], list[Citation]]]]]
    summary: list[tuple[dict[str, Any], list[Citation]]]
    developments: list[tuple[dict[str, Any], list[ArticleMeta]]]
    quotes: list[tuple[str | None, list[dict[str, Any]]]]  # every quote, for the exports
    speakers: list[Speaker]  # what the page shows: repeats merged, long lists cut
    sources: list[SourcePanel]
    conflicts: list[tuple[str, list[tuple[dict[str, Any], list[Citation]]]]]

    def linked(self) -> list[str]:
        """Ids of the articles the story page links to (citations, shown quotes, the
        articles listed per outlet and per development), in first-link order."""
        cited = [
            c.article
            for entries in (
                [e for _, day in self.timeline for e in day],
                self.summary,
                [claim for _, claims in self.conflicts for claim in claims],
            )
            for _, cites in entries
            for c in cites
        ]
        quoted = [q["article"] for s in self.speakers for q in s.quotes]
        listed = [a.id for p in self.sources for a in p.articles[:PAGE_SOURCE_ARTICLES]]
        developed = [
            a.id for _, arts in self.developments for a in arts[:PAGE_DEVELOPMENT_ARTICLES]
        ]
        return list(dict.fromkeys([*cited, *quoted, *listed, *developed]))


# -- where stories come from -------------------------------------------------------------


def default_provider(store: Store) -> list[Story]:
    """The stories persisted in the store, brought up to date first (:func:`catch_up`)."""
    catch_up(store)
    return list(persisted.stories(store))


_CATCH_UP = threading.Lock()


def catch_up(store: Store, batch: int = CATCH_UP_BATCH) -> int:
    """Run the story stage over the stored articles it has not seen yet and save the result;
    return how many articles that was.

    Articles stored by a run that built stories are already known to the saved state, so
    this costs one state read; articles stored without stories (an upload, an older run)
    join their stories here, incrementally, ``batch`` at a time so memory stays bounded.
    """
    with _CATCH_UP:
        state = persisted.load_state(store)
        seen = state.meta if state is not None else {}
        new = [a.id for a in store.list_articles() if a.id not in seen]
        for start in range(0, len(new), batch):
            articles, entities = aliases.resolve(load_articles(store, new[start : start + batch]))
            result = build_full(
                articles, entities, state, fetch=lambda ids: load_articles(store, ids)
            )
            persisted.save(store, result.state, result.stories)
            state = result.state
            done = min(start + batch, len(new))
            log.info("story stage: %d of %d new articles placed", done, len(new))
        return len(new)


def load_articles(store: Store, ids: Sequence[str]) -> list[Article]:
    """The stored articles with ``ids``, in that order (unknown ids are left out)."""
    found = {a.id: a for a in store.iter_articles(ids)}
    return [found[i] for i in ids if i in found]


def _sentences(store: Store, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    wanted = set(pairs)
    ids = sorted({a for a, _ in wanted})
    out: dict[tuple[str, int], str] = {}
    with Session(store.engine) as session:
        for start in range(0, len(ids), CHUNK):
            rows = session.execute(
                select(SentenceRow.article_id, SentenceRow.i, SentenceRow.text).where(
                    SentenceRow.article_id.in_(ids[start : start + CHUNK])
                )
            )
            out.update(((r.article_id, r.i), r.text) for r in rows if (r.article_id, r.i) in wanted)
    return out


def _metas(store: Store) -> dict[str, ArticleMeta]:
    query = select(
        ArticleRow.id,
        ArticleRow.title,
        ArticleRow.outlet,
        ArticleRow.published_date,
        ArticleRow.language,
        ArticleRow.created_at,
    )
    with Session(store.engine) as session:
        return {
            r.id: ArticleMeta(
                r.id,
                r.title,
                r.outlet,
                r.published_date,
                r.language,
                r.created_at.strftime("%Y-%m-%d %H:%M") if r.created_at else "",
            )
            for r in session.execute(query)
        }


# -- derived views ------------------------------------------------------------------------


def _citations(entry: dict[str, Any]) -> list[tuple[str, int]]:
    return [(c["article"], int(c["sentence"])) for c in entry.get("citations", [])]


def _span(dates: Iterable[str | None]) -> tuple[str | None, str | None]:
    known = sorted(d for d in dates if d)
    return (known[0], known[-1]) if known else (None, None)


def story_row(story: Story, metas: dict[str, ArticleMeta]) -> StoryRow:
    """The stories-list line of ``story``: dates from its timeline, else its articles."""
    arts = [metas[a] for a in story.get("articles", []) if a in metas]
    first, last = _span(e.get("date") for e in story.get("timeline", []))
    if first is None:
        first, last = _span(a.published for a in arts)
    return StoryRow(
        id=story["id"],
        title=story.get("title") or story["id"],
        n_articles=len(story.get("articles", [])),
        n_outlets=len({a.outlet for a in arts if a.outlet}),
        first=first,
        last=last,
        updated=max((a.added for a in arts), default=None),
    )


def _stored_quotes(store: Store, ids: Sequence[str]) -> Iterator[tuple[str, Quote]]:
    """(article id, quote) for the articles ``ids``, reading only the payloads' quotes (a
    JSON path on both backends), not whole articles."""
    with Session(store.engine) as session:
        for start in range(0, len(ids), CHUNK):
            rows = session.execute(
                select(ArticleRow.id, ArticleRow.payload["quotes"]).where(
                    ArticleRow.id.in_(ids[start : start + CHUNK])
                )
            )
            for article_id, quotes in rows:
                for q in quotes or []:
                    yield article_id, from_jsonable(Quote, q)


def _quotes_by_speaker(
    quotes: Iterable[tuple[str, Quote]], metas: dict[str, ArticleMeta]
) -> list[tuple[str | None, list[dict[str, Any]]]]:
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for article_id, q in quotes:
        meta = metas.get(article_id)
        groups[q.speaker or None].append(
            {
                "article": article_id,
                "sentence": q.sentence,
                "text": q.text,
                "direct": q.direct,
                "verb": q.verb,
                "relay": q.relay,
                "date": q.date or (meta.published if meta else None),
                "outlet": meta.outlet if meta else None,
            }
        )
    for said in groups.values():
        said.sort(key=lambda q: (q["date"] or "9999", q["article"], q["sentence"]))
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), (kv[0] or "").lower()))


def _speakers(quotes: list[tuple[str | None, list[dict[str, Any]]]]) -> list[Speaker]:
    speakers = []
    for name, said in quotes[:PAGE_SPEAKERS]:
        merged: dict[str, dict[str, Any]] = {}
        for q in said:
            key = " ".join(q["text"].lower().split())
            first = merged.setdefault(key, {**q, "outlets": []})
            if q["outlet"] and q["outlet"] not in first["outlets"]:
                first["outlets"].append(q["outlet"])
        distinct = list(merged.values())
        speakers.append(Speaker(name, distinct[:PAGE_QUOTES], len(distinct)))
    return speakers


def _sources(arts: Sequence[ArticleMeta], cited: Iterable[tuple[str, int]]) -> list[SourcePanel]:
    panels: dict[str | None, SourcePanel] = {}
    outlet_of = {a.id: a.outlet for a in arts}
    for a in sorted(arts, key=lambda a: (a.published or "9999", a.id)):
        panels.setdefault(a.outlet, SourcePanel(a.outlet)).articles.append(a)
    for panel in panels.values():
        panel.first, panel.last = _span(a.published for a in panel.articles)
    for article_id, _ in cited:
        if article_id in outlet_of:
            panels[outlet_of[article_id]].entries += 1
    return sorted(panels.values(), key=lambda p: (-len(p.articles), (p.outlet or "").lower()))


def build_view(store: Store, story: Story, metas: dict[str, ArticleMeta]) -> StoryView:
    """Resolve a contract story against the store: citations, quotes, sources."""
    ids = list(story.get("articles", []))
    arts = [metas[a] for a in ids if a in metas]
    timeline = list(story.get("timeline", []))
    summary = list(story.get("summary", []))
    conflicts = list(story.get("conflicts", []))
    claims = [c for conflict in conflicts for c in conflict.get("claims", [])]
    pairs = [p for e in (*timeline, *summary, *claims) for p in _citations(e)]
    texts = _sentences(store, pairs)

    def resolve(entry: dict[str, Any]) -> tuple[dict[str, Any], list[Citation]]:
        cites = []
        for article_id, i in _citations(entry):
            meta = metas.get(article_id)
            cites.append(
                Citation(
                    article_id,
                    i,
                    meta.outlet if meta else None,
                    meta.title if meta else None,
                    meta.published if meta else None,
                    texts.get((article_id, i)),
                )
            )
        return entry, cites

    quotes = _quotes_by_speaker(_stored_quotes(store, ids), metas)
    by_date: dict[str, list[tuple[dict[str, Any], list[Citation]]]] = defaultdict(list)
    for entry in timeline:
        by_date[entry.get("date") or ""].append(resolve(entry))
    return StoryView(
        story=story,
        row=story_row(story, metas),
        articles=arts,
        timeline=sorted(by_date.items(), key=lambda kv: kv[0] or "9999"),
        summary=[resolve(e) for e in summary],
        developments=[
            (d, [metas[a] for a in d.get("articles", []) if a in metas])
            for d in story.get("developments", [])
        ],
        quotes=quotes,
        speakers=_speakers(quotes),
        sources=_sources(arts, pairs),
        conflicts=[
            (c.get("about", ""), [resolve(claim) for claim in c.get("claims", [])])
            for c in conflicts
        ],
    )


@dataclass(slots=True)
class _Snapshot:
    version: tuple[int, int]
    by_id: dict[str, Story]
    metas: dict[str, ArticleMeta]
    rows: list[StoryRow]
    story_of: dict[str, list[str]]
    haystacks: dict[str, str]  # lowercased title and summary, for story search
    views: dict[str, StoryView] = field(default_factory=dict)
    rows_json: bytes | None = None


class Library:
    """Read access to stories and articles for the web app, cached per store version."""

    def __init__(self, store: Store, provider: StoryProvider = default_provider) -> None:
        self.store = store
        self._provider = provider
        self._bumps = 0
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._count = 0
        self._checked = -RECHECK_SECONDS

    def bump(self) -> None:
        """Forget everything derived (an upload job stored articles)."""
        with self._lock:
            self._bumps += 1
            self._checked = -RECHECK_SECONDS  # re-read the count on the next request

    def version(self) -> tuple[int, int]:
        """(article count, upload jobs stored); the count is re-read at most every
        ``RECHECK_SECONDS`` (it costs a table scan on SQLite), uploads count at once."""
        now = time.monotonic()
        if now - self._checked >= RECHECK_SECONDS:
            self._count = self.store.count()
            self._checked = now
        return (self._count, self._bumps)

    def _current(self) -> _Snapshot:
        version = self.version()
        snap = self._snapshot
        if snap is not None and snap.version == version:
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is not None and snap.version == version:
                return snap
            metas = _metas(self.store)
            stories = self._provider(self.store)
            rows = [story_row(s, metas) for s in stories]
            rows.sort(key=lambda r: (r.last or "", r.n_articles), reverse=True)
            story_of: dict[str, list[str]] = defaultdict(list)
            for s in stories:
                for a in s.get("articles", []):
                    story_of[a].append(s["id"])
            haystacks = {
                s["id"]: " ".join(
                    [s.get("title") or "", *(e.get("text", "") for e in s.get("summary", []))]
                ).lower()
                for s in stories
            }
            snap = _Snapshot(
                version,
                {s["id"]: s for s in stories},
                metas,
                rows,
                dict(story_of),
                haystacks,
            )
            self._snapshot = snap
            gc.freeze()
            return snap

    def rows(self) -> list[StoryRow]:
        return self._current().rows

    def rows_json(self) -> bytes:
        """:meth:`rows` as JSON, serialised once per version (the list is long and asked
        for often)."""
        snap = self._current()
        if snap.rows_json is None:
            snap.rows_json = json.dumps([asdict(r) for r in snap.rows], ensure_ascii=False).encode()
        return snap.rows_json

    def matching(self, words: Sequence[str], articles: Iterable[str]) -> list[StoryRow]:
        """Stories whose title and summary hold every one of ``words`` (lowercase), or that
        hold one of ``articles``; in listing order."""
        snap = self._current()
        wanted = {s for a in articles for s in snap.story_of.get(a, [])}
        return [
            r
            for r in snap.rows
            if r.id in wanted or (words and all(w in snap.haystacks[r.id] for w in words))
        ]

    def article_count(self) -> int:
        return len(self._current().metas)

    def meta(self, article_id: str) -> ArticleMeta | None:
        return self._current().metas.get(article_id)

    def stories_of(self, article_id: str) -> list[Story]:
        snap = self._current()
        return [snap.by_id[s] for s in snap.story_of.get(article_id, [])]

    def view(self, story_id: str) -> StoryView | None:
        snap = self._current()
        story = snap.by_id.get(story_id)
        if story is None:
            return None
        view = snap.views.get(story_id)
        if view is None:
            view = build_view(self.store, story, snap.metas)
            snap.views[story_id] = view
            gc.freeze()
        return view

    def articles(self, ids: Sequence[str]) -> list[Article]:
        return load_articles(self.store, ids)
