"""Datewise timeline summarisation: which dates a story's timeline should have, and which of the
articles' own sentences say best what happened on each.

The method follows the "datewise" family of Gholipour Ghalandari & Ifrim (ACL 2020) and the
date-reference features of Martschat & Markert (2018), without any supervised component:

1. **Date ranking.** A day earns its place through the collection, not only through when
   articles appeared. Every resolved day-level time expression is a vote for its day: once per
   article (an article repeating a date is one witness), weighted by the direction the writer
   looks (references back from later articles are the strongest evidence that something
   *happened* that day, however long ago; a reference to the article's own day is weaker, and
   forward references are plans). Publication counts add a smaller vote for the day itself
   and the day before (news of day *d* is printed on *d* and *d+1*). Only days inside the
   requested range compete; the best ranked days that have a usable sentence are kept, up to
   ``max_dates``.
2. **Candidate sentences per day.** Sentences that mention the day, and the opening sentences
   of articles published that day or the next that mention no other day.
3. **Sentence choice.** TF-IDF vectors over the whole collection (stop words from the story
   stage's language pack, ``stories.toml``); within a day's candidates, a sentence scores by
   cosine similarity to the candidates' centroid (what most witnesses say), plus a bonus when
   it names the day itself, minus a penalty when it opens with a quotation (a statement, not
   an event) or carries a background marker of the pack ("since", "founded", ...). Questions
   and very short or very long sentences are not candidates. A sentence too similar to one
   already chosen for any day is skipped (non-redundancy across dates).

All constants live in ``TlsConfig`` and are the same for every collection: no per-topic
settings, and nothing from reference timelines is used at run time. How they were set (and
what was tried and dropped) is in ``eval/gold/README-tls.md``.

Timeline entries are extractive: each is one sentence, verbatim, with its citation
(article id + sentence index). The JSON export has **one entry per sentence**; several
entries can share a date.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from kronologi import pipeline
from kronologi.analyse import timex
from kronologi.export import to_contract
from kronologi.lang import topic
from kronologi.model import Article, RunResult

_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_WORD = re.compile(r"\w+")
_QUOTE_START = re.compile(r"^\s*[\"“'‘`]")


@dataclass(frozen=True, slots=True)
class TlsConfig:
    """The global settings of the method (one set for every collection)."""

    past_weight: float = 1.0  # a later article referring back to the day
    same_day_weight: float = 0.5  # an article referring to its own publication day
    future_weight: float = 0.3  # an article announcing the day in advance
    pub_weight: float = 0.3  # each article published on the day
    pub_next_weight: float = 0.3  # each article published the day after
    lead_sentences: int = 10  # opening sentences that stand for an article's publication day
    min_words: int = 6
    max_words: int = 60
    mention_bonus: float = 0.15  # the sentence names the day itself
    quote_penalty: float = 0.15  # starts with a quotation mark
    background_penalty: float = 0.1  # has a background marker ("since", "founded", ...)
    redundancy: float = 0.5  # max cosine to an already chosen sentence


@dataclass(frozen=True, slots=True)
class Entry:
    """One timeline sentence: its day, the text as the article has it, and where it is."""

    date: str
    text: str
    article: str
    sentence: int


@dataclass(frozen=True, slots=True)
class _Cand:
    article: int  # index into the article list
    sentence: int
    mentions_day: bool


def _day(value: str | None) -> date | None:
    if value is None or not _DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _published(a: Article) -> date | None:
    return _day(a.published.date) or _day(a.meta.date)


def sentence_days(a: Article) -> dict[int, set[date]]:
    """Sentence index -> the days its date expressions resolve to."""
    out: dict[int, set[date]] = defaultdict(set)
    for t in a.timexes:
        d = _day(t.value) if t.kind == "date" else None
        if d is not None:
            out[t.sentence].add(d)
    return out


def _mention_weight(day: date, pub: date | None, cfg: TlsConfig) -> float:
    if pub is None or day == pub:
        return cfg.same_day_weight
    if day > pub:
        return cfg.future_weight
    return cfg.past_weight


def _in_range(d: date, start: date | None, end: date | None) -> bool:
    return (start is None or d >= start) and (end is None or d <= end)


def rank_dates(articles: Sequence[Article], start: date | None = None, end: date | None = None,
               cfg: TlsConfig | None = None) -> list[tuple[date, float]]:
    """Days in ``[start, end]`` with their scores, best first (ties: earlier day first)."""
    cfg = cfg or TlsConfig()
    score: Counter[date] = Counter()
    for a in articles:
        pub = _published(a)
        days = {d for ds in sentence_days(a).values() for d in ds}
        for d in days:
            score[d] += _mention_weight(d, pub, cfg)
        if pub is not None:
            score[pub] += cfg.pub_weight
            score[pub - timedelta(days=1)] += cfg.pub_next_weight
    ranked = [(d, s) for d, s in score.items() if _in_range(d, start, end)]
    return sorted(ranked, key=lambda x: (-x[1], x[0]))


def _candidates(articles: Sequence[Article], cfg: TlsConfig) -> dict[date, list[_Cand]]:
    out: dict[date, list[_Cand]] = defaultdict(list)
    for ai, a in enumerate(articles):
        days = sentence_days(a)
        for si, ds in days.items():
            for d in ds:
                out[d].append(_Cand(ai, si, True))
        pub = _published(a)
        if pub is None:
            continue
        for s in a.sentences[: cfg.lead_sentences]:
            if s.i in days:
                continue
            for d in (pub, pub - timedelta(days=1)):
                out[d].append(_Cand(ai, s.i, False))
    return out


def _fit_ok(text: str, cfg: TlsConfig) -> bool:
    n = len(_WORD.findall(text))
    return cfg.min_words <= n <= cfg.max_words and not text.rstrip().endswith("?")


_MIN_DF_SENTENCES = 50  # below this, a word seen once is still worth a dimension


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The story stage's language data for the collection's main language."""

    stop_words: list[str] | None
    background: re.Pattern[str] | None


def _lexicon(articles: Sequence[Article]) -> _Lexicon:
    langs = Counter(a.language for a in articles)
    pack = topic(langs.most_common(1)[0][0], "stories") if langs else {}
    stop = pack.get("clustering", {}).get("stop_words") or None
    markers = pack.get("timeline", {}).get("background_markers") or []
    background = (re.compile(r"\b(?:" + "|".join(map(re.escape, markers)) + r")\b", re.I)
                  if markers else None)
    return _Lexicon(list(stop) if stop else None, background)


def _tfidf(texts: list[str], min_df: int, stop: list[str] | None) -> Any:
    """L2-normalised TF-IDF rows, or None when no word survives (e.g. only stop words)."""
    vec = TfidfVectorizer(stop_words=stop, sublinear_tf=True, min_df=min_df)
    try:
        return vec.fit_transform(texts)
    except ValueError:
        return None


class _Vectors:
    """TF-IDF rows (L2-normalised) for every sentence of the collection, fitted once."""

    def __init__(self, articles: Sequence[Article], stop: list[str] | None) -> None:
        self.index: dict[tuple[int, int], int] = {}
        texts: list[str] = []
        for ai, a in enumerate(articles):
            for s in a.sentences:
                self.index[(ai, s.i)] = len(texts)
                texts.append(s.text)
        self.matrix = _tfidf(texts, 2, stop) if len(texts) >= _MIN_DF_SENTENCES else None
        if self.matrix is None and texts:
            self.matrix = _tfidf(texts, 1, stop)

    def rows(self, keys: Sequence[tuple[int, int]]) -> Any:
        return self.matrix[[self.index[k] for k in keys]]


def _pick_sentences(articles: Sequence[Article], cands: list[_Cand], k: int, vectors: _Vectors,
                    chosen: list[Any], lex: _Lexicon, cfg: TlsConfig) -> list[_Cand]:
    """Up to ``k`` central, non-redundant candidates (``chosen`` gets the picked rows)."""
    seen: set[tuple[int, int]] = set()
    pool: list[_Cand] = []
    for c in sorted(cands, key=lambda c: not c.mentions_day):
        key = (c.article, c.sentence)
        if key in seen:
            continue
        seen.add(key)
        if _fit_ok(articles[c.article].sentences[c.sentence].text, cfg):
            pool.append(c)
    if not pool or vectors.matrix is None:
        return []
    rows = vectors.rows([(c.article, c.sentence) for c in pool])
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    sims = rows @ (centroid / norm) if norm else np.zeros(len(pool))
    scores = []
    for c, sim in zip(pool, np.asarray(sims).ravel(), strict=True):
        text = articles[c.article].sentences[c.sentence].text
        bonus = cfg.mention_bonus if c.mentions_day else 0.0
        penalty = cfg.quote_penalty if _QUOTE_START.match(text) else 0.0
        if lex.background is not None and lex.background.search(text):
            penalty += cfg.background_penalty
        scores.append(float(sim) + bonus - penalty)
    # similarity of every candidate to the sentences chosen for earlier days, in one product
    earlier = (np.asarray((rows @ sparse.vstack(chosen).T).max(axis=1).todense()).ravel()
               if chosen else np.zeros(len(pool)))
    picked: list[_Cand] = []
    mine: list[int] = []
    for i in np.argsort(-np.asarray(scores), kind="stable"):
        if earlier[i] > cfg.redundancy:
            continue
        if mine and (rows[mine] @ rows[int(i)].T).max() > cfg.redundancy:
            continue
        picked.append(pool[int(i)])
        mine.append(int(i))
        if len(picked) == k:
            break
    chosen.extend(rows[i] for i in mine)
    return picked


def build_timeline(articles: Sequence[Article], max_dates: int, sentences_per_date: int,
                   start: date | None = None, end: date | None = None,
                   cfg: TlsConfig | None = None) -> list[Entry]:
    """The timeline of one story: at most ``max_dates`` days, ``sentences_per_date`` each."""
    cfg = cfg or TlsConfig()
    if max_dates <= 0 or sentences_per_date <= 0:
        return []
    lex = _lexicon(articles)
    vectors = _Vectors(articles, lex.stop_words)
    cands = _candidates(articles, cfg)
    chosen: list[Any] = []
    days: list[tuple[date, list[_Cand]]] = []
    for d, _ in rank_dates(articles, start, end, cfg):
        picked = _pick_sentences(articles, cands.get(d, []), sentences_per_date, vectors,
                                 chosen, lex, cfg)
        if picked:
            days.append((d, picked))
        if len(days) == max_dates:
            break
    entries = []
    for d, picked in sorted(days, key=lambda x: x[0]):
        for c in picked:
            a = articles[c.article]
            entries.append(Entry(d.isoformat(), a.sentences[c.sentence].text, a.id, c.sentence))
    return entries


def story_record(articles: Sequence[Article], entries: Sequence[Entry],
                 story_id: str = "story-1", title: str | None = None) -> dict[str, Any]:
    """A story in the export contract's shape, with this timeline."""
    return {
        "id": story_id,
        "title": title or _title(articles),
        "articles": [a.id for a in articles],
        "developments": [],
        "timeline": [{"date": e.date, "text": e.text,
                      "citations": [{"article": e.article, "sentence": e.sentence}]}
                     for e in entries],
        "summary": [],
        "conflicts": [],
    }


def _title(articles: Sequence[Article]) -> str:
    titles = Counter(a.title for a in articles if a.title)
    return titles.most_common(1)[0][0] if titles else f"{len(articles)} articles"


def with_time(articles: Iterable[Article]) -> list[Article]:
    """Articles with the time stage applied (the pipeline may or may not have run it)."""
    return [a if a.timexes else timex.annotate(a) for a in articles]


def _iso(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _clustered(result: RunResult) -> list[tuple[dict[str, Any], list[Article]]]:
    """The story stage's stories (normal clustering) with their re-dated articles."""
    from kronologi.stories import build_full  # the package imports this module's siblings

    built = build_full(result.articles, result.entities)
    by_id = {a.id: a for a in built.articles}
    return [(rec, [by_id[i] for i in rec["articles"] if i in by_id]) for rec in built.stories]


def timeline_command(paths: Sequence[str | PathLike[str]], as_one_story: bool,
                     start: str | date | None, end: str | date | None, max_dates: int,
                     sentences_per_date: int, json_out: str | PathLike[str] | None
                     ) -> RunResult:
    """``kronologi timeline``: analyse ``paths``, build one timeline per story, export.

    With ``as_one_story`` every article forms one story (the benchmark setting: the topic is
    given); otherwise the story stage clusters them as usual and each of its stories gets
    this timeline in place of its own. Articles published outside ``[start, end]`` still
    count as witnesses of days inside it.
    """
    result = pipeline.run(paths)
    result.articles = with_time(result.articles)
    lo, hi = _iso(start), _iso(end)
    if as_one_story:
        groups = [(story_record(result.articles, []), result.articles)]
    else:
        groups = _clustered(result)
    result.stories = []
    for record, arts in groups:
        entries = build_timeline(arts, max_dates, sentences_per_date, lo, hi) if arts else []
        result.stories.append({**record, "timeline": story_record(arts, entries)["timeline"]})
    if json_out is not None:
        Path(json_out).write_text(json.dumps(to_contract(result), ensure_ascii=False, indent=2)
                                  + "\n", encoding="utf-8")
    return result


__all__ = ["Entry", "TlsConfig", "build_timeline", "rank_dates", "story_record",
           "timeline_command", "with_time"]
