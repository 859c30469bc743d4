"""Which lines of a crawled page are not the article, and why.

Why line rules and not only a boilerplate library: trafilatura (used at ingest for HTML)
removes page chrome, but crawled *text* arrives with the chrome already flattened into lines:
cookie banners, comment prompts, copyright and byline lines, photo captions printed twice,
agency credits alone on a line, English wire captions inside Indonesian articles. Those are
recognised in three passes:

1. patterns from the language packs (``lang/*/boilerplate.toml``), each under its removal
   reason, applied to short lines only (prose that mentions "cookie" must survive); lists
   introduced by a header ("Baca juga:", "Tags") and bylines introduced by a label line;
2. structure no pattern sees: a caption printed twice next to itself (every copy goes) or a
   paragraph repeated later (the later copies go); a short line clearly in another language
   than the article (a wire caption);
3. page zones: before the first prose line sit the headline, bylines and page furniture;
   after the last prose line, tag lists and footer links.

Each removed line keeps its reason, so the cleaner's work can be audited line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from kronologi import langid
from kronologi.lang import SUPPORTED, topic

# Patterns are tried only on lines up to this many words: a long line is prose.
MAX_WORDS = 60
# A caption in another language is short; a whole paragraph in English is left alone.
_MAX_FOREIGN_WORDS = 40
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]$")
_LIST_MARK = re.compile(r"^([-–•*·]|\d{1,2}[.)]|[a-z][.)])\s")
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
_QUOTES = "\"“‘«'"


@dataclass(slots=True)
class Line:
    """One non-empty line of the decoded input; ``reason`` is set when it is removed."""

    no: int  # 1-based line number in the decoded text
    text: str
    block: int  # index of the blank-line separated block
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class _Rules:
    """Compiled boilerplate knowledge of all language packs (read-only, built once)."""

    line: tuple[tuple[str, re.Pattern[str]], ...]
    # the same patterns per reason, for speed: the anchored ones (``^…``) joined into one
    # regex tried only at the line start, the others searched one by one
    by_reason: tuple[tuple[str, re.Pattern[str] | None, tuple[re.Pattern[str], ...]], ...]
    list_headers: tuple[tuple[str, re.Pattern[str]], ...]
    sections: frozenset[str]
    author_intro: tuple[re.Pattern[str], ...]
    relative_time: re.Pattern[str]
    connectors: frozenset[str]


@cache
def _rules() -> _Rules:
    line: list[tuple[str, re.Pattern[str]]] = []
    headers: list[tuple[str, re.Pattern[str]]] = []
    sections: set[str] = set()
    intro: list[re.Pattern[str]] = []
    relative: list[str] = []
    connectors: set[str] = set()
    for lang in SUPPORTED:
        data = topic(lang, "boilerplate")
        for reason, patterns in data.get("line", {}).items():
            line.extend((reason, re.compile(p, re.IGNORECASE)) for p in patterns)
        for reason, patterns in data.get("list_header", {}).items():
            headers.extend((reason, re.compile(p, re.IGNORECASE)) for p in patterns)
        sections.update(label.lower() for label in data.get("section", {}).get("labels", []))
        intro.extend(re.compile(p, re.I) for p in data.get("author_intro", {}).get("patterns", []))
        relative.extend(data.get("header", {}).get("relative_time", []))
        connectors.update(data.get("header", {}).get("byline_connectors", []))
    relative_alt = "|".join(re.escape(w) for w in sorted(relative, key=len, reverse=True))
    by_reason = []
    for reason in dict.fromkeys(r for r, _ in line):
        mine = [p.pattern for r, p in line if r == reason]
        anchored = "|".join(f"(?:{p[1:]})" for p in mine if p.startswith("^"))
        by_reason.append(
            (
                reason,
                re.compile(anchored, re.IGNORECASE) if anchored else None,
                tuple(re.compile(p, re.IGNORECASE) for p in mine if not p.startswith("^")),
            )
        )
    return _Rules(
        line=tuple(line),
        by_reason=tuple(by_reason),
        list_headers=tuple(headers),
        sections=frozenset(sections),
        author_intro=tuple(intro),
        relative_time=re.compile(rf"\b\d+\s+\w+\s+(?:{relative_alt})$", re.IGNORECASE),
        connectors=frozenset(connectors),
    )


def norm(line: str) -> str:
    """A line compared case- and space-insensitively."""
    return _SPACES.sub(" ", line).strip().lower()


def word_count(line: str) -> int:
    return len(_WORDS.findall(line))


def is_author_intro(line: str) -> bool:
    """A line that only announces a byline ("Artikel ini ditulis oleh:")."""
    return any(p.search(line) for p in _rules().author_intro)


def _pattern_reason(rules: _Rules, line: str) -> str | None:
    """The reason of the first pattern (in language-pack order) that matches a short line."""
    if word_count(line) > MAX_WORDS:
        return None
    for reason, anchored, others in rules.by_reason:
        if (anchored is not None and anchored.match(line)) or any(p.search(line) for p in others):
            return reason
    return None


def _list_item(line: str) -> bool:
    """A related-headline or tag line: short, and not a finished sentence."""
    return word_count(line) <= 15 and not line.rstrip().endswith((".", ",", ";", ":"))


def _repeats(lines: list[Line]) -> dict[int, str]:
    """Positions of repeated lines to remove. A line printed twice next to itself, or first
    printed before any prose, is a photo caption: every copy goes. A prose line printed again
    later (a crawl that doubled a paragraph) keeps its first copy."""
    where: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        where.setdefault(norm(ln.text), []).append(i)
    first_prose = next((i for i, ln in enumerate(lines) if body_like(ln.text)), len(lines))
    out: dict[int, str] = {}
    for positions in where.values():
        if len(positions) < 2 or word_count(lines[positions[0]].text) > MAX_WORDS:
            continue
        adjacent = all(b - a == 1 for a, b in pairwise(positions))
        keep_first = not adjacent and positions[0] >= first_prose and body_like(
            lines[positions[0]].text
        )
        for i in positions[1:] if keep_first else positions:
            out[i] = "repeated-caption"
    return out


def classify(lines: list[Line], title_norm: str | None) -> None:
    """Pass 1: set ``reason`` on pattern, list, byline, section and repeated lines (in place;
    the lines are local to one document). Language-independent, so it runs before the
    article's language is known."""
    rules = _rules()
    repeats = _repeats(lines)
    pending_author = False
    seen_body = False
    listing: tuple[str, int] | None = None  # (reason, block) of an open related-links list
    for i, ln in enumerate(lines):
        pattern_reason = _pattern_reason(rules, ln.text)
        if listing and ln.block == listing[1] and not pattern_reason and _list_item(ln.text):
            ln.reason = listing[0]
            continue
        listing = None
        header = next((r for r, p in rules.list_headers if p.search(ln.text)), None)
        if header:
            ln.reason, listing = header, (header, ln.block)
            continue
        if pending_author and word_count(ln.text) <= 5 and not _SENTENCE_END.search(ln.text):
            ln.reason, pending_author = "author", False
            continue
        pending_author = False
        if is_author_intro(ln.text):
            ln.reason, pending_author = "author", True
            continue
        if not seen_body and norm(ln.text) in rules.sections:
            ln.reason = "section-label"
            continue
        if i in repeats and pattern_reason in (None, "photo-caption", "credit"):
            pattern_reason = None if norm(ln.text) == title_norm else repeats[i]
        ln.reason = pattern_reason
        if pattern_reason is None and word_count(ln.text) > 8:
            seen_body = True


def mark_foreign(lines: list[Line], lang: str) -> None:
    """Pass 2: a short caption, credit or kept line clearly in another language than the
    article is a foreign caption (an English wire caption in an Indonesian article)."""
    for ln in lines:
        if ln.reason not in (None, "photo-caption", "credit", "repeated-caption"):
            continue
        if ln.text[:1] in _QUOTES:
            continue
        # a long line in the other language is a caption only if a credit marks it;
        # a whole paragraph in English inside an Indonesian article is content
        long_unmarked = (
            ln.reason is None
            and word_count(ln.text) > _MAX_FOREIGN_WORDS
            and not any(p.search(ln.text) for r, p in _rules().line if r == "photo-caption")
        )
        if long_unmarked:
            continue
        if langid.is_foreign_line(ln.text, lang):
            ln.reason = "foreign-caption"


def body_like(line: str) -> bool:
    """A line of article prose: ten words or more, and a sentence end in it."""
    return word_count(line) >= 10 and bool(re.search(r"[.!?…\"”]", line))


def headline_like(line: str) -> bool:
    """A headline: 4–25 words, not ending like a sentence (a question is fine)."""
    n = word_count(line)
    return 4 <= n <= 25 and not line.rstrip().endswith((".", ",", ";", "”", '"'))


def date_like(line: str) -> bool:
    """A timestamp line of a page header ("Rabu, 11 Februari 2026 14:05 WIB", "2 jam lalu")."""
    if word_count(line) > 9:
        return False
    return bool(
        re.search(r"\b\d{1,2}[:.]\d{2}\b", line)  # a time of day
        or re.search(r"\b\d{1,2}\s*[/ -]\s*(\d{1,2}|[A-Za-z]{3,9})\s*[/ -]\s*\d{2,4}\b", line)
        or re.search(r"\b\d{4}-\d{2}-\d{2}\b", line)
        or _rules().relative_time.search(line)
    )


def _name_like(line: str) -> bool:
    """A byline name (or names): 2–6 capitalised words, connectors allowed, no digits."""
    words = [w for w in re.split(r"[\s,/]+", line) if w]
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in line):
        return False
    connectors = _rules().connectors
    return all(w[:1].isupper() or w.lower() in connectors for w in words)


def continues(previous: str, line: str) -> bool:
    """A hard wrap: the previous line is long and unfinished and this one carries on
    (starts in lower case, or the previous broke after a comma or a lower-case word).
    Short header lines stacked without blank lines are separate elements, not a wrap."""
    if len(previous) < 45 or _SENTENCE_END.search(previous):
        return False
    return line[:1].islower() or previous[-1:] == "," or previous.split()[-1][:1].islower()


def _prose_span(kept: list[Line]) -> tuple[int, int] | None:
    """Index of the first and last kept line that belongs to prose. A hard-wrapped paragraph
    is prose even when none of its lines is on its own."""
    groups: list[list[int]] = []
    for i, ln in enumerate(kept):
        wrapped = i and ln.block == kept[i - 1].block and continues(kept[i - 1].text, ln.text)
        if wrapped:
            groups[-1].append(i)
        else:
            groups.append([i])
    prose = [g for g in groups if body_like(" ".join(kept[j].text for j in g))]
    return (prose[0][0], prose[-1][-1]) if prose else None


def zones(lines: list[Line], meta_title: str | None) -> Line | None:
    """Pass 3: the header zone before the first prose line holds the headline, bylines and
    page furniture; the tail after the last prose line holds tag lists and footer links.
    Marks the headline line ``title`` and returns it; marks short non-prose lines of both
    zones (in place). Dates stay: they are evidence of the publication date."""
    kept = [ln for ln in lines if ln.reason is None]
    span = _prose_span(kept)
    if span is None:
        return None
    title: Line | None = None
    for ln in kept[: span[0]]:
        if meta_title is not None:
            is_title = norm(ln.text) == norm(meta_title)
        else:
            is_title = headline_like(ln.text) and not date_like(ln.text)
        if title is None and is_title:
            title, ln.reason = ln, "title"
        elif date_like(ln.text):
            continue
        elif title is None and word_count(ln.text) <= 3:
            ln.reason = "section-label"
        elif title is not None and _name_like(ln.text):
            ln.reason = "author"
        elif title is not None and word_count(ln.text) <= 4:
            ln.reason = "navigation"
    for ln in kept[span[1] + 1 :]:
        short = word_count(ln.text) <= 6 and not _SENTENCE_END.search(ln.text)
        if short and not _LIST_MARK.match(ln.text):
            ln.reason = "navigation"
    return title

