"""Cleaning: a decoded crawl (RawDoc) becomes an Article — body paragraphs, title, outlet,
dateline — with every dropped line kept in ``removed`` with its reason and line number.

Why line rules and not only a boilerplate library: trafilatura (used at ingest for HTML)
removes page chrome, but crawled *text* arrives with the chrome already flattened into lines:
cookie banners, comment prompts, copyright and byline lines, photo captions printed twice,
agency credits alone on a line, English wire captions inside Indonesian articles. Those are
recognised line by line with patterns from the language packs (``lang/*/boilerplate.toml``),
plus three structural rules no pattern can express: a line printed more than once is a photo
caption; a line clearly in another language than the article is a foreign caption; a short
line that only names a byline ("Artikel ini ditulis oleh:") takes the name line after it.

Nothing is silently dropped: removed lines, repaired words and the evidence for title and
outlet are all recorded on the Article, so a reader can audit what cleaning did.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from kronologi import glue, langid
from kronologi.lang import SUPPORTED, topic
from kronologi.model import Article, DocMeta, Published, RawDoc, Removed, Repair, Skipped

# Boilerplate patterns are only tried on lines up to this many words: a long line is prose,
# and prose that happens to mention "cookie" or "hak cipta" must survive.
_MAX_BOILERPLATE_WORDS = 60
_MIN_BODY_WORDS = 25
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]$")
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Rules:
    """Compiled cleaning knowledge of all language packs (read-only, built once)."""

    line: tuple[tuple[str, re.Pattern[str]], ...]
    list_headers: tuple[tuple[str, re.Pattern[str]], ...]
    sections: frozenset[str]
    author_intro: tuple[re.Pattern[str], ...]
    copyright_strip: re.Pattern[str]
    datelines: dict[str, tuple[re.Pattern[str], ...]]
    outlets: dict[str, str]
    outlet_prefixes: dict[str, str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    line: list[tuple[str, re.Pattern[str]]] = []
    headers: list[tuple[str, re.Pattern[str]]] = []
    sections: set[str] = set()
    intro: list[re.Pattern[str]] = []
    strip: list[str] = []
    datelines: dict[str, tuple[re.Pattern[str], ...]] = {}
    outlets: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for lang in SUPPORTED:
        data = topic(lang, "boilerplate")
        for reason, patterns in data.get("line", {}).items():
            line.extend((reason, re.compile(p, re.IGNORECASE)) for p in patterns)
        for reason, patterns in data.get("list_header", {}).items():
            headers.extend((reason, re.compile(p, re.IGNORECASE)) for p in patterns)
        sections.update(label.lower() for label in data.get("section", {}).get("labels", []))
        intro.extend(re.compile(p, re.I) for p in data.get("author_intro", {}).get("patterns", []))
        strip.extend(data.get("copyright", {}).get("strip", []))
        datelines[lang] = tuple(re.compile(p) for p in topic(lang, "dateline").get("patterns", []))
        outlets.update(topic(lang, "outlets").get("names", {}))
        prefixes.update(topic(lang, "outlets").get("prefixes", {}))
    strip_alt = "|".join(re.escape(w) for w in sorted(strip, key=len, reverse=True))
    copyright_strip = re.compile(rf"{strip_alt}|\b(19|20)\d\d\b|[-–,:|]", re.IGNORECASE)
    return _Rules(
        line=tuple(line),
        list_headers=tuple(headers),
        sections=frozenset(sections),
        author_intro=tuple(intro),
        copyright_strip=copyright_strip,
        datelines=datelines,
        outlets=outlets,
        outlet_prefixes=prefixes,
    )


def article_id(text: str) -> str:
    """Stable id from content: same text (modulo whitespace and Unicode form) → same id."""
    norm = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _norm(line: str) -> str:
    return _SPACES.sub(" ", line).strip().lower()


def _word_count(line: str) -> int:
    return len(_WORDS.findall(line))


def _pattern_reason(rules: _Rules, line: str) -> str | None:
    if _word_count(line) > _MAX_BOILERPLATE_WORDS:
        return None
    for reason, pattern in rules.line:
        if pattern.search(line):
            return reason
    return None


def _looks_like_headline(line: str) -> bool:
    n = _word_count(line)
    return (2 <= n <= 25 and not line.rstrip().endswith((".", ",", ";", "”", '"'))) or (
        2 <= n <= 25 and line.rstrip().endswith("?")
    )


def _alone_in_block(line: _Line, lines: list[_Line]) -> bool:
    """A headline stands alone: no other kept line shares its blank-line separated block."""
    return not any(o.block == line.block and o is not line and o.reason is None for o in lines)


def _known_outlet(key: str) -> str | None:
    rules = _rules()
    if key in rules.outlets:
        return rules.outlets[key]
    for prefix, outlet in rules.outlet_prefixes.items():
        if key.startswith(prefix):
            return outlet
    return None


def _known(name: str) -> bool:
    return _known_outlet(name.strip().strip(".").lower()) is not None or name in set(
        _rules().outlets.values()
    )


def canonical_outlet(name: str) -> str:
    """The display form of an outlet name or domain ("kompas.com" → "Kompas.com")."""
    key = name.strip().strip(".").lower().removeprefix("www.")
    return _known_outlet(key) or name.strip().strip(".")


def _outlet_like(name: str) -> bool:
    key = name.strip().lower()
    return _known_outlet(key) is not None or bool(re.search(r"\.\w{2,4}$", key))


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = host.removeprefix("www.").removeprefix("m.")
    if not host:
        return None
    rules = _rules()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in rules.outlets:
            return rules.outlets[candidate]
    return host


@dataclass(slots=True)
class _Line:
    no: int  # 1-based line number in the decoded text
    text: str
    block: int  # index of the blank-line separated block
    reason: str | None = None


def _refine_caption(reason: str | None, line: str, repeated: bool, lang: str) -> str | None:
    """A caption or credit printed twice is a repeated caption; one in another language than
    the article is a foreign caption; anything else keeps the reason its pattern gave."""
    if reason is None or reason in ("photo-caption", "credit"):
        if line[:1] not in "\"“‘«'" and langid.is_foreign_line(line, lang):
            return "foreign-caption"
        if repeated and _word_count(line) <= _MAX_BOILERPLATE_WORDS:
            return "repeated-caption"
    return reason


def _classify(lines: list[_Line], lang: str, title_norm: str | None) -> None:
    """Set ``reason`` on every boilerplate line (in place; the lines are local to one doc)."""
    rules = _rules()
    counts = Counter(_norm(ln.text) for ln in lines)
    pending_author = False
    seen_body = False
    listing: tuple[str, int] | None = None  # (reason, block) of an open related-links list
    for ln in lines:
        norm = _norm(ln.text)
        pattern_reason = _pattern_reason(rules, ln.text)
        if listing and ln.block == listing[1] and not pattern_reason and _list_item(ln.text):
            ln.reason = listing[0]
            continue
        listing = None
        header = next((r for r, p in rules.list_headers if p.search(ln.text)), None)
        if header:
            ln.reason = header
            listing = (header, ln.block)
            continue
        if pending_author and _word_count(ln.text) <= 5 and not _SENTENCE_END.search(ln.text):
            ln.reason = "author"
            pending_author = False
            continue
        pending_author = False
        if any(p.search(ln.text) for p in rules.author_intro):
            ln.reason = "author"
            pending_author = True
            continue
        if not seen_body and norm in rules.sections:
            ln.reason = "section-label"
            continue
        repeated = counts[norm] > 1 and norm != title_norm
        reason = _refine_caption(pattern_reason, ln.text, repeated, lang)
        ln.reason = reason
        if reason is None and _word_count(ln.text) > 8:
            seen_body = True


def _body_like(line: str) -> bool:
    """A line of article prose: a dozen words or more, and a finished sentence in it."""
    return _word_count(line) >= 10 and bool(re.search(r"[.!?…\"”]", line))


def _date_like(line: str) -> bool:
    """A timestamp line of a page header ("Rabu, 11 Februari 2026 14:05 WIB")."""
    if _word_count(line) > 9:
        return False
    return bool(
        re.search(r"\b\d{1,2}[:.]\d{2}\b", line)  # a time of day
        or re.search(r"\b\d{1,2}\s*[/ -]\s*(\d{1,2}|[A-Za-z]{3,9})\s*[/ -]\s*\d{2,4}\b", line)
        or re.search(r"\b\d{4}-\d{2}-\d{2}\b", line)
        or re.search(r"\b\d+\s+\w+\s+(ago|lalu|yang lalu)$", line, re.IGNORECASE)
    )


def _name_like(line: str) -> bool:
    """A byline name (or names): 2–6 capitalised words, connectors allowed, no digits."""
    words = [w for w in re.split(r"[\s|,&/]+", line) if w]
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in line):
        return False
    connectors = {"dan", "and", "-", "–", "oleh", "by"}
    return all(w[:1].isupper() or w.lower() in connectors for w in words)


def _zones(lines: list[_Line], meta_title: str | None) -> _Line | None:
    """Page structure the line patterns cannot see: the header zone before the first prose
    line holds the headline, bylines and page furniture; the tail after the last prose line
    holds tag lists and footer links. Marks the headline line ``title`` and returns it; marks
    short non-prose lines of both zones (in place)."""
    kept = [ln for ln in lines if ln.reason is None]
    # a hard-wrapped paragraph is prose even when none of its lines is on its own
    wrapped = {
        i
        for i in range(1, len(kept))
        if kept[i].block == kept[i - 1].block and _continues(kept[i - 1].text, kept[i].text)
    }
    groups: list[list[int]] = []
    for i in range(len(kept)):
        if i in wrapped:
            groups[-1].append(i)
        else:
            groups.append([i])
    body = [
        i
        for group in groups
        if _body_like(" ".join(kept[j].text for j in group))
        for i in group
    ]
    if not body:
        return None
    head, tail = kept[: body[0]], kept[body[-1] + 1 :]
    title: _Line | None = None
    for ln in head:
        is_title = (
            _norm(ln.text) == _norm(meta_title)
            if meta_title
            else _looks_like_headline(ln.text) and _word_count(ln.text) >= 4
            and not _date_like(ln.text)
        )
        if title is None and is_title:
            title, ln.reason = ln, "title"
        elif title is None and _word_count(ln.text) <= 3 and not _date_like(ln.text):
            ln.reason = "section-label"
        elif title is not None and _name_like(ln.text):
            ln.reason = "author"
        elif title is not None and _word_count(ln.text) <= 4 and not _date_like(ln.text):
            ln.reason = "navigation"
    for ln in tail:
        if _word_count(ln.text) <= 6 and not _SENTENCE_END.search(ln.text):
            ln.reason = "navigation"
    return title


def _list_item(line: str) -> bool:
    """A related-headline or tag line: short, and not a finished sentence."""
    return _word_count(line) <= 15 and not line.rstrip().endswith((".", ",", ";", ":"))


def _split_dateline(first: str, lang: str) -> tuple[str | None, str | None, str]:
    """Split a leading dateline off the first paragraph: (place, outlet, rest of sentence)."""
    rules = _rules()
    order = [lang, *(code for code in SUPPORTED if code != lang)]
    for code in order:
        for pattern in rules.datelines.get(code, ()):
            m = pattern.match(first)
            if not m:
                continue
            groups = m.groupdict()
            place, outlet = groups.get("place"), groups.get("outlet")
            if outlet is not None and not _outlet_like(outlet):
                continue
            rest = first[m.end() :]
            if not rest[:1].isupper() and rest[:1] not in "\"“":
                continue
            return place, canonical_outlet(outlet) if outlet else None, rest
    return None, None, first


def _copyright_outlet(text: str) -> str | None:
    """The outlet a copyright line names: a known outlet or a domain in it, else the line
    without its legal phrases, years and company forms ("PT", "Tbk")."""
    low = text.lower()
    rules = _rules()
    known = [
        k
        for k in rules.outlets
        if len(k) > 3 and re.search(rf"(?<![\w.]){re.escape(k)}(?!\w)", low)
    ]
    if known:
        return rules.outlets[max(known, key=len)]
    domain = re.search(r"\b[a-z0-9-]+\.(?:com|co\.id|id|net|org|co)\b", low)
    if domain:
        return canonical_outlet(domain.group(0))
    first = re.split(r"(?<=\w{3})\.\s", text, maxsplit=1)[0]
    name = _SPACES.sub(" ", rules.copyright_strip.sub(" ", first)).strip(" .")
    name = re.sub(r"^(PT\.?|CV\.?)\s+|\s+(Tbk\.?|Ltd\.?|Inc\.?)$", "", name).strip()
    if not name or _word_count(name) > 5:
        return None
    return canonical_outlet(name)


def _continues(previous: str, line: str) -> bool:
    """A hard wrap: the previous line is long and unfinished and this one carries on
    (starts in lower case, or the previous broke after a comma or a lower-case word).
    Short header lines stacked without blank lines are separate elements, not a wrap."""
    if len(previous) < 45 or _SENTENCE_END.search(previous):
        return False
    return line[:1].islower() or previous[-1:] == "," or previous.split()[-1][:1].islower()


def _assemble(lines: list[_Line]) -> list[str]:
    """Join kept lines into paragraphs: blank lines separate; a line that continues an
    unfinished sentence (a hard-wrapped paragraph) is joined to the previous line."""
    paragraphs: list[str] = []
    last_block = -1
    for ln in lines:
        if ln.reason is not None:
            last_block = -1  # a removed line breaks the paragraph
            continue
        text = _SPACES.sub(" ", ln.text).strip()
        if paragraphs and ln.block == last_block and _continues(paragraphs[-1], text):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        last_block = ln.block
    return paragraphs


def _first_sentence_title(paragraph: str, max_words: int = 14) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", paragraph, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".")
    return " ".join(words[:max_words]).rstrip(",;:") + " …"


def clean(doc: RawDoc) -> Article | Skipped:
    """Clean one document. Returns a Skipped (with a one-line reason) for non-news input."""
    raw_lines = doc.text.split("\n")
    lines: list[_Line] = []
    block = 0
    for no, raw in enumerate(raw_lines, start=1):
        text = raw.strip()
        if not text:
            block += 1
            continue
        lines.append(_Line(no, text, block))
    if not lines:
        return Skipped(doc.source, "no text after decoding")

    total_words = sum(_word_count(ln.text) for ln in lines)
    if total_words < _MIN_BODY_WORDS:
        return Skipped(doc.source, f"not a news article: only {total_words} words of text")
    lang = langid.article_language(doc.text)
    if lang is None:
        return Skipped(doc.source, "unsupported language: neither Indonesian nor English")

    meta_title = doc.meta.title.strip() if doc.meta.title else None
    _classify(lines, lang, _norm(meta_title) if meta_title else None)
    title_line = _zones(lines, meta_title)
    title, title_evidence = None, "none"
    if meta_title:
        title, title_evidence = meta_title, "metadata"
    elif title_line is not None:
        title, title_evidence = title_line.text, f"headline line {title_line.no}"

    removed = tuple(
        Removed(ln.text, ln.reason, ln.no) for ln in lines if ln.reason not in (None, "title")
    )
    paragraphs = _assemble(lines)
    body_words = sum(_word_count(p) for p in paragraphs)
    if body_words < _MIN_BODY_WORDS:
        return Skipped(
            doc.source, f"not a news article: only {body_words} words of body text after cleaning"
        )

    place, dateline_outlet, rest = _split_dateline(paragraphs[0], lang)
    dateline = place
    paragraphs[0] = rest

    repairs: list[Repair] = []
    fixed: list[str] = []
    for par in paragraphs:
        text, found = glue.repair(par, lang)
        fixed.append(text)
        repairs.extend(found)

    if title is None:
        lead = next((p for p in fixed if _body_like(p)), fixed[0])
        title, title_evidence = _first_sentence_title(lead), "first sentence"

    outlet, outlet_evidence = _detect_outlet(doc.meta, removed, dateline_outlet)
    if outlet is None or (outlet_evidence.startswith("copyright") and not _known(outlet)):
        byline = next(
            (r for r in removed if r.reason == "author" and _known(r.text.strip().lower())),
            None,
        )
        if byline is not None:
            outlet, outlet_evidence = canonical_outlet(byline.text), f"byline line {byline.line}"
    published = (
        Published(doc.meta.date, 0.9, f"{doc.fmt} metadata") if doc.meta.date else Published()
    )
    return Article(
        id=article_id(doc.text),
        source=doc.source,
        language=lang,
        paragraphs=tuple(fixed),
        title=title,
        title_evidence=title_evidence,
        outlet=outlet,
        outlet_evidence=outlet_evidence,
        dateline=dateline,
        url=doc.meta.url,
        author=doc.meta.author or _author(removed),
        meta=doc.meta,
        removed=removed,
        repairs=tuple(repairs),
        published=published,
    )


def _detect_outlet(
    meta: DocMeta, removed: tuple[Removed, ...], dateline_outlet: str | None
) -> tuple[str | None, str]:
    """Outlet by strength of evidence: page metadata, the site's own copyright line, the URL,
    then the dateline (which may name the agency the story came from rather than the site)."""
    if meta.sitename:
        return canonical_outlet(meta.sitename), "metadata"
    for r in removed:
        if r.reason == "copyright":
            name = _copyright_outlet(r.text)
            if name:
                return name, f"copyright line {r.line}"
    from_url = _outlet_from_url(meta.url)
    if from_url:
        return from_url, "url"
    if dateline_outlet:
        return dateline_outlet, "dateline"
    return None, "none"


def _author(removed: tuple[Removed, ...]) -> str | None:
    """The byline name, from an author line "Penulis: X" or the name line after an intro."""
    names = [r.text for r in removed if r.reason == "author"]
    for text in names:
        if ":" in text and text.split(":", 1)[1].strip():
            return text.split(":", 1)[1].strip()
    for text in names:
        if not any(p.search(text) for p in _rules().author_intro):
            return text
    return None
