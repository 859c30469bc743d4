"""Developments: the news events inside a running story, found from the dates articles report.

A development is a burst of reporting on one happening. Each article gets the span of days it
reports on: its publication date and the happening dates of its sentences (the timeline's
candidates) from the week before it, so a recap of old events does not stretch it. Articles
are swept in order of their span's start; an article whose span begins within ``GAP_DAYS``
of the current development's end joins it, otherwise it opens the next one. Sorting plus one
pass keeps this linear; it is recomputed for a story whenever the story changes, which is
local work, and a development's id comes from its earliest article, so unchanged
developments keep their ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kronologi.model import Article
from kronologi.stories.timeline import candidates

GAP_DAYS = 3
LOOKBACK_DAYS = 7


@dataclass(frozen=True, slots=True)
class Development:
    id: str
    articles: tuple[str, ...]  # in span order
    first: str | None
    last: str | None


def span(article: Article) -> tuple[date, date] | None:
    """The days an article reports on, or ``None`` when it has no date at all."""
    days = {date.fromisoformat(c.date) for c in candidates(article)}
    if article.published.date:
        pub = date.fromisoformat(article.published.date)
        days = {d for d in days if d >= pub - timedelta(days=LOOKBACK_DAYS)} | {pub}
    return (min(days), max(days)) if days else None


def split(articles: Sequence[Article]) -> list[Development]:
    """Developments of one story's articles (undated ones join the last development)."""
    spans = {a.id: span(a) for a in articles}
    dated = sorted((s[0], s[1], a.id) for a in articles if (s := spans[a.id]) is not None)
    groups: list[tuple[list[str], date, date]] = []
    for start, end, aid in dated:
        if groups and start <= groups[-1][2] + timedelta(days=GAP_DAYS):
            members, first, last = groups[-1]
            groups[-1] = ([*members, aid], first, max(last, end))
        else:
            groups.append(([aid], start, end))
    undated = sorted(a.id for a in articles if spans[a.id] is None)
    if not groups:
        return [Development("d-" + undated[0], tuple(undated), None, None)] if undated else []
    members, first, last = groups[-1]
    groups[-1] = ([*members, *undated], first, last)
    return [Development("d-" + m[0], tuple(m), f.isoformat(), la.isoformat())
            for m, f, la in groups]
