"""HTML pages: main text and metadata through trafilatura, in a single extraction per page.

Why trafilatura: it is the best-evaluated open main-text extractor for news pages, and its
``bare_extraction`` returns text and metadata (title, canonical URL, publication date via
htmldate, site name, author) from one parse, so a page is parsed once.

Settings, and why:
- default (not ``fast``) mode: trafilatura compares its result with readability/jusText and
  keeps the better one, which rescues table- and ``<br>``-laid-out pages of older news sites;
  those would otherwise be lost entirely, whereas a stray menu line is removed by ``clean``.
- semantic page furniture (``<nav>``, ``<aside>``, page-level ``<header>``/``<footer>``,
  ARIA navigation/banner/contentinfo roles) is pruned before extraction. Without that, a page
  with no article (an index or error page) falls back to its menu text and passes as an
  article; with it, such a page yields nothing and is skipped.
- no comments, no tables (reader comments and tables are noise for a news timeline).

Paragraphs come out one per line, which is what ``clean`` expects.
"""

from __future__ import annotations

from trafilatura import bare_extraction

from kronologi.ingest.decode import html_declared_charset, normalise
from kronologi.ingest.text import read_text
from kronologi.model import DocMeta, RawDoc, Skipped

NO_TEXT = "no article text found in HTML"

_PRUNE = [
    "//nav",
    "//aside",
    "//header[not(ancestor::article)]",
    "//footer[not(ancestor::article)]",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo']",
]


def looks_like_html(data: bytes) -> bool:
    """Whether a file of unknown type starts like an HTML document."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def parse(
    source: str,
    data: bytes,
    *,
    fmt: str = "html",
    url: str | None = None,
    declared: str | None = None,
) -> RawDoc | Skipped:
    """One HTML page -> its article text and metadata.

    ``declared`` is a charset named outside the page (an HTTP header); it takes precedence
    over the page's own ``<meta charset>``, as in browsers. ``url`` (a WARC target URI) wins
    over the canonical URL the page names.
    """
    decoded = read_text(source, data, declared or html_declared_charset(data))
    if isinstance(decoded, Skipped):
        return decoded
    doc = bare_extraction(
        decoded.text,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        prune_xpath=_PRUNE,
    )
    text = normalise(doc.text).strip() if doc is not None and doc.text else ""
    if not text:
        return Skipped(source, NO_TEXT)
    meta = DocMeta(
        title=_field(doc.title),
        url=url or _field(doc.url),
        date=_field(doc.date),
        sitename=_field(doc.sitename),
        author=_field(doc.author),
    )
    return RawDoc(source=source, text=text, fmt=fmt, meta=meta, encoding=decoded.encoding)


def _field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = normalise(value).strip()
    return value or None
