"""Incremental story clustering: each new article joins the best-matching story or starts one.

Why single-pass centroid assignment and not a library's clustering (scikit-learn's
agglomerative, HDBSCAN): those need every pairwise distance of the whole corpus at once and
start over when articles arrive. News arrives in batches and in any order, and a story must
keep its id when it grows. Here a story is a running centroid; an article is compared only
with the few stories an inverted index proposes (stories sharing its most telling features,
newest first, a bounded list per feature), so the cost per article does not grow with the
corpus and the whole run is near-linear.

The score of an article against a story is the better of its fit to the story's centroid and
to the closest of the story's last few members (a story drifts; its newest reports say what it
is about now), where a fit mixes:

* cosine of TF-IDF term vectors when both are in one language;
* cosine of the language-free anchor vectors (canonical entities, with people weighted up,
  mention words, counts), which is all an English and an Indonesian report share;
* minus a penalty for time: nothing within ``TIME_FREE_DAYS`` of the story's span, then
  growing with the gap up to a cap (a wrong year from the time stage must not outweigh the
  text, and stories do resume after months). Only confident publication dates widen a
  story's span (unless it has none yet), but an article's weakly founded date (a year from a
  weekday alone) still counts for its own gap: without it an undated English report of a
  2022 fuel-price rise may join a 2024 ceremony story through a president both name.

Words alone cannot tell two stories with one cast apart (two corruption trials before one
court with one prosecutor), so people decide too: an article's *protagonist* is the person
it plainly is about (``features.protagonist``), and a story's is the protagonist of two
thirds of its members. An article never joins a story about another person when neither of
the two is named in the other's reports; a witness or a spokesman who is named in the story
does not count as a rival.

Document frequencies are updated with a whole batch before it is assigned, so the first
articles of a batch already see the batch's idf. After a batch, stories it touched are
compared with their neighbours and merged when their centroids have converged, or when they
score ``JOIN`` and share part of their *core* (their ``CORE`` strongest terms and anchors:
the place, actors and subject most of their members name) — the fragments an incremental
run leaves when a story's first reports arrive in different batches. Stories led by rival
protagonists never merge. Every merge is recorded in the state's log.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kronologi.stories.features import Features

TERM_WEIGHT = 0.75  # share of the term cosine in a same-language score (the rest: anchors)
CROSS_LINGUAL = 1.0  # anchors-only score factor when the story has no article in the language
JOIN = 0.18
MERGE = 0.35  # two stories' centroids scoring this merge ...
CORE = 8  # ... or scoring ``JOIN`` when they share ``CORE_SHARED`` of their ``CORE`` strongest
CORE_SHARED = 2  # terms or anchors (their dominant actors, places, subject)
TIME_FREE_DAYS = 45
TIME_SCALE_DAYS = 3650  # penalty grows by 1.0 per this many days beyond the free gap ...
TIME_CAP = 0.1  # ... up to this: a story may resume after a year (an inquiry's report)
CENTROID_KEEP = 200  # features kept per centroid part after pruning
CENTROID_PRUNE = 400  # prune when a part grows beyond this
INDEX_TERMS = 12  # an article's strongest terms and anchors used to find and index stories
INDEX_ANCHORS = 24
POSTING_CAP = 40  # stories remembered per feature (most recently updated)
CANDIDATES = 10
RECENT = 5  # members kept per story for nearest-member scoring ...
RECENT_FEATURES = 60  # ... each cut to this many features per part


@dataclass(frozen=True, slots=True)
class Vector:
    """An article (or a story centroid) in idf-weighted unit form."""

    terms: dict[str, float]
    anchors: dict[str, float]
    language: str | None
    date: date | None


@dataclass(slots=True)
class StoryNode:
    """A story as the clusterer keeps it: members and running centroids."""

    id: str
    members: list[str]  # clustered (copy-group root) article ids, in arrival order
    terms: dict[str, float]  # sum of unit idf-weighted term vectors of the members
    anchors: dict[str, float]
    languages: dict[str, int]
    first: str | None = None  # confident publication dates span (ISO)
    last: str | None = None
    recent: list[Vector] = field(default_factory=list)  # the last few members, abridged
    protagonists: dict[str, int] = field(default_factory=dict)  # members' protagonists

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": self.members,
            "terms": _rounded(self.terms),
            "anchors": _rounded(self.anchors),
            "languages": dict(sorted(self.languages.items())),
            "first": self.first,
            "last": self.last,
            "recent": [{"terms": _rounded(v.terms), "anchors": _rounded(v.anchors),
                        "language": v.language,
                        "date": v.date.isoformat() if v.date else None} for v in self.recent],
            "protagonists": dict(sorted(self.protagonists.items())),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoryNode:
        recent = [Vector(dict(v["terms"]), dict(v["anchors"]), v["language"],
                         date.fromisoformat(v["date"]) if v["date"] else None)
                  for v in d.get("recent", [])]
        return cls(d["id"], list(d["members"]), dict(d["terms"]), dict(d["anchors"]),
                   dict(d["languages"]), d.get("first"), d.get("last"), recent,
                   dict(d.get("protagonists", {})))

    def lead(self) -> str | None:
        """The protagonist of more of the story's members than any other."""
        ranked = sorted(self.protagonists.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def protagonist(self) -> str | None:
        """The person the story is about: the lead of at least two thirds of its members."""
        who = self.lead()
        return who if who and 3 * self.protagonists[who] >= 2 * len(self.members) else None


def _rounded(v: dict[str, float]) -> dict[str, float]:
    return {k: round(x, 5) for k, x in sorted(v.items())}


@dataclass(slots=True)
class ClusterState:
    """Everything the clusterer needs from earlier runs (JSON-serialisable)."""

    n: int = 0
    df: dict[str, int] = field(default_factory=dict)
    stories: dict[str, StoryNode] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)  # clustered article -> story
    log: list[dict[str, Any]] = field(default_factory=list)
    # the in-memory index over the stories, built once per process and kept up to date
    runtime: Clusterer | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "df": dict(sorted(self.df.items())),
            "stories": [s.to_dict() for _, s in sorted(self.stories.items())],
            "story_of": dict(sorted(self.story_of.items())),
            "log": self.log,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClusterState:
        stories = {s["id"]: StoryNode.from_dict(s) for s in d.get("stories", [])}
        return cls(d.get("n", 0), dict(d.get("df", {})), stories, dict(d.get("story_of", {})),
                   list(d.get("log", [])))


def _unit(v: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()} if norm else {}


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def _prune(v: dict[str, float]) -> dict[str, float]:
    if len(v) <= CENTROID_PRUNE:
        return v
    return dict(heapq.nlargest(CENTROID_KEEP, v.items(), key=lambda kv: (kv[1], kv[0])))


def _gap_days(d: date | None, first: str | None, last: str | None) -> int:
    if d is None or first is None or last is None:
        return 0
    lo, hi = date.fromisoformat(first), date.fromisoformat(last)
    return max((lo - d).days, (d - hi).days, 0)


def _similarity(v: Vector, terms: float, anchors: float, same_language: bool) -> float:
    if same_language:
        return TERM_WEIGHT * terms + (1 - TERM_WEIGHT) * anchors
    return CROSS_LINGUAL * anchors


def _abridged(v: Vector) -> Vector:
    """A member vector cut to its strongest features (renormalised) for nearest-member
    scoring; bounded so a story's memory does not grow with its size."""
    def cut(x: dict[str, float]) -> dict[str, float]:
        top = heapq.nlargest(RECENT_FEATURES, x.items(), key=lambda kv: (kv[1], kv[0]))
        return _unit(dict(top))
    return Vector(cut(v.terms), cut(v.anchors), v.language, v.date)


def _core(story: StoryNode) -> set[str]:
    """A story's strongest terms and anchors: what most of its members are about."""
    return {k for part in (story.terms, story.anchors)
            for k, _ in heapq.nlargest(CORE, part.items(), key=lambda kv: (kv[1], kv[0]))}


def _rivals(who: str | None, anchors: dict[str, float], story: StoryNode) -> bool:
    """Whether an article (or story) about ``who`` and a story about someone else are about
    two people who never appear in each other's reports: two trials with one prosecutor."""
    theirs = story.protagonist()
    return bool(who and theirs and who != theirs and theirs not in anchors
                and who not in story.anchors)


def _rival_leads(a: StoryNode, b: StoryNode) -> bool:
    """Whether one story is led by a person (the protagonist of two or more of its members)
    whom the other never names, while none of the other's protagonists appear in it."""
    def led_apart(x: StoryNode, y: StoryNode) -> bool:
        lead = x.lead()
        return bool(lead and x.protagonists[lead] >= 2 and lead not in y.anchors
                    and y.protagonists and not any(p in x.anchors for p in y.protagonists))
    return led_apart(a, b) or led_apart(b, a)


def time_penalty(days: int) -> float:
    """Score lost for an article ``days`` outside a story's dates."""
    return min(TIME_CAP, max(0, days - TIME_FREE_DAYS) / TIME_SCALE_DAYS)


class Clusterer:
    """Assigns articles to stories over a :class:`ClusterState` (which it updates)."""

    def __init__(self, state: ClusterState) -> None:
        self.state = state
        self._norms: dict[str, tuple[float, float]] = {}
        self._index: dict[str, dict[str, None]] = {}
        for sid, story in state.stories.items():
            self._index_story(sid, self._top(story.terms, story.anchors))

    # -- features ---------------------------------------------------------------------------

    def count(self, batch: Iterable[Features]) -> None:
        """Add a batch's document frequencies before assigning it."""
        df = self.state.df
        for f in batch:
            self.state.n += 1
            for k in (*f.terms, *f.anchors):
                df[k] = df.get(k, 0) + 1

    def _idf(self, k: str) -> float:
        return math.log((self.state.n + 1) / (self.state.df.get(k, 0) + 1)) + 1.0

    def vector(self, f: Features) -> Vector:
        """Unit idf-weighted vectors of an article."""
        return Vector(_unit({k: v * self._idf(k) for k, v in f.terms.items()}),
                      _unit({k: v * self._idf(k) for k, v in f.anchors.items()}),
                      f.language, f.date or f.approx)

    @staticmethod
    def _top(terms: dict[str, float], anchors: dict[str, float]) -> list[str]:
        best = heapq.nlargest(INDEX_TERMS, terms.items(), key=lambda kv: (kv[1], kv[0]))
        best += heapq.nlargest(INDEX_ANCHORS, anchors.items(), key=lambda kv: (kv[1], kv[0]))
        return [k for k, _ in best]

    # -- index ------------------------------------------------------------------------------

    def _index_story(self, sid: str, keys: Sequence[str]) -> None:
        for k in keys:
            posting = self._index.setdefault(k, {})
            posting.pop(sid, None)
            posting[sid] = None  # most recent last
            if len(posting) > POSTING_CAP:
                del posting[next(iter(posting))]

    def _candidates(self, keys: Sequence[str], exclude: str | None = None) -> list[str]:
        hits: dict[str, int] = {}
        for k in keys:
            for sid in self._index.get(k, ()):
                if sid != exclude and sid in self.state.stories:
                    hits[sid] = hits.get(sid, 0) + 1
        return [s for s, _ in heapq.nlargest(CANDIDATES, hits.items(),
                                              key=lambda kv: (kv[1], kv[0]))]

    # -- scoring ----------------------------------------------------------------------------

    def _story_norms(self, story: StoryNode) -> tuple[float, float]:
        cached = self._norms.get(story.id)
        if cached is None:
            cached = (_norm(story.terms) or 1.0, _norm(story.anchors) or 1.0)
            self._norms[story.id] = cached
        return cached

    def score(self, v: Vector, story: StoryNode) -> float:
        """How well an article (or another story's centroid) fits ``story``: the better of
        its fit to the centroid and to the closest recent member, less the time penalty."""
        tn, an = self._story_norms(story)
        same = v.language is not None and v.language in story.languages
        best = _similarity(v, _dot(v.terms, story.terms) / tn, _dot(v.anchors, story.anchors) / an,
                           same)
        for m in story.recent:
            best = max(best, _similarity(v, _dot(v.terms, m.terms), _dot(v.anchors, m.anchors),
                                         v.language == m.language))
        return best - time_penalty(_gap_days(v.date, story.first, story.last))

    def best(self, v: Vector, exclude: str | None = None, who: str | None = None
             ) -> tuple[float, str] | None:
        """The best-scoring candidate story, leaving out those about another person than
        ``who`` (the article's protagonist)."""
        keys = self._top(v.terms, v.anchors)
        scored = [(self.score(v, story), s) for s in self._candidates(keys, exclude)
                  if not _rivals(who, v.anchors, story := self.state.stories[s])]
        return max(scored, default=None)

    # -- updating ---------------------------------------------------------------------------

    def _add(self, story: StoryNode, article_id: str, v: Vector, dated: date | None = None,
             who: str | None = None) -> None:
        """Add a member; ``dated`` (a date trusted to date the story) widens its span, ``who``
        (the article's protagonist) counts towards the story's."""
        story.members.append(article_id)
        for part, vec in ((story.terms, v.terms), (story.anchors, v.anchors)):
            for k, x in vec.items():
                part[k] = part.get(k, 0.0) + x
        story.terms, story.anchors = _prune(story.terms), _prune(story.anchors)
        story.recent = [*story.recent, _abridged(v)][-RECENT:]
        if v.language:
            story.languages[v.language] = story.languages.get(v.language, 0) + 1
        if dated:
            iso = dated.isoformat()
            story.first = min(story.first or iso, iso)
            story.last = max(story.last or iso, iso)
        if who:
            story.protagonists[who] = story.protagonists.get(who, 0) + 1
        self.state.story_of[article_id] = story.id
        self._norms.pop(story.id, None)
        self._index_story(story.id, self._top(v.terms, v.anchors))

    def assign(self, f: Features) -> str:
        """Place one article; return its story id (new stories take ``s-<article id>``)."""
        if f.id in self.state.story_of:
            return self.state.story_of[f.id]
        v = self.vector(f)
        found = self.best(v, who=f.protagonist)
        if found is not None and found[0] >= JOIN:
            story = self.state.stories[found[1]]
        else:
            story = StoryNode("s-" + f.id, [], {}, {}, {})
            self.state.stories[story.id] = story
        self._add(story, f.id, v, f.date or (f.approx if story.first is None else None),
                  f.protagonist)
        return story.id

    def centroid_vector(self, story: StoryNode) -> Vector:
        """A story's centroid as a query, cut like a recent member."""
        first = date.fromisoformat(story.first) if story.first else None
        lang = max(story.languages, key=lambda k: (story.languages[k], k), default=None)
        return _abridged(Vector(story.terms, story.anchors, lang, first))

    def merge_touched(self, touched: Iterable[str]) -> list[dict[str, Any]]:
        """Merge each touched story into an older neighbour whose centroid now matches it."""
        events = []
        for sid in sorted(set(touched)):
            story = self.state.stories.get(sid)
            if story is None:
                continue
            found = self._merge_partner(story)
            if found is None:
                continue
            other = self.state.stories[found[1]]
            keep, gone = sorted((story, other), key=lambda s: (s.first or "9999", s.id))
            event = {"event": "merge", "into": keep.id, "from": gone.id,
                     "articles": list(gone.members), "score": round(found[0], 3)}
            self._absorb(keep, gone)
            events.append(event)
        self.state.log.extend(events)
        return events

    def _merge_partner(self, story: StoryNode) -> tuple[float, str] | None:
        """The best neighbour ``story`` should merge with: a converged centroid, or a shared
        core (the stories' strongest features) and no rival protagonists."""
        v = self.centroid_vector(story)
        scored = sorted(((self.score(v, self.state.stories[s]), s)
                         for s in self._candidates(self._top(v.terms, v.anchors), story.id)),
                        reverse=True)
        core = _core(story)
        for sc, sid in scored:
            other = self.state.stories[sid]
            if _rival_leads(story, other):
                continue
            if sc >= MERGE or (sc >= JOIN and len(core & _core(other)) >= CORE_SHARED):
                return sc, sid
        return None

    def _absorb(self, keep: StoryNode, gone: StoryNode) -> None:
        for part, other in ((keep.terms, gone.terms), (keep.anchors, gone.anchors)):
            for k, x in other.items():
                part[k] = part.get(k, 0.0) + x
        keep.terms, keep.anchors = _prune(keep.terms), _prune(keep.anchors)
        keep.recent = [*keep.recent, *gone.recent][-RECENT:]
        keep.members.extend(gone.members)
        for who, n in gone.protagonists.items():
            keep.protagonists[who] = keep.protagonists.get(who, 0) + n
        for lang, n in gone.languages.items():
            keep.languages[lang] = keep.languages.get(lang, 0) + n
        dates = [d for d in (keep.first, keep.last, gone.first, gone.last) if d]
        keep.first, keep.last = (min(dates), max(dates)) if dates else (None, None)
        for a in gone.members:
            self.state.story_of[a] = keep.id
        del self.state.stories[gone.id]
        self._norms.pop(keep.id, None)
        self._norms.pop(gone.id, None)
        self._index_story(keep.id, self._top(keep.terms, keep.anchors))


def assign_batch(features: Sequence[Features], state: ClusterState) -> tuple[list[str], list[str]]:
    """Assign a batch (oldest first, then by id, so a re-run gives the same stories).

    Returns the story id per input (after merges) and the ids of the stories touched.
    """
    c = state.runtime = state.runtime or Clusterer(state)
    fresh = [f for f in features if f.id not in state.story_of]
    c.count(fresh)
    order = sorted(fresh, key=lambda f: (f.date or date.max, f.id))
    touched = [c.assign(f) for f in order]
    c.merge_touched(touched)
    touched_now = sorted({state.story_of[f.id] for f in features})
    return [state.story_of[f.id] for f in features], touched_now
