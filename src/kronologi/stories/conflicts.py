"""Conflicting claims: one happening reported with different dates or counts.

Two kinds, both between *different* articles (one article contradicting itself is far more
often a misread expression than a real disagreement):

* **dates** — two timeline entries a few days apart whose sentences say the same thing
  (sentence cosine of terms and entities at least ``SAME_CLAIM``) and share a specific
  actor or place, while no article gives both dates (e.g. one outlet dates a meeting
  "kemarin" relative to Saturday 3/12, another quotes "3 Desember"); a date that only says
  when something was told ("…, kata Lavrov, Sabtu (3/12)") is no claim about the happening;
* **counts** — members of one timeline entry that give different numbers for the same
  count noun from the pack ("1.200 jiwa" / "1.500 jiwa").

Each claim cites its sentences, so a reader sees both sides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from kronologi.lang import topic
from kronologi.stories.features import stem
from kronologi.stories.sentvec import Key, cosine
from kronologi.stories.timeline import Candidate, Entry, representative

SAME_CLAIM = 0.25
MAX_DAYS_APART = 7
_COUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d+))?\s+(\w+)(?:\s+(\w+))?")


@cache
def _count_pack(lang: str) -> tuple[frozenset[str], dict[str, int]]:
    pack = topic(lang if lang in ("id", "en") else "id", "stories")["conflicts"]
    return frozenset(pack["count_nouns"]), dict(pack["multipliers"])


def counts(text: str, lang: str) -> dict[str, int]:
    """Count noun (stemmed) -> number, for numbers written before a count noun."""
    nouns, multipliers = _count_pack(lang)
    out: dict[str, int] = {}
    for m in _COUNT.finditer(text):
        value = int(re.sub(r"[.,]", "", m.group(1)))
        noun, nxt = m.group(3).lower(), (m.group(4) or "").lower()
        if noun in multipliers:
            value *= multipliers[noun]
            noun = nxt
        key = stem(noun, lang)
        if noun in nouns or key in nouns:
            out.setdefault(key, value)
    return out


def _claim(members: Sequence[Candidate], text: str) -> dict[str, Any]:
    cites = sorted({(m.published, m.article, m.sentence) for m in members})
    return {"text": text, "citations": [{"article": a, "sentence": i} for _, a, i in cites]}


def _entities(vectors: Mapping[Key, dict[str, float]], members: Sequence[Candidate]) -> set[str]:
    return {k for m in members for k in vectors.get((m.article, m.sentence), {})
            if k.startswith("e:")}


def _happening(e: Entry) -> list[Candidate]:
    """Members dated by the happening itself, not by when someone spoke of it."""
    return [m for m in e.members if not m.said]


def _best_pair(a: Sequence[Candidate], b: Sequence[Candidate],
               vectors: Mapping[Key, dict[str, float]]) -> float:
    return max((cosine(vectors.get((x.article, x.sentence), {}),
                       vectors.get((y.article, y.sentence), {})) for x in a for y in b),
               default=0.0)


def date_conflicts(entries: Sequence[Entry], vectors: dict[Key, dict[str, float]],
                   names: Mapping[str, str], common: set[str]) -> list[dict[str, Any]]:
    """Entries on nearby days that report one happening from different articles.

    ``common`` holds entity keys (``e:<id>``) named by most of the story's articles; sharing
    only those does not make two sentences one happening.
    """
    out = []
    gives: dict[str, set[str]] = {}  # article -> dates it reports happenings on
    for e in entries:
        for m in _happening(e):
            gives.setdefault(m.article, set()).add(e.date)
    ordered = sorted(entries, key=lambda e: e.date)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            days = (date.fromisoformat(b.date) - date.fromisoformat(a.date)).days
            if days > MAX_DAYS_APART:
                break
            ha, hb = _happening(a), _happening(b)
            if days == 0 or any(b.date in gives[m.article] for m in ha) or any(
                    a.date in gives[m.article] for m in hb):
                continue
            shared = (_entities(vectors, ha) & _entities(vectors, hb)) - common
            if not shared or _best_pair(ha, hb, vectors) < SAME_CLAIM:
                continue
            who = ", ".join(sorted(names.get(k[2:], k[2:]) for k in shared))
            out.append({
                "about": f"date: {a.date} or {b.date} ({who})",
                "kind": "date",
                "claims": [
                    {"date": e.date, **_claim(h, representative(Entry(e.date, h), vectors).text)}
                    for e, h in ((a, ha), (b, hb))
                ],
            })
    return out


def count_conflicts(entries: Sequence[Entry], languages: Mapping[str, str]
                    ) -> list[dict[str, Any]]:
    """Members of one entry giving different numbers for one count noun."""
    out = []
    for e in entries:
        found: dict[str, dict[int, list[Candidate]]] = {}
        for m in e.members:
            for noun, value in counts(m.text, languages.get(m.article, "id")).items():
                found.setdefault(noun, {}).setdefault(value, []).append(m)
        for noun, values in sorted(found.items()):
            arts = [{m.article for m in ms} for ms in values.values()]
            if len(values) < 2 or len(set().union(*arts)) < 2:
                continue
            out.append({
                "about": f"count of {noun} on {e.date}",
                "kind": "count",
                "claims": [{"value": v, **_claim(ms, ms[0].text)}
                           for v, ms in sorted(values.items())],
            })
    return out
