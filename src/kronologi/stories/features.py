"""What the story stage compares articles by: normalised terms and language-free anchors.

Two kinds of features, kept apart because they behave differently across languages:

* **terms** — lowercase words of the title and body without the language pack's stop words,
  Indonesian ones stemmed by PySastrawi ("pertemuan", "bertemu" → "temu"), so inflected
  forms of one word count as one. They only match within a language.
* **anchors** — what English and Indonesian reports of one story share: canonical entity ids
  from the alias stage (``e:``), the words of entity mentions (``n:marapi`` from "Gunung
  Marapi" and "Mount Marapi" alike), counts (``#:7000``) and letter-digit codes
  (``c:sj182`` from "SJ182", a flight, ship or case number). These carry the cross-lingual
  join.

News is written as an inverted pyramid: the title and the lead (first sentences) say what the
story is about, the body adds witnesses and background. So title and lead terms, and entities
named in the lead, count extra; and the person an article is plainly about (its
*protagonist*) is kept apart, for the clusterer to tell two stories with one cast apart.

Sastrawi is slow per call (dictionary look-ups and affix rules), so stems are cached per
word: news vocabulary is small compared with the number of tokens.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from kronologi.lang import topic
from kronologi.model import Article

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d])|(?<![\d.,])\d{3,}(?![\d.,])")
_CODE = re.compile(r"\b[^\W\d_]{1,4}-?\d{2,5}[^\W\d_]?\b")
_YEARS = (1900, 2100)
_MIN_LEN = 3
TITLE_WEIGHT = 2.0
ACTOR_WEIGHT = 3.0  # a person named counts this many times: shared actors mark a story
LEAD_SENTENCES = 2  # the lead (inverted pyramid) says what the story is about ...
LEAD_WEIGHT = 1.0  # ... so its terms and entities count this much extra
PROTAGONIST_MIN = 3  # lead-weighted mentions that make a person an article's protagonist ...
PROTAGONIST_LEAD = 1.5  # ... when named at least this many times as often as anyone else
CONFIDENT_DATE = 0.5  # publication dates below this (a year from a weekday alone) do not
# date a story; they still keep an article away from stories of another season


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The stem of a lowercase word: Sastrawi for Indonesian, the word itself otherwise."""
    if lang != "id" or "-" in word:
        return word
    return _stemmer().stem(word) or word


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The pack's clustering stop words (lowercase)."""
    pack = topic(lang if lang in ("id", "en") else "id", "stories")
    return frozenset(pack.get("clustering", {}).get("stop_words", ()))


def terms(text: str, lang: str) -> list[str]:
    """Normalised content terms of ``text``: lowercase, no stop words, stemmed."""
    stops = stop_words(lang)
    out = []
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if len(w) < _MIN_LEN or w in stops:
            continue
        s = stem(w, lang)
        if s not in stops and len(s) >= _MIN_LEN:
            out.append(s)
    return out


def mention_words(text: str, lang: str) -> list[str]:
    """Lowercase words of an entity mention ("Gunung Marapi" → gunung, marapi): the part of
    a name an English and an Indonesian report write alike."""
    stops = stop_words(lang)
    return [w for w in (x.lower() for x in _WORD.findall(text))
            if len(w) >= _MIN_LEN and w not in stops]


def numbers(text: str) -> list[str]:
    """Counts of three or more digits, thousands separators removed; years are left out
    (every story of a year shares them)."""
    found = (re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text))
    return [n for n in found if not (len(n) == 4 and _YEARS[0] <= int(n) <= _YEARS[1])]


def codes(text: str) -> list[str]:
    """Letter-digit identifiers ("SJ182", "KRI-402", "G20"), lowercase without hyphen: a
    flight, ship or case number names one story in every language."""
    return [c.group().lower().replace("-", "") for c in _CODE.finditer(text)]


def sublinear(counts: Counter[str]) -> dict[str, float]:
    """``1 + log tf`` weights, the usual damping of repeated words."""
    return {k: 1.0 + math.log(v) for k, v in counts.items() if v > 0}


def confident_date(article: Article) -> date | None:
    """The publication date when it rests on more than a weekday alone."""
    p = article.published
    if p.date and p.confidence >= CONFIDENT_DATE:
        return date.fromisoformat(p.date)
    return None


@dataclass(frozen=True, slots=True)
class Features:
    """One article as the clusterer sees it."""

    id: str
    language: str
    date: date | None  # confident publication date
    terms: dict[str, float]
    anchors: dict[str, float]
    approx: date | None = None  # any publication date, however weakly founded
    protagonist: str | None = None  # the person the article is about (``e:`` anchor), if any


def protagonist(article: Article) -> str | None:
    """The person an article is plainly about: named most (a lead mention counts twice), at
    least ``PROTAGONIST_MIN`` times and ``PROTAGONIST_LEAD`` times as often as the next one.
    A trial's defendant is; a prosecutor who appears in two trials is not."""
    counts: Counter[str] = Counter()
    for m in article.mentions:
        if m.entity and m.type == "PER":
            counts[m.entity] += 2 if m.sentence < LEAD_SENTENCES else 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    if not top or top[0][1] < PROTAGONIST_MIN:
        return None
    if len(top) > 1 and top[0][1] < PROTAGONIST_LEAD * top[1][1]:
        return None
    return "e:" + top[0][0]


def article_features(article: Article) -> Features:
    """Terms and anchors of an article (the title counts twice)."""
    lang = article.language if article.language in ("id", "en") else "id"
    title = article.title or ""
    body = " ".join(s.text for s in article.sentences) or article.text
    term_counts: Counter[str] = Counter(terms(body, lang))
    for t in terms(title, lang):
        term_counts[t] += TITLE_WEIGHT
    lead = " ".join(s.text for s in article.sentences[:LEAD_SENTENCES])
    for t in terms(lead, lang):
        term_counts[t] += LEAD_WEIGHT
    anchor_counts: Counter[str] = Counter()
    for m in article.mentions:
        if m.entity:
            weight = ACTOR_WEIGHT if m.type == "PER" else 1
            anchor_counts["e:" + m.entity] += weight * (
                1 + LEAD_WEIGHT if m.sentence < LEAD_SENTENCES else 1)
    anchor_counts.update("n:" + w for m in article.mentions for w in mention_words(m.text, lang))
    for text in (title, body):
        anchor_counts.update("#:" + n for n in numbers(text))
        anchor_counts.update("c:" + c for c in codes(text))
    return Features(
        id=article.id,
        language=lang,
        date=confident_date(article),
        terms=sublinear(term_counts),
        anchors=sublinear(anchor_counts),
        approx=date.fromisoformat(article.published.date) if article.published.date else None,
        protagonist=protagonist(article),
    )
