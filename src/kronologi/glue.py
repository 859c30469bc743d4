"""Repair of glued words and shifted word boundaries in crawled text.

Crawls lose spaces at markup boundaries ("dikutip<a>Sputnik</a>" → "dikutipSputnik",
"untuk<br>mengirim" → "untukmengirim") and typists shift them ("melakukans erangan"). A
repair is made only when a frequency dictionary (wordfreq, which has Indonesian and English)
says the glued form is not a word and both repaired halves are common words; bound prefixes
and suffixes of the language (``lang/<code>/glue.toml``) are never split off. No library does
this for Indonesian (wordsegment and symspell ship English-only dictionaries), so it is here.

The frequency dictionary is loaded once per process and looked up directly (a dict access),
which keeps the cleaner fast; every repair is recorded so it can be reviewed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from wordfreq import get_frequency_dict

from kronologi.lang import topic
from kronologi.model import Repair

_CAMEL = re.compile(r"(?<![\w-])([a-z]{3,})([A-Z][a-z]{2,})(?![\w-])")
_LOWER = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_PAIR = re.compile(r"(?<![\w-])([a-z]{3,}) (?=([a-z]{3,})(?![\w-]))")


@dataclass(frozen=True, slots=True)
class _Rules:
    zipf: dict[str, float]
    min_zipf: float
    min_part: int
    min_token: int
    prefixes: frozenset[str]
    suffixes: frozenset[str]


@cache
def _rules(lang: str) -> _Rules:
    data = topic(lang, "glue")
    freqs = get_frequency_dict(lang)
    zipf = {w: math.log10(f) + 9 for w, f in freqs.items()}
    return _Rules(
        zipf=zipf,
        min_zipf=float(data.get("min_zipf", 3.3)),
        min_part=int(data.get("min_part", 3)),
        min_token=int(data.get("min_token", 8)),
        prefixes=frozenset(data.get("bound_prefixes", [])),
        suffixes=frozenset(data.get("bound_suffixes", [])),
    )


def _common(rules: _Rules, word: str) -> bool:
    return rules.zipf.get(word, 0.0) >= rules.min_zipf


def _best_split(rules: _Rules, token: str) -> tuple[str, str] | None:
    """The split of an unknown ``token`` into two common words, the most frequent pair."""
    best: tuple[float, str, str] | None = None
    for i in range(rules.min_part, len(token) - rules.min_part + 1):
        left, right = token[:i], token[i:]
        if left in rules.prefixes or right in rules.suffixes:
            continue
        if _common(rules, left) and _common(rules, right):
            score = min(rules.zipf[left], rules.zipf[right])
            if best is None or score > best[0]:
                best = (score, left, right)
    return (best[1], best[2]) if best else None


def repair(text: str, lang: str) -> tuple[str, list[Repair]]:
    """Return ``text`` with glued words split and shifted boundaries fixed, plus the repairs."""
    rules = _rules(lang)
    repairs: list[Repair] = []

    def camel(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if m.group(0).lower() in rules.zipf or not _common(rules, left):
            return m.group(0)
        repairs.append(Repair(m.group(0), f"{left} {right}", "glued words"))
        return f"{left} {right}"

    def lower(m: re.Match[str]) -> str:
        token = m.group(0)
        if len(token) < rules.min_token or token in rules.zipf:
            return token
        split = _best_split(rules, token)
        if split is None:
            return token
        fixed = " ".join(split)
        repairs.append(Repair(token, fixed, "glued words"))
        return fixed

    def shift(a: str, b: str) -> tuple[str, str] | None:
        if a in rules.zipf and b in rules.zipf:
            return None
        for k in (1, 2):
            for na, nb in ((a[:-k], a[-k:] + b), (a + b[:k], b[k:])):
                if (
                    len(na) >= rules.min_part
                    and len(nb) >= rules.min_part
                    and _common(rules, na)
                    and _common(rules, nb)
                ):
                    return na, nb
        return None

    text = _CAMEL.sub(camel, text)
    text = _LOWER.sub(lower, text)
    # Shifted boundaries: pairs overlap ("x melakukans erangan"), so walk them by hand.
    out: list[str] = []
    pos = 0
    for m in _PAIR.finditer(text):
        if m.start() < pos:
            continue
        a, b = m.group(1), m.group(2)
        fixed = shift(a, b)
        if fixed:
            out.append(text[pos : m.start()])
            out.append(f"{fixed[0]} {fixed[1]}")
            repairs.append(Repair(f"{a} {b}", " ".join(fixed), "shifted word boundary"))
            pos = m.end() + len(b)
    out.append(text[pos:])
    return "".join(out), repairs
