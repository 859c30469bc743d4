"""Cleaning: a decoded crawl (RawDoc) becomes an Article — body paragraphs, title, outlet,
dateline — with every dropped line kept in ``removed`` with its reason and line number.

The order of the steps matters:

1. boilerplate patterns and page structure (``kronologi.boilerplate``), which need no
   language, so that the article's language is judged on what is left — a long English
   caption printed twice must not make an Indonesian article "English";
2. the language, from each distinct kept line once; then captions in the other language;
3. page zones and the headline; paragraphs (hard-wrapped lines joined); the dateline split
   off the first paragraph; glued words repaired;
4. title, outlet and byline from the strongest evidence available.

Nothing is silently dropped: removed lines, repaired words and the evidence for title and
outlet are all recorded on the Article, so a reader can audit what cleaning did.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from kronologi import boilerplate, glue, langid, outlets
from kronologi.boilerplate import Line
from kronologi.lang import SUPPORTED, topic
from kronologi.model import Article, DocMeta, Published, RawDoc, Removed, Repair, Skipped

_MIN_BODY_WORDS = 25
_SPACES = re.compile(r"\s+")


def article_id(text: str) -> str:
    """Stable id from content: same text (modulo whitespace and Unicode form) → same id."""
    norm = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _words(n: int) -> str:
    return f"{n} word" if n == 1 else f"{n} words"


@cache
def _datelines(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in topic(lang, "dateline").get("patterns", []))


def _split_dateline(first: str, lang: str) -> tuple[str | None, str | None, str]:
    """Split a leading dateline off the first paragraph: (place, outlet, rest of sentence).
    The article's own language's forms are tried first."""
    for code in [lang, *(c for c in SUPPORTED if c != lang)]:
        for pattern in _datelines(code):
            m = pattern.match(first)
            if not m:
                continue
            place, outlet = m.groupdict().get("place"), m.groupdict().get("outlet")
            if outlet is not None and not outlets.outlet_like(outlet):
                continue
            rest = first[m.end() :]
            if not rest[:1].isupper() and rest[:1] not in "\"“":
                continue
            return place, outlets.canonical(outlet) if outlet else None, rest
    return None, None, first


def _assemble(lines: list[Line]) -> list[str]:
    """Join kept lines into paragraphs: blank lines and removed lines separate; a hard-wrapped
    line is joined to the previous one."""
    paragraphs: list[str] = []
    last_block = -1
    for ln in lines:
        if ln.reason is not None:
            last_block = -1
            continue
        text = _SPACES.sub(" ", ln.text).strip()
        if paragraphs and ln.block == last_block and boilerplate.continues(paragraphs[-1], text):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        last_block = ln.block
    return paragraphs


def _first_sentence_title(paragraph: str, max_words: int = 14) -> str:
    """A stand-in title for a page without a headline: the lead's first sentence, cut short."""
    sentence = re.split(r"(?<=[.!?])\s+", paragraph, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".")
    return " ".join(words[:max_words]).rstrip(",;:") + " …"


def _language(lines: list[Line]) -> str | None:
    """The article's language from its kept lines, each distinct line counted once."""
    distinct = dict.fromkeys(boilerplate.norm(ln.text) for ln in lines if ln.reason is None)
    return langid.article_language(" ".join(distinct))


def clean(doc: RawDoc) -> Article | Skipped:
    """Clean one document. Returns a Skipped (with a one-line reason) for non-news input."""
    lines: list[Line] = []
    block = 0
    for no, raw in enumerate(doc.text.split("\n"), start=1):
        text = raw.strip()
        if not text:
            block += 1
            continue
        lines.append(Line(no, text, block))
    if not lines:
        return Skipped(doc.source, "no text after decoding")
    total_words = sum(boilerplate.word_count(ln.text) for ln in lines)
    if total_words < _MIN_BODY_WORDS:
        return Skipped(doc.source, f"not a news article: only {_words(total_words)} of text")

    meta_title = doc.meta.title.strip() if doc.meta.title else None
    boilerplate.classify(lines, boilerplate.norm(meta_title) if meta_title else None)
    lang = _language(lines)
    if lang is None:
        return Skipped(doc.source, "unsupported language: neither Indonesian nor English")
    boilerplate.mark_foreign(lines, lang)
    title_line = boilerplate.zones(lines, meta_title)

    removed = tuple(
        Removed(ln.text, ln.reason, ln.no) for ln in lines if ln.reason not in (None, "title")
    )
    paragraphs = _assemble(lines)
    body_words = sum(boilerplate.word_count(p) for p in paragraphs)
    if body_words < _MIN_BODY_WORDS:
        return Skipped(
            doc.source,
            f"not a news article: only {_words(body_words)} of body text after cleaning",
        )
    place, dateline_outlet, paragraphs[0] = _split_dateline(paragraphs[0], lang)

    repairs: list[Repair] = []
    fixed: list[str] = []
    for par in paragraphs:
        text, found = glue.repair(par, lang)
        fixed.append(text)
        repairs.extend(found)

    if meta_title:
        title, title_evidence = meta_title, "metadata"
    elif title_line is not None:
        title, title_evidence = title_line.text, f"headline line {title_line.no}"
    else:
        lead = next((p for p in fixed if boilerplate.body_like(p)), fixed[0])
        title, title_evidence = _first_sentence_title(lead), "first sentence"

    outlet, outlet_evidence = _detect_outlet(doc.meta, removed, dateline_outlet)
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
        dateline=place,
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
    """Outlet by strength of evidence: page metadata; a known outlet named by the copyright
    line or a byline; the URL; the dateline (which may name the agency the story came from
    rather than the site); last, whatever name the copyright line gives."""
    if meta.sitename:
        return outlets.canonical(meta.sitename), "metadata"
    unknown: tuple[str, str] | None = None
    for r in removed:
        if r.reason == "copyright" and (name := outlets.from_copyright(r.text)):
            if outlets.known(name):
                return name, f"copyright line {r.line}"
            unknown = unknown or (name, f"copyright line {r.line}")
    for r in removed:
        if r.reason == "author" and outlets.known(r.text):
            return outlets.canonical(r.text), f"byline line {r.line}"
    from_url = outlets.from_url(meta.url)
    if from_url:
        return from_url, "url"
    if dateline_outlet:
        return dateline_outlet, "dateline"
    return unknown or (None, "none")


def _author(removed: tuple[Removed, ...]) -> str | None:
    """The byline name, from an author line "Penulis: X" or the name line after an intro."""
    names = [r.text for r in removed if r.reason == "author"]
    for text in names:
        if ":" in text and text.split(":", 1)[1].strip():
            return text.split(":", 1)[1].strip()
    for text in names:
        if not boilerplate.is_author_intro(text):
            return text
    return None
