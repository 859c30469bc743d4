"""Exports: the JSON contract (fixed: other tools read it) and a Markdown report.

The JSON is deterministic — same input, byte-identical output — so runs can be diffed and
cached: articles keep input order, nothing time-dependent is written, keys keep one order.
Every top-level key of the contract is always present; stages not run give empty lists.
Extra fields beyond the contract (``kind``, ``confidence``, ``dateline`` …) are additions
the contract allows.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from kronologi.model import Article, Entity, RunResult, Skipped
from kronologi.stories import present

CONTRACT_KEYS = ("articles", "timexes", "entities", "quotes", "events", "stories", "skipped")


def article_record(a: Article) -> dict[str, Any]:
    """One article as the contract's ``articles`` entry (plus a few documented extras)."""
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "language": a.language,
        "published": {
            "date": a.published.date,
            "confidence": round(a.published.confidence, 3),
            "evidence": a.published.evidence,
        },
        "text": a.text,
        "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in a.removed],
        "sentences": [{"i": s.i, "text": s.text} for s in a.sentences],
        "url": a.url,
        "record_id": a.meta.record_id,
        "dateline": a.dateline,
        "author": a.author,
        "title_evidence": a.title_evidence,
        "outlet_evidence": a.outlet_evidence,
        "repairs": [{"before": r.before, "after": r.after, "reason": r.reason} for r in a.repairs],
    }


def _timexes(a: Article) -> list[dict[str, Any]]:
    return [
        {
            "article": a.id,
            "sentence": t.sentence,
            "text": t.text,
            "value": t.value,
            "anchor": t.anchor,
            "kind": t.kind,
            "confidence": round(t.confidence, 3),
        }
        for t in a.timexes
    ]


def _quotes(a: Article) -> list[dict[str, Any]]:
    return [
        {
            "article": a.id,
            "sentence": q.sentence,
            "text": q.text,
            "direct": q.direct,
            "speaker": {"name": q.speaker, "entity": q.speaker_entity},
            "verb": q.verb,
            "relay": q.relay,
            "date": q.date,
        }
        for q in a.quotes
    ]


def _events(a: Article) -> list[dict[str, Any]]:
    return [
        {
            "article": a.id,
            "sentence": e.sentence,
            "date": e.date,
            "actor": e.actor,
            "action": e.action,
            "target": e.target,
        }
        for e in a.events
    ]


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "mentions": e.mentions,
        "stands_for": e.stands_for,
    }


def to_contract(result: RunResult) -> dict[str, Any]:
    """The export contract as a Python dict (see docs/ARCHITECTURE.md and DESIGN.md)."""
    arts = result.articles
    return {
        "articles": [article_record(a) for a in arts],
        "timexes": [t for a in arts for t in _timexes(a)],
        "entities": [_entity(e) for e in result.entities],
        "quotes": [q for a in arts for q in _quotes(a)],
        "events": [e for a in arts for e in _events(a)],
        "stories": list(result.stories),
        "skipped": [{"source": s.source, "reason": s.reason} for s in result.skipped],
    }


def to_json(result: RunResult) -> str:
    """Deterministic JSON text of the contract (UTF-8, two-space indent, trailing newline)."""
    return json.dumps(to_contract(result), ensure_ascii=False, indent=2) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_skipped(skipped: list[Skipped]) -> list[str]:
    if not skipped:
        return []
    lines = ["## Skipped inputs", "", "| source | reason |", "|---|---|"]
    lines += [f"| `{_md_escape(s.source)}` | {_md_escape(s.reason)} |" for s in skipped]
    return [*lines, ""]


def to_markdown(result: RunResult) -> str:
    """A readable report: the stories (timeline, summary, conflicts, each line cited), then
    one section per article with what cleaning removed and why."""
    arts = result.articles
    outlets = sorted({a.outlet for a in arts if a.outlet})
    out = [
        "# kronologi report",
        "",
        f"{len(arts)} articles from {len(outlets)} outlets; {len(result.skipped)} inputs skipped.",
        "",
    ]
    if arts:
        out += [
            "| # | title | outlet | published | sentences | removed |",
            "|---|---|---|---|---|---|",
        ]
        for n, a in enumerate(arts, 1):
            out.append(
                f"| {n} | {_md_escape(a.title or '(untitled)')} | {a.outlet or '—'} | "
                f"{a.published.date or '—'} | {len(a.sentences)} | {len(a.removed)} |"
            )
        out.append("")
    if result.stories:
        out += [f"# Stories ({len(result.stories)})", ""]
        out += [present.story_markdown(story) for story in result.stories]
        out += ["# Articles", ""]
    for a in arts:
        out += [f"## {_md_escape(a.title or '(untitled)')}", ""]
        out.append(
            f"- id `{a.id}` · source `{a.source}` · outlet {a.outlet or '—'} "
            f"({a.outlet_evidence}) · language {a.language}"
        )
        out.append(
            f"- published {a.published.date or 'unknown'} "
            f"(confidence {a.published.confidence:.2f}; {a.published.evidence})"
        )
        if a.dateline:
            out.append(f"- dateline: {a.dateline}")
        reasons = Counter(r.reason for r in a.removed)
        if reasons:
            listed = ", ".join(f"{n} × {reason}" for reason, n in sorted(reasons.items()))
            out.append(f"- removed: {listed}")
        if a.repairs:
            out.append(
                "- repaired: " + ", ".join(f"“{r.before}” → “{r.after}”" for r in a.repairs)
            )
        if a.quotes:
            out += ["", "Quotes:", ""]
            for q in a.quotes:
                via = f", via {q.relay}" if q.relay else ""
                out.append(f"- **{q.speaker or 'unknown'}** ({q.verb or '—'}{via}): {q.text}")
        out += ["", f"> {a.paragraphs[0]}", ""]
    out += _md_skipped(result.skipped)
    return "\n".join(out).rstrip() + "\n"
