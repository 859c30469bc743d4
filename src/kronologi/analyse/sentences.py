"""Indonesian-aware sentence splitting.

Why hand-written: no offline Indonesian splitter exists (pysbd has English rules only and is
slow; spaCy's sentencizer splits at every period, including "Jl." and "Mayjen."). The rules
kronologi needs are few and language data carries the rest:

* a boundary is sentence-final punctuation, optional closing quotes/brackets, whitespace, and
  then something that can start a sentence (capital, digit, opening quote or bracket);
* a period after a listed abbreviation ("Jl.", "dll.", "Prof.") or a one-letter initial
  ("J. Kerry") is not a boundary; decimals and thousands ("7.000", "3,5") never are, since
  they have no whitespace after the period;
* no boundary inside a quotation that closes within the same paragraph, so a multi-sentence
  quote stays in one sentence with its attribution ("..., kata Lavrov") — the quotes stage
  relies on that; an unbalanced quote mark is ignored rather than swallowing the paragraph;
* paragraphs always end sentences.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from kronologi.lang import topic
from kronologi.model import Article, Sentence

_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_OPEN_CLOSE = {"“": "”", "«": "»"}
_TOKEN_BEFORE = re.compile(r"(\S+?)[.!?…]+[\"”’»)\]]*$")


@cache
def _abbreviations(lang: str) -> frozenset[str]:
    words: set[str] = set()
    for code in (lang, "id", "en"):
        try:
            words.update(topic(code, "sentences").get("abbreviations", []))
        except KeyError:
            continue
    return frozenset(words)


def _quote_spans(par: str) -> list[tuple[int, int]]:
    """Character spans of quotations that open and close inside ``par``.

    Curly and guillemet quotes pair by direction; straight double quotes pair in order.
    A paragraph with an odd number of straight quotes has its straight quotes ignored.
    """
    spans: list[tuple[int, int]] = []
    for opener, closer in _OPEN_CLOSE.items():
        start = -1
        for i, ch in enumerate(par):
            if ch == opener and start < 0:
                start = i
            elif ch == closer and start >= 0:
                spans.append((start, i))
                start = -1
    straight = [i for i, ch in enumerate(par) if ch == '"']
    if len(straight) % 2 == 0:
        spans.extend(zip(straight[::2], straight[1::2], strict=True))
    return spans


def _is_abbreviation(chunk: str, abbreviations: frozenset[str]) -> bool:
    m = _TOKEN_BEFORE.search(chunk)
    if not m:
        return False
    token = m.group(1).lstrip("(\"“‘")
    if not chunk.rstrip("\"”’»)]").endswith("."):
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "J. Kerry"
    return token in abbreviations


def split_paragraph(par: str, lang: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of one paragraph, whitespace trimmed."""
    abbreviations = _abbreviations(lang)
    quotes = _quote_spans(par)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(par):
        end = m.end()
        if any(qs < m.start() < qe and end <= qe for qs, qe in quotes):
            continue  # inside a quotation that closes later in this paragraph
        if _is_abbreviation(par[start:end], abbreviations):
            continue
        spans.append((start, end))
        start = end
        while start < len(par) and par[start].isspace():
            start += 1
    if start < len(par):
        spans.append((start, len(par)))
    return [(s, e) for s, e in ((s, len(par[:e].rstrip())) for s, e in spans) if e > s]


def split(paragraphs: tuple[str, ...] | list[str], lang: str) -> tuple[Sentence, ...]:
    """Split cleaned paragraphs into sentences with offsets into the joined article text."""
    out: list[Sentence] = []
    offset = 0
    for p_index, par in enumerate(paragraphs):
        for s, e in split_paragraph(par, lang):
            out.append(Sentence(len(out), par[s:e], offset + s, offset + e, p_index))
        offset += len(par) + 2  # paragraphs are joined by a blank line
    return tuple(out)


def annotate(article: Article) -> Article:
    """The sentence stage: fill ``article.sentences`` from its paragraphs."""
    return replace(article, sentences=split(article.paragraphs, article.language))
