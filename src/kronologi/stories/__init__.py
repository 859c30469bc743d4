"""The story stage: copies, stories and developments, story-level dates, timeline, summary,
conflicting claims — incrementally, over the articles of one run and the state of the last.

Order of work in :func:`build_full`:

1. near-duplicates (``dedup``): each article finds the copy group it belongs to; only the
   first-seen member of a group is clustered, the others follow it;
2. story clustering (``cluster``): new articles join stories or start them; touched stories
   may merge (recorded in ``state.log``);
3. story-level time: every touched story's articles are re-dated together by the time
   stage's ``anchor_story`` (a "Kamis" in an undated article takes its story's week);
4. per touched story: developments, timeline, summaries and conflicts from the re-dated
   articles, counting each copy group once (its canonical: earliest, then most complete).

Ids are stable: a story is ``s-`` + the article that founded it, a development ``d-`` + its
earliest article; articles are processed in date-then-id order, so the same input (with or
without the previous state) gives the same output.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kronologi.analyse.timex import anchor_story
from kronologi.model import Article, Entity
from kronologi.stories import conflicts, developments, summary, timeline
from kronologi.stories.cluster import ClusterState, assign_batch
from kronologi.stories.dedup import DuplicateIndex, signature
from kronologi.stories.features import article_features
from kronologi.stories.present import stories_table_rows, timeline_lines
from kronologi.stories.sentvec import centroid, cosine, sentence_vectors

__all__ = ["StoriesResult", "StoryState", "build", "build_full", "place", "stories_table_rows",
           "timeline_lines"]

STORY_SUMMARY = 4
DEVELOPMENT_SUMMARY = 2
COMMON_SHARE = 0.6  # entities named by this share of a story's articles are its backdrop
ANCHOR_CONTEXT = 100  # earlier articles that re-date a story's new ones (see _anchored)

Fetch = Callable[[Sequence[str]], Sequence[Article]]


@dataclass(slots=True)
class StoryState:
    """What the story stage keeps between runs (persisted by ``kronologi.store.stories``)."""

    cluster: ClusterState = field(default_factory=ClusterState)
    signatures: dict[str, list[int]] = field(default_factory=dict)  # copy-group roots
    root: dict[str, str] = field(default_factory=dict)  # article -> copy-group root
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # article -> listing info
    # the copy index over ``signatures``, built once per process and kept up to date
    dups: DuplicateIndex | None = field(default=None, repr=False, compare=False)

    def story_of(self, article_id: str) -> str | None:
        return self.cluster.story_of.get(self.root.get(article_id, article_id))

    def copies(self) -> dict[str, list[str]]:
        """Copy-group root -> every member (itself included)."""
        out: dict[str, list[str]] = {}
        for a, r in self.root.items():
            out.setdefault(r, []).append(a)
        return out

    def members(self, story_id: str, copies: Mapping[str, list[str]]) -> list[str]:
        """Every article of a story, copies included, by publication date then id."""
        story = self.cluster.stories.get(story_id)
        if story is None:
            return []
        ids = [a for r in story.members for a in copies.get(r, [r])]
        return sorted(ids, key=lambda a: (self.meta.get(a, {}).get("published") or "9999", a))

    def to_dict(self) -> dict[str, Any]:
        return {"cluster": self.cluster.to_dict(),
                "signatures": dict(sorted(self.signatures.items())),
                "root": dict(sorted(self.root.items())),
                "meta": dict(sorted(self.meta.items()))}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoryState:
        return cls(ClusterState.from_dict(d.get("cluster", {})), dict(d.get("signatures", {})),
                   dict(d.get("root", {})), dict(d.get("meta", {})))


@dataclass(slots=True)
class StoriesResult:
    """Stories touched by a run, the new state, and the run's articles re-dated by story."""

    stories: list[dict[str, Any]]
    state: StoryState
    articles: list[Article]


def _meta(a: Article) -> dict[str, Any]:
    return {"title": a.title, "outlet": a.outlet, "language": a.language,
            "published": a.published.date, "chars": len(a.text)}


def _canonical(ids: Sequence[str], meta: Mapping[str, Mapping[str, Any]]) -> str:
    """The copy to count: earliest published, then the most complete, then the smallest id."""
    return min(ids, key=lambda a: (meta[a].get("published") or "9999", -meta[a]["chars"], a))


def _central_title(arts: Sequence[Article], vectors: Mapping[Any, dict[str, float]]) -> str:
    """Title of the article whose sentences sit closest to the group's centre."""
    per = {a.id: centroid([vectors[(a.id, s.i)] for s in a.sentences]) for a in arts}
    centre = centroid(list(per.values()))
    best = max(arts, key=lambda a: (round(cosine(per[a.id], centre), 6), a.title is not None,
                                    a.id))
    return best.title or (best.sentences[0].text if best.sentences else best.id)


def _story_record(sid: str, members: Sequence[str], arts: Mapping[str, Article],
                  state: StoryState, names: Mapping[str, str]) -> dict[str, Any]:
    meta = state.meta
    groups: dict[str, list[str]] = {}
    for a in members:
        groups.setdefault(state.root.get(a, a), []).append(a)
    canon = {r: _canonical([m for m in ms if m in arts] or ms, meta) for r, ms in groups.items()}
    counted = sorted((arts[c] for c in canon.values() if c in arts),
                     key=lambda a: (a.published.date or "9999", a.id))
    vectors = sentence_vectors(counted)
    devs = developments.split(counted)
    dev_of = {a: d.id for d in devs for a in d.articles}
    for r, ms in groups.items():
        for a in ms:
            dev_of.setdefault(a, dev_of.get(canon[r], ""))
    entries_all = timeline.group(counted, vectors)
    kept = timeline.rank(entries_all, counted)
    n = len(counted)
    mentions: dict[str, int] = {}
    for a in counted:
        for e in {m.entity for m in a.mentions if m.entity}:
            mentions[e] = mentions.get(e, 0) + 1
    common = {"e:" + e for e, k in mentions.items() if n >= 3 and k >= math.ceil(COMMON_SHARE * n)}
    found = conflicts.date_conflicts(entries_all, vectors, names, common)
    found += conflicts.count_conflicts(entries_all, {a.id: a.language for a in counted})
    dev_records = []
    for d in devs:
        d_arts = [arts[a] for a in d.articles if a in arts]
        dev_members = sorted((a for a in members if dev_of.get(a) == d.id),
                             key=lambda a: (meta[a].get("published") or "9999", a))
        dev_records.append({"id": d.id, "title": _central_title(d_arts, vectors) if d_arts else "",
                            "articles": dev_members, "first": d.first, "last": d.last,
                            "summary": summary.summarise(d_arts, vectors, DEVELOPMENT_SUMMARY)})
    dates = [a.published.date for a in counted if a.published.date]
    return {
        "id": sid,
        "title": _central_title(counted, vectors) if counted else sid,
        "articles": list(members),
        "developments": dev_records,
        "timeline": [timeline.entry_record(e, vectors) for e in kept],
        "summary": summary.summarise(counted, vectors, STORY_SUMMARY),
        "conflicts": found,
        "also_published_by": [
            {"article": a, "outlet": meta[a].get("outlet"), "copy_of": canon[r]}
            for r, ms in sorted(groups.items()) for a in ms if a != canon[r]
        ],
        "first": min(dates, default=None),
        "last": max(dates, default=None),
        "outlets": sorted({o for a in members if (o := meta[a].get("outlet"))}),
        "languages": sorted({meta[a]["language"] for a in members}),
    }


def _anchored(arts: Sequence[Article], new: Mapping[str, Article]) -> dict[str, Article]:
    """Story-level dating (the time stage's ``anchor_story``, quadratic in its input): the
    new articles with at most ``ANCHOR_CONTEXT`` of the story's latest dated ones; older
    members keep the dates an earlier run gave them."""
    if len(arts) <= ANCHOR_CONTEXT:
        redated = {a.id: a for a in anchor_story(arts)}
        return {a.id: redated.get(a.id, a) for a in arts}
    context = sorted((a for a in arts if a.id not in new and a.published.date),
                     key=lambda a: (a.published.date or "", a.id))[-ANCHOR_CONTEXT:]
    fresh = sorted((a for a in arts if a.id in new), key=lambda a: (a.published.date or "", a.id))
    redated = {}
    # new articles in slices, each dated with the context: linear however big the batch
    for start in range(0, len(fresh), ANCHOR_CONTEXT):
        piece = fresh[start : start + ANCHOR_CONTEXT]
        ids = {a.id for a in piece}
        redated.update((a.id, a) for a in anchor_story([*context, *piece]) if a.id in ids)
    return {a.id: redated.get(a.id, a) for a in arts}


def place(articles: Sequence[Article], state: StoryState) -> list[str]:
    """Steps 1-2: find copies, cluster the new articles into ``state``; return the ids of
    the stories the articles are in now (sorted)."""
    order = sorted(articles, key=lambda a: (a.published.date or "9999", a.id))
    dups = state.dups = state.dups or DuplicateIndex(state.signatures, state.root)
    roots = [a for a in order if dups.add(a.id, signature(a)) == a.id]
    for a in order:
        state.meta.setdefault(a.id, _meta(a))
    assign_batch([article_features(a) for a in roots], state.cluster)
    return sorted({sid for a in order if (sid := state.story_of(a.id))})


def build_full(articles: Sequence[Article], entities: Sequence[Entity],
               state: StoryState | None = None, fetch: Fetch | None = None) -> StoriesResult:
    """Add ``articles`` to the stories of ``state``; see the module docstring.

    ``fetch`` returns stored articles by id (e.g. from the store); stories that hold articles
    of earlier runs are then built from all their articles, else from those at hand.
    """
    state = state if state is not None else StoryState()
    touched = place(articles, state)
    names = {e.id: e.name for e in entities}
    given = {a.id: a for a in articles}
    anchored: dict[str, Article] = {}
    records = []
    copies = state.copies()
    for sid in touched:
        members = state.members(sid, copies)
        missing = [a for a in members if a not in given]
        stored = {a.id: a for a in fetch(missing)} if fetch and missing else {}
        arts = _anchored([given.get(m) or stored[m] for m in members
                          if m in given or m in stored], given)
        anchored.update(arts)
        for a in arts.values():
            state.meta[a.id] = _meta(a)
        records.append(_story_record(sid, state.members(sid, copies), arts, state, names))
    records.sort(key=lambda r: (r["first"] or "9999", r["id"]))
    return StoriesResult(records, state, [anchored.get(a.id, a) for a in articles])


def build(articles: Sequence[Article], entities: Sequence[Entity],
          state: StoryState | None = None, fetch: Fetch | None = None
          ) -> tuple[list[dict[str, Any]], StoryState]:
    """The contract's ``stories`` for ``articles`` and the new state (see :func:`build_full`)."""
    result = build_full(articles, entities, state, fetch)
    return result.stories, result.state
