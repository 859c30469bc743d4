"""Sentence vectors within one story, shared by the timeline, summary and conflict finders.

Each sentence becomes a unit TF-IDF vector of its normalised terms plus the canonical entities
mentioned in it, the words of those mentions and its counts (the language-free part, which is
what an English and an Indonesian sentence are compared on), with document frequencies counted
over the story's sentences: within a story the actors everyone names ("Aleppo", "Rusia") weigh
little and the specific ones ("Roma", "Sheikh Saeed") weigh a lot, which is what tells two
happenings apart.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from kronologi.model import Article
from kronologi.stories.features import mention_words, numbers, terms

Key = tuple[str, int]  # (article id, sentence index)
_FREE = ("e:", "n:", "#:")


def _bag(article: Article, i: int, text: str) -> Counter[str]:
    lang = article.language if article.language in ("id", "en") else "id"
    bag: Counter[str] = Counter(terms(text, lang))
    mentions = [m for m in article.mentions if m.sentence == i]
    bag.update("e:" + m.entity for m in mentions if m.entity)
    bag.update("n:" + w for m in mentions for w in mention_words(m.text, lang))
    bag.update("#:" + n for n in numbers(text))
    return bag


def language_free(v: dict[str, float]) -> dict[str, float]:
    """The part of a sentence vector that two languages share (entities, names, counts),
    renormalised: what an English and an Indonesian sentence can be compared on."""
    part = {k: x for k, x in v.items() if k[:2] in _FREE}
    norm = math.sqrt(sum(x * x for x in part.values())) or 1.0
    return {k: x / norm for k, x in part.items()}


def sentence_vectors(articles: Sequence[Article]) -> dict[Key, dict[str, float]]:
    """Unit idf-weighted vectors of every sentence of ``articles``."""
    bags = {(a.id, s.i): _bag(a, s.i, s.text) for a in articles for s in a.sentences}
    df: Counter[str] = Counter(k for bag in bags.values() for k in bag)
    n = len(bags)
    out = {}
    for key, bag in bags.items():
        v = {k: (1 + math.log(c)) * (math.log((n + 1) / (df[k] + 1)) + 1) for k, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out[key] = {k: x / norm for k, x in v.items()}
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def centroid(vectors: Sequence[dict[str, float]]) -> dict[str, float]:
    """Unit mean of ``vectors``."""
    total: Counter[str] = Counter()
    for v in vectors:
        total.update(v)
    norm = math.sqrt(sum(x * x for x in total.values())) or 1.0
    return {k: x / norm for k, x in total.items()}
