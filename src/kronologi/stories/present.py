"""Plain-text views of story records for the CLI and the Markdown report.

They read only the contract's story dicts (what ``build`` returns and the JSON export
holds), so the CLI can show stories from a fresh run or from a saved export alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

STORY_COLUMNS = ("id", "dates", "articles", "developments", "outlets", "title")
CITATION_ID_CHARS = 8


def _dates(story: Mapping[str, Any]) -> str:
    first, last = story.get("first"), story.get("last")
    if not first:
        return "?"
    return first if first == last else f"{first} – {last}"


def stories_table_rows(stories: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """One row per story, in the order of ``STORY_COLUMNS``."""
    return [
        (s["id"], _dates(s), str(len(s["articles"])), str(len(s["developments"])),
         ", ".join(s.get("outlets", [])), s["title"])
        for s in stories
    ]


def citation(c: Mapping[str, Any]) -> str:
    """``article-id-prefix#sentence``, the short form used in listings."""
    return f"{c['article'][:CITATION_ID_CHARS]}#{c['sentence']}"


def timeline_lines(story: Mapping[str, Any]) -> list[str]:
    """The story's timeline, one line per entry: date, text, citations."""
    return [
        f"{e['date']}  {e['text']}  [{', '.join(citation(c) for c in e['citations'])}]"
        for e in story["timeline"]
    ]


def story_markdown(story: Mapping[str, Any]) -> str:
    """A story as a Markdown section: developments, timeline, summary, conflicts."""
    out = [f"## {story['title']}", "",
           f"`{story['id']}` · {_dates(story)} · {len(story['articles'])} articles"
           f" · {', '.join(story.get('outlets', []))}", ""]
    if story["summary"]:
        out += ["### Summary", ""]
        out += [f"- {s['text']} [{', '.join(citation(c) for c in s['citations'])}]"
                for s in story["summary"]]
        out.append("")
    if story["developments"]:
        out += ["### Developments", ""]
        out += [f"- **{d['title']}** ({d.get('first') or '?'} – {d.get('last') or '?'}, "
                f"{len(d['articles'])} articles)" for d in story["developments"]]
        out.append("")
    if story["timeline"]:
        out += ["### Timeline", ""]
        out += [f"- {line}" for line in timeline_lines(story)]
        out.append("")
    if story["conflicts"]:
        out += ["### Conflicting claims", ""]
        for c in story["conflicts"]:
            out.append(f"- {c['about']}")
            out += [f"  - {cl['text']} [{', '.join(citation(x) for x in cl['citations'])}]"
                    for cl in c["claims"]]
        out.append("")
    if story.get("also_published_by"):
        out += ["### Also published by", ""]
        out += [f"- {d.get('outlet') or '?'}: `{d['article']}` (copy of `{d['copy_of']}`)"
                for d in story["also_published_by"]]
        out.append("")
    return "\n".join(out)
