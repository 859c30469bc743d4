"""Developments: the news events inside a running story, from dates and wording together.

A development is a burst of reporting on one happening: a flood and, days later, the relocation
of its victims are two developments of one story. Each article gets the span of days it reports
on (its publication date and the happening dates of its sentences from the few days before it,
so a recap of old events does not stretch it). Articles are taken in order of their span's
start; each joins the open development it resembles most if the resemblance reaches ``JOIN``,
else it opens a new one. A development stays open for a gap that scales with the story (a
twentieth of its duration, at most a week): a week-long story's events are a day apart, a
season-long one's weeks apart. Resemblance is the story stage's own mix, TF-IDF cosine of terms
within a language plus cosine of the language-free anchors, with document frequencies counted
inside the story so that what is new in an event weighs most. On the gold set's half A the best
``JOIN`` is 0: the dates decide where a development ends, the wording only picks between
developments open at the same time.

This is recomputed for a story whenever the story changes (local work, one pass); a
development's id comes from its earliest article, so unchanged developments keep their ids.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kronologi.model import Article
from kronologi.stories.features import Features, article_features
from kronologi.stories.timeline import candidates

GAP_SHARE = 0.05  # a development stays open this share of the story's duration ...
MAX_GAP_DAYS = 7  # ... at most this many days
LOOKBACK_DAYS = 7
JOIN = 0.0
TERM_WEIGHT = 0.75
CROSS_LINGUAL = 1.0


@dataclass(frozen=True, slots=True)
class Development:
    id: str
    articles: tuple[str, ...]  # in span order
    first: str | None
    last: str | None


@dataclass(slots=True)
class _Open:
    members: list[str]
    first: date | None
    last: date | None
    terms: Counter[str] = field(default_factory=Counter)
    anchors: Counter[str] = field(default_factory=Counter)
    languages: set[str] = field(default_factory=set)


def span(article: Article) -> tuple[date, date] | None:
    """The days an article reports on, or ``None`` when it has no date at all."""
    days = {date.fromisoformat(c.date) for c in candidates(article)}
    if article.published.date:
        pub = date.fromisoformat(article.published.date)
        days = {d for d in days if pub - timedelta(days=LOOKBACK_DAYS) <= d <= pub} | {pub}
    return (min(days), max(days)) if days else None


def _weighted(fs: Sequence[Features]) -> dict[str, tuple[dict[str, float], dict[str, float]]]:
    """Unit idf-weighted term and anchor vectors, idf counted within the story."""
    df: Counter[str] = Counter(k for f in fs for k in (*f.terms, *f.anchors))
    n = len(fs)

    def unit(v: dict[str, float]) -> dict[str, float]:
        w = {k: x * math.log((n + 1) / (df[k] + 0.5)) for k, x in v.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        return {k: x / norm for k, x in w.items()}

    return {f.id: (unit(f.terms), unit(f.anchors)) for f in fs}


def _cos(a: dict[str, float], b: Counter[str]) -> float:
    norm = math.sqrt(sum(x * x for x in b.values())) or 1.0
    return sum(x * b.get(k, 0.0) for k, x in a.items()) / norm


def _fit(vec: tuple[dict[str, float], dict[str, float]], lang: str, dev: _Open) -> float:
    anchors = _cos(vec[1], dev.anchors)
    if lang in dev.languages:
        return TERM_WEIGHT * _cos(vec[0], dev.terms) + (1 - TERM_WEIGHT) * anchors
    return CROSS_LINGUAL * anchors


def split(articles: Sequence[Article]) -> list[Development]:
    """Developments of one story's articles (undated ones join the one they fit best)."""
    feats = [article_features(a) for a in articles]
    vecs = _weighted(feats)
    langs = {f.id: f.language for f in feats}
    spans = {a.id: span(a) for a in articles}
    order = sorted(articles, key=lambda a: (s[0] if (s := spans[a.id]) else date.max, a.id))
    known = [s for s in spans.values() if s is not None]
    duration = (max(s[1] for s in known) - min(s[0] for s in known)).days if known else 0
    gap = min(MAX_GAP_DAYS, int(GAP_SHARE * duration))
    devs: list[_Open] = []
    for a in order:
        s = spans[a.id]
        open_ = [d for d in devs if s is None or d.last is None or (s[0] - d.last).days <= gap]
        scored = [(_fit(vecs[a.id], langs[a.id], d), -n, d) for n, d in enumerate(open_)]
        best = max(scored, key=lambda t: t[:2], default=None)
        if best is not None and (best[0] >= JOIN or s is None):
            dev = best[2]
        else:
            dev = _Open([], s[0] if s else None, s[1] if s else None)
            devs.append(dev)
        dev.members.append(a.id)
        dev.terms.update(vecs[a.id][0])
        dev.anchors.update(vecs[a.id][1])
        dev.languages.add(langs[a.id])
        if s is not None:
            dev.first = min(dev.first or s[0], s[0])
            dev.last = max(dev.last or s[1], s[1])
    return [Development("d-" + d.members[0], tuple(d.members),
                        d.first.isoformat() if d.first else None,
                        d.last.isoformat() if d.last else None) for d in devs]
