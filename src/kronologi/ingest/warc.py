"""WARC archives (``.warc``, ``.warc.gz``): the article pages inside a web crawl.

warcio streams the records (and handles per-record gzip and HTTP chunked/gzip transfer
encodings), so an archive of any size is read once, record by record. Only successful
(2xx) ``response`` records and ``resource`` records whose payload is HTML or plain text are
documents; requests, metadata, redirects, error pages, images, scripts and stylesheets are
part of every crawl and are passed over without a skip entry. The record's target URI is the
document's URL and is appended to the source (``crawl.warc.gz#https://...``), because record
numbers mean nothing to a reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from kronologi.ingest import html, text
from kronologi.ingest.checks import describe_error, too_large, too_large_unpacked
from kronologi.model import DocMeta, RawDoc, Skipped

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})


def iter_records(source: str, stream: IO[bytes], max_bytes: int) -> Iterator[RawDoc | Skipped]:
    """Every article record of an open WARC stream (plain or gzip)."""
    for number, record in enumerate(ArchiveIterator(stream), 1):
        kind = _payload_kind(record)
        if kind is None:
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI")
        rec_source = f"{source}#{uri or number}"
        length = int(record.rec_headers.get_header("Content-Length") or 0)
        if length > max_bytes:
            yield Skipped(rec_source, too_large(length, max_bytes, "record"))
            continue
        mime, charset = kind
        try:
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Skipped(rec_source, too_large_unpacked(max_bytes, "record"))
                continue
            if mime in _HTML_TYPES:
                yield html.parse(rec_source, data, fmt="warc", url=uri, declared=charset)
            else:
                meta = DocMeta(url=uri)
                yield text.parse(rec_source, data, fmt="warc", meta=meta, declared=charset)
        except Exception as exc:  # one bad record must not end the archive
            yield Skipped(rec_source, describe_error(exc))


def _payload_kind(record: ArcWarcRecord) -> tuple[str, str | None] | None:
    """(mime type, declared charset) of a document record, or None if it is not one."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    mime, charset = _split_content_type(content_type or "")
    if mime not in _HTML_TYPES and mime not in _TEXT_TYPES:
        return None
    return mime, charset


def _split_content_type(value: str) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` -> ("text/html", "ISO-8859-1")."""
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("'\"")
    return mime.strip().lower(), charset
