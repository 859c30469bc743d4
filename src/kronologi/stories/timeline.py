"""A story's timeline: dated happenings, merged across articles, ranked by support.

Candidates are sentences holding a time expression resolved to a day (``kind`` date, a
real anchor, confidence ≥ 0.5) that the sentence reports as happening, which excludes:

* background dates — a marker from the pack right before the date ("sejak 19 Juli 2012");
* plans — a date after the article's publication (it has not happened yet);
* stray history — a date far before the story's first article that only one article gives.

Sentences come from the cleaned text only, so removed captions and credits never feed the
timeline. Candidates on one day that say the same thing (sentence vectors of terms and
entities, see ``sentvec``) merge into one entry citing every sentence.

Ranking follows the "datewise" approach of timeline summarisation (Tran et al. 2015; Ghalandari
& Ifrim 2020): first pick the dates the most articles refer to, then the best entries for each
picked date, so a long story keeps a readable number of lines. Each entry's text is its
most central sentence with relative expressions made absolute beside them ("kemarin
[2016-12-02]").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from kronologi.lang import topic
from kronologi.model import Article, Timex
from kronologi.stories.features import stem
from kronologi.stories.sentvec import Key, cosine, language_free

MIN_CONFIDENCE = 0.5
SAME_HAPPENING = 0.25  # sentence cosine that makes two same-day candidates one entry
CROSS_LINGUAL = 1.4  # names and counts alone, across languages, weigh this much more
HISTORY_DAYS = 60  # dates this far before the story's first article need two articles
MIN_DATES = 20
DATES_PER_ARTICLE = 2
MAX_DATES = 60
ENTRIES_PER_DATE = 4
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_WORDS = re.compile(r"\w+")
SAID_WINDOW = 12


@cache
def _background(lang: str) -> re.Pattern[str]:
    markers = topic(lang if lang in ("id", "en") else "id", "stories")["timeline"][
        "background_markers"]
    alternation = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?:^|\W)(?:{alternation})\W+(?:\w+\W+){{0,2}}$", re.IGNORECASE)


def is_background(sentence: str, t: Timex, lang: str) -> bool:
    """Whether a background marker stands within three words before the expression."""
    return bool(_background(lang).search(sentence[: t.start]))


@cache
def _statement_verbs(lang: str) -> frozenset[str]:
    verbs = topic(lang if lang in ("id", "en") else "id", "stories")["timeline"]["statement_verbs"]
    return frozenset(stem(v, lang) for v in verbs)


def is_said_date(sentence: str, t: Timex, lang: str) -> bool:
    """Whether the expression dates the saying ("…, kata Lavrov, Sabtu (3/12)"): a statement
    verb stands within ``SAID_WINDOW`` words before it."""
    words = _WORDS.findall(sentence[: t.start].lower())[-SAID_WINDOW:]
    verbs = _statement_verbs(lang)
    return any(stem(w, lang) in verbs for w in words)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sentence reporting a happening on one day."""

    date: str
    article: str
    sentence: int
    text: str  # the sentence with relative expressions made absolute
    published: str  # the article's publication date ("" when unknown), for ordering
    said: bool = False  # the date is when it was said ("…, kata X, Sabtu (3/6)")
    language: str = "id"


@dataclass(slots=True)
class Entry:
    """One happening on one day, with every sentence that reports it."""

    date: str
    members: list[Candidate] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {c.article for c in self.members}


def absolute_text(text: str, timexes: Sequence[Timex]) -> str:
    """``text`` with each relative day expression followed by its date in brackets."""
    out = text
    for t in sorted(timexes, key=lambda t: t.start, reverse=True):
        if t.anchor != "explicit" and t.kind == "date" and t.value and _DAY.match(t.value):
            out = f"{out[: t.end]} [{t.value}]{out[t.end :]}"
    return _balance_quotes(out.strip())


def _balance_quotes(text: str) -> str:
    """Drop a quote mark left open or closed by sentence splitting."""
    for left, right in (("“", "”"), ("‘", "’")):
        if text.count(left) > text.count(right) and text.startswith(left):
            text = text[1:]
        elif text.count(right) > text.count(left) and text.endswith(right):
            text = text[:-1]
    if text.count('"') % 2 and text[:1] == '"':
        text = text[1:]
    elif text.count('"') % 2 and text[-1:] == '"':
        text = text[:-1]
    return text.strip()


def candidates(article: Article) -> list[Candidate]:
    """The article's dated happenings (one per sentence and day)."""
    lang = article.language if article.language in ("id", "en") else "id"
    by_sentence: dict[int, list[Timex]] = {}
    for t in article.timexes:
        by_sentence.setdefault(t.sentence, []).append(t)
    published = article.published.date or ""
    out: list[Candidate] = []
    for s in article.sentences:
        days = [t for t in by_sentence.get(s.i, ())
                if t.kind == "date" and t.value and _DAY.match(t.value) and t.anchor != "none"
                and t.confidence >= MIN_CONFIDENCE and not (published and t.value > published)
                and not is_background(s.text, t, lang)]
        said = {t.value for t in days if is_said_date(s.text, t, lang)}
        if len({t.value for t in days} - said) >= 1:  # a happening and the day it was told of
            days = [t for t in days if t.value not in said]
        for value in dict.fromkeys(t.value for t in days if t.value):
            out.append(Candidate(value, article.id, s.i, absolute_text(s.text, by_sentence[s.i]),
                                 published, value in said, lang))
    return out


def similarity(a: Candidate, b: Candidate, vectors: dict[Key, dict[str, float]]) -> float:
    """Sentence cosine; across languages, of the language-free parts only."""
    va, vb = vectors.get((a.article, a.sentence), {}), vectors.get((b.article, b.sentence), {})
    if a.language != b.language:
        return cosine(language_free(va), language_free(vb)) * CROSS_LINGUAL
    return cosine(va, vb)


def _group(cands: Sequence[Candidate], vectors: dict[Key, dict[str, float]]) -> list[Entry]:
    """Merge same-day candidates that report the same happening (single link)."""
    entries: list[Entry] = []
    by_date: dict[str, list[Entry]] = {}
    for c in sorted(cands, key=lambda c: (c.date, c.published, c.article, c.sentence)):
        same = [e for e in by_date.get(c.date, ())
                if max(similarity(c, m, vectors) for m in e.members) >= SAME_HAPPENING]
        if same:
            same[0].members.append(c)
        else:
            e = Entry(c.date, [c])
            entries.append(e)
            by_date.setdefault(c.date, []).append(e)
    return entries


def representative(entry: Entry, vectors: dict[Key, dict[str, float]]) -> Candidate:
    """The member most similar to the others (earliest report on ties)."""
    def centrality(c: Candidate) -> float:
        return sum(similarity(c, m, vectors) for m in entry.members)
    return max(entry.members,
               key=lambda c: (round(centrality(c), 6), _neg(c.published), -c.sentence, c.article))


def _neg(iso: str) -> str:
    """Sort key that puts earlier ISO dates first under ``max``."""
    return "".join(chr(0x7F - ord(ch)) for ch in iso)


def group(articles: Sequence[Article], vectors: dict[Key, dict[str, float]]) -> list[Entry]:
    """Every happening of the articles (unranked), minus stray history."""
    entries = _group([c for a in articles for c in candidates(a)], vectors)
    published = [a.published.date for a in articles if a.published.date]
    if not published:
        return entries
    horizon = (date.fromisoformat(min(published)) - timedelta(days=HISTORY_DAYS)).isoformat()
    return [e for e in entries if e.date >= horizon or len(e.articles) >= 2]


def rank(entries: Sequence[Entry], articles: Sequence[Article]) -> list[Entry]:
    """The dates most articles report (then: the most prominently), their best entries, in
    chronological order."""
    support: dict[str, set[str]] = {}
    importance: dict[str, float] = {}  # news puts what matters first: earlier sentences weigh more
    for e in entries:
        support.setdefault(e.date, set()).update(e.articles)
        importance[e.date] = importance.get(e.date, 0.0) + sum(
            1 / (1 + m.sentence) for m in e.members)
    budget = min(MAX_DATES, max(MIN_DATES, DATES_PER_ARTICLE * len(articles)))
    kept = set(sorted(support, key=lambda d: (-len(support[d]), -importance[d], d))[:budget])
    out: list[Entry] = []
    for d in sorted(kept):
        day = [e for e in entries if e.date == d]
        day.sort(key=lambda e: (-len(e.articles), -len(e.members),
                                min((m.published, m.article, m.sentence) for m in e.members)))
        out.extend(day[:ENTRIES_PER_DATE])
    return out


def entry_record(entry: Entry, vectors: dict[Key, dict[str, float]]) -> dict[str, Any]:
    """The contract's timeline item (plus ``support``: how many articles report it)."""
    rep = representative(entry, vectors)
    cites = sorted({(m.published, m.article, m.sentence) for m in entry.members})
    return {
        "date": entry.date,
        "text": rep.text,
        "citations": [{"article": a, "sentence": i} for _, a, i in cites],
        "support": len(entry.articles),
    }
