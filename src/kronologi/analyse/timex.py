"""The time stage: time expressions with values, anchors and confidences; publication dates;
story-level anchoring of articles that carry no date of their own.

Three layers, so each can be tested and reused alone:

* ``extract`` (``timex_extract``) detects expressions and parses what the text says;
* ``resolve`` (``timex_resolve`` does the calendar work) gives each a value from an anchor —
  the publication date, a story date, or the previous dated expression;
* ``annotate`` is the per-article stage: publication date first (``pubdate.infer``), then
  every expression resolved against it; ``anchor_story`` is the story-level repair the story
  stage calls on a group of articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from kronologi.analyse import pubdate
from kronologi.analyse.timex_extract import EXPLICIT, WEEKDAY_DATE, TimexCandidate, extract, grammar
from kronologi.analyse.timex_resolve import YearEvidence, resolve_candidate
from kronologi.model import Article, Published, Timex

__all__ = ["TimexCandidate", "anchor_story", "annotate", "candidates", "extract", "resolve"]

_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def candidates(article: Article) -> list[tuple[int, TimexCandidate]]:
    """``(sentence index, candidate)`` for every expression in the article's sentences."""
    lang = article.language if article.language in ("id", "en") else "id"
    return [(s.i, c) for s in article.sentences for c in extract(s.text, lang)]


def _resolve(cands: Sequence[tuple[int, TimexCandidate]], anchor: date | None, anchor_kind: str,
             ev: YearEvidence) -> tuple[Timex, ...]:
    if anchor is not None:
        ev = replace(ev, points=(*ev.points, (anchor.year, 2.0)))
    default_year = anchor.year if anchor else date.today().year
    out: list[Timex] = []
    written: date | None = None  # the previous date written out in the text
    last: date | None = None  # the previous date of any kind
    for i, c in cands:
        r = resolve_candidate(c, anchor, anchor_kind, written or last, ev, default_year)
        out.append(Timex(i, c.text, c.start, c.end, r.value, c.kind, r.anchor,
                         round(r.confidence, 2)))
        if r.value and _DAY.match(r.value) and c.kind == "date":
            last = date.fromisoformat(r.value)
            if c.family in (EXPLICIT, WEEKDAY_DATE):
                written = last
    return tuple(out)


def resolve(article: Article, anchor_date: date | None = None,
            anchor_kind: str = "published") -> Article:
    """Fill ``article.timexes`` against ``anchor_date`` (default: its publication date)."""
    if anchor_date is None and article.published.date:
        anchor_date = date.fromisoformat(article.published.date)
    cands = candidates(article)
    ev = pubdate.year_evidence(article, cands)
    return replace(article, timexes=_resolve(cands, anchor_date, anchor_kind, ev))


def _annotate(article: Article, extra: Sequence[tuple[int, float]] = ()) -> Article:
    cands = candidates(article)
    published = pubdate.infer(article, cands, extra)
    ev = pubdate.year_evidence(article, cands, extra)
    anchor = date.fromisoformat(published.date) if published.date else None
    return replace(article, published=published,
                   timexes=_resolve(cands, anchor, "published", ev))


def annotate(article: Article) -> Article:
    """The per-article time stage: set ``published`` and ``timexes``."""
    return _annotate(article)


# --- story anchoring -----------------------------------------------------------------------

# Story similarity rests on names (capitalised words that are not month or weekday names):
# the actors and places a story's articles share, unlike the common verbs of news prose.
_NAME = re.compile(r"(?<=[\s(\"“'‘])[A-Z][\w-]{2,}")


def _vectors(articles: Sequence[Article]) -> list[dict[str, float]]:
    """Name TF-IDF over the group (sublinear tf, smoothed idf)."""
    counts = []
    for a in articles:
        g = grammar(a.language if a.language in ("id", "en") else "id")
        skip = g.weekdays_all.keys() | g.months_all.keys()
        counts.append(Counter(w.lower() for s in a.sentences for w in _NAME.findall(" " + s.text)
                              if w.lower() not in skip))
    df = Counter(w for c in counts for w in c)
    n = len(articles)
    vecs = []
    for c in counts:
        v = {w: (1 + math.log(tf)) * math.log((n + 1) / df[w]) for w, tf in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _story_dated(article: Article, anchor: date, source: Article, sim: float,
                 ev: YearEvidence) -> Article:
    """Re-date an undated article from a story anchor (see ``anchor_story``)."""
    cands = candidates(article)
    first = _resolve(cands, anchor, "story", ev)
    window = (anchor - timedelta(days=7), anchor + timedelta(days=7))
    events = [(date.fromisoformat(t.value), t) for t in first
              if t.value and t.kind == "date" and _DAY.match(t.value) and t.anchor == "story"
              and window[0] <= date.fromisoformat(t.value) <= window[1]]
    notes = [f"story: nearest dated article {source.id} published {source.published.date} "
             f"(similarity {sim:.2f})"]
    published = anchor
    if events:
        published, t = max(events, key=lambda e: e[0])
        notes.append(f"latest event {t.text!r} → {published.isoformat()}")
    notes.extend(ev.notes)
    timexes = _resolve(cands, published, "story", ev)
    return replace(article, timexes=timexes,
                   published=Published(published.isoformat(), round(0.3 + 0.2 * sim, 2),
                                       "; ".join(notes)))


def anchor_story(articles: Sequence[Article]) -> list[Article]:
    """Date a story's articles from each other (the story stage calls this per group).

    1. Articles whose year rests on nothing (a weekday alone, no copyright/URL/metadata/
       written year) are re-annotated with the years of the other articles as evidence,
       weighted by textual similarity, so "Senin (12/12)" takes the story's year.
    2. Articles still without a date ("pada hari Kamis", "kemarin" only) take the date of
       the most similar dated article as a story anchor: weekday references resolve to the
       nearest such day, the publication date becomes the latest event so found, and every
       relative expression is re-resolved with anchor ``story`` (lower confidence).
    """
    arts = [annotate(a) for a in articles]
    if len(arts) < 2:
        return arts
    cands = [candidates(a) for a in arts]
    evs = [pubdate.year_evidence(a, c) for a, c in zip(arts, cands, strict=True)]
    story_evs = list(evs)  # own evidence plus, where it had none, the story's years
    vecs = _vectors(arts)
    sims = [[_cosine(vecs[i], vecs[j]) if i != j else 0.0 for j in range(len(arts))]
            for i in range(len(arts))]
    for i, a in enumerate(arts):
        if evs[i].supported:
            continue
        extra: list[tuple[int, float]] = []
        for j, b in enumerate(arts):
            if j == i or not evs[j].supported:
                continue
            w = 0.01 + sims[i][j]
            if b.published.date:
                extra.append((int(b.published.date[:4]), 3.0 * w))
            else:
                extra.extend((y, pw * w) for y, pw in evs[j].points)
        if extra:
            arts[i] = _annotate(a, extra)
            story_evs[i] = pubdate.year_evidence(a, cands[i], extra)
    for i, a in enumerate(arts):
        if a.published.date:
            continue
        own_years = set(pubdate.copyright_years(a))
        dated = [j for j, b in enumerate(arts)
                 if b.published.date and not b.published.evidence.startswith("story")]
        preferred = [j for j in dated if int(arts[j].published.date[:4]) in own_years]  # type: ignore[index]
        pool = preferred or dated
        if not pool:
            continue
        j = max(pool, key=lambda j: sims[i][j])
        anchor = date.fromisoformat(arts[j].published.date)  # type: ignore[arg-type]
        arts[i] = _story_dated(a, anchor, arts[j], sims[i][j], story_evs[i])
    return arts

