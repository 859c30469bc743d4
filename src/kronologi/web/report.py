"""Per-story exports: the JSON contract, CSV (timeline, quotes) and Markdown.

The JSON export is the package's export contract restricted to one story (its articles, their
timexes, quotes and events, and the story itself), produced by ``kronologi.export`` so the
file a reader downloads is the same shape other tools read. CSV and Markdown are flat views
of the resolved :class:`~kronologi.web.data.StoryView`; the standalone HTML report is a
template (``templates/report.html``) rendered by the app.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from kronologi.export import to_contract
from kronologi.model import Article, RunResult
from kronologi.web.data import Citation, StoryView

UNKNOWN = "unknown outlet"
TIMELINE_COLUMNS = ("date", "text", "citations", "outlets")
QUOTE_COLUMNS = (
    "speaker",
    "verb",
    "date",
    "direct",
    "relay",
    "outlet",
    "article",
    "sentence",
    "text",
)


def contract(story: dict[str, Any], articles: Sequence[Article]) -> dict[str, Any]:
    """The export contract holding one story and its articles."""
    return to_contract(RunResult(articles=list(articles), stories=[story]))


def to_json(story: dict[str, Any], articles: Sequence[Article]) -> str:
    """Deterministic JSON text of :func:`contract`."""
    return json.dumps(contract(story, articles), ensure_ascii=False, indent=2) + "\n"


def _cite_ids(cites: Sequence[Citation]) -> str:
    return "; ".join(f"{c.article}#{c.sentence}" for c in cites)


def _outlets(cites: Sequence[Citation]) -> str:
    return "; ".join(dict.fromkeys(c.outlet or "" for c in cites))


def _csv(header: Sequence[str], rows: list[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def timeline_csv(view: StoryView) -> str:
    """One row per timeline entry: date, text, cited ``article#sentence`` ids, outlets."""
    rows = [
        (date, entry.get("text", ""), _cite_ids(cites), _outlets(cites))
        for date, entries in view.timeline
        for entry, cites in entries
    ]
    return _csv(TIMELINE_COLUMNS, rows)


def quotes_csv(view: StoryView) -> str:
    """One row per quote, grouped by speaker as on the story page."""
    rows = [
        (
            speaker or "",
            q["verb"] or "",
            q["date"] or "",
            "yes" if q["direct"] else "no",
            q["relay"] or "",
            q["outlet"] or "",
            q["article"],
            q["sentence"],
            q["text"],
        )
        for speaker, quotes in view.quotes
        for q in quotes
    ]
    return _csv(QUOTE_COLUMNS, rows)


def _md(text: str | None) -> str:
    return (text or "").replace("\n", " ").replace("|", "\\|").strip()


def _md_cites(cites: Sequence[Citation]) -> str:
    if not cites:
        return ""
    parts = [f"{c.outlet or UNKNOWN} {c.published or ''} `{c.article}#{c.sentence}`" for c in cites]
    return " — " + "; ".join(p.replace("  ", " ") for p in parts)


def to_markdown(view: StoryView) -> str:
    """A readable story report: summary, timeline by date, quotes, sources, conflicts."""
    row = view.row
    span = f"{row.first} – {row.last}" if row.first and row.first != row.last else row.first
    out = [
        f"# {_md(row.title)}",
        "",
        f"{row.n_articles} articles from {row.n_outlets} outlets"
        + (f", {span}" if span else "")
        + ".",
        "",
    ]
    if view.summary:
        out += ["## Summary", ""]
        out += [f"- {_md(e.get('text'))}{_md_cites(c)}" for e, c in view.summary]
        out.append("")
    if view.timeline:
        out += ["## Timeline", ""]
        for date, entries in view.timeline:
            out += [f"### {date or 'undated'}", ""]
            out += [f"- {_md(e.get('text'))}{_md_cites(c)}" for e, c in entries]
            out.append("")
    if view.developments:
        out += ["## Developments", ""]
        out += [f"- {_md(d.get('title'))} ({len(arts)} articles)" for d, arts in view.developments]
        out.append("")
    if view.quotes:
        out += ["## Quotes by speaker", ""]
        for speaker, quotes in view.quotes:
            out += [f"### {_md(speaker) or 'unknown speaker'}", ""]
            for q in quotes:
                via = f", via {q['relay']}" if q["relay"] else ""
                where = f"{q['verb'] or '—'}{via}; {q['outlet'] or UNKNOWN}"
                out.append(f"- {q['date'] or 'undated'} ({where}): {_md(q['text'])}")
            out.append("")
    if view.sources:
        out += ["## Sources", "", "| outlet | articles | first report | last report |"]
        out.append("|---|---|---|---|")
        out += [
            f"| {_md(p.outlet) or UNKNOWN} | {len(p.articles)} | {p.first or '—'} "
            f"| {p.last or '—'} |"
            for p in view.sources
        ]
        out.append("")
    if view.conflicts:
        out += ["## Conflicting claims", ""]
        for about, claims in view.conflicts:
            out += [f"### {_md(about)}", ""]
            out += [f"- {_md(e.get('text'))}{_md_cites(c)}" for e, c in claims]
            out.append("")
    out += ["## Articles", "", "| id | published | outlet | title |", "|---|---|---|---|"]
    out += [
        f"| `{a.id}` | {a.published or '—'} | {_md(a.outlet) or '—'} | {_md(a.title)} |"
        for a in view.articles
    ]
    return "\n".join(out).rstrip() + "\n"
