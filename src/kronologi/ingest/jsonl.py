"""JSON Lines dumps: one article object per line (Timeline17, crawler exports).

The file is streamed line by line (plain or gzip), so a dump of any size works; ``max_bytes``
bounds each line instead. Every line stands alone: a broken line becomes one ``Skipped`` for
``dump.jsonl#<line>`` and the rest go on. Blank lines are not records and are passed over.

Research dumps (Timeline17) hold Penn-Treebank-tokenised text ("Jackson 's", "-LRB-"); such
records are detokenised so that they read, and split into sentences, like any other text.

JSON text is UTF-8 by RFC 8259, so each line goes straight to ``json.loads`` as bytes; only a
line that is not UTF-8 (a legacy export) goes through the general decoder first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from kronologi.ingest import ptb
from kronologi.ingest.checks import too_large
from kronologi.ingest.decode import decode, normalise
from kronologi.ingest.text import EMPTY
from kronologi.model import DocMeta, RawDoc, Skipped

NO_TEXT = "JSONL record has no text"
_CHUNK = 1 << 16


def iter_records(source: str, stream: IO[bytes], max_bytes: int) -> Iterator[RawDoc | Skipped]:
    """Every record of an open binary JSONL stream; sources are ``<source>#<line number>``."""
    seen = False
    for number, line in enumerate(_lines(stream, max_bytes), 1):
        if isinstance(line, int):
            seen = True
            yield Skipped(f"{source}#{number}", too_large(line, max_bytes, "record"))
        elif line.strip():
            seen = True
            yield parse_line(f"{source}#{number}", line.strip().removeprefix(b"\xef\xbb\xbf"))
    if not seen:
        yield Skipped(source, EMPTY)


def _load(data: bytes) -> tuple[Any, str] | str:
    """Parsed JSON and the encoding it was read in, or the reason it could not be parsed."""
    try:
        try:
            return json.loads(data), "utf-8"
        except UnicodeDecodeError:
            decoded = decode(data)
            if decoded is None:
                return "could not decode text: no encoding fits"
            return json.loads(decoded.text), decoded.encoding
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def iter_json(source: str, data: bytes) -> Iterator[RawDoc | Skipped]:
    """A ``.json`` file: one article object, or a list of them (``source#<n>``, 1-based)."""
    loaded = _load(data.removeprefix(b"\xef\xbb\xbf"))
    if isinstance(loaded, str):
        yield Skipped(source, loaded)
        return
    value, encoding = loaded
    if isinstance(value, list):
        if not value:
            yield Skipped(source, "JSON list holds no articles")
        for n, record in enumerate(value, 1):
            yield _record(f"{source}#{n}", record, encoding)
    else:
        yield _record(source, value, encoding)


def parse_line(source: str, line: bytes) -> RawDoc | Skipped:
    """One JSONL line -> a document, or the reason it is not one."""
    loaded = _load(line)
    if isinstance(loaded, str):
        return Skipped(source, loaded.replace("(line 1, ", "("))
    return _record(source, *loaded)


def _record(source: str, record: Any, encoding: str) -> RawDoc | Skipped:
    """One decoded JSON record -> a document, or the reason it is not one."""
    if not isinstance(record, dict):
        return Skipped(source, f"JSONL record is not an object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(source, NO_TEXT)
    text = normalise(text)
    if ptb.looks_ptb(text):  # research dumps (Timeline17) ship tokenised text: "Jackson 's"
        text = ptb.detokenize(text)
    return RawDoc(
        source=source,
        text=text,
        fmt="jsonl",
        meta=_meta(record),
        encoding=encoding,
    )


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp ("2009-04-25", "2009-04-25T10:00Z")."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


def _meta(record: dict[str, Any]) -> DocMeta:
    url = _field(record.get("url"))
    sitename = None
    source = _field(record.get("source"))
    if source is not None:
        # "source" is a URL in some exports and the outlet's name in others.
        if source.startswith(("http://", "https://")):
            url = url or source
        else:
            sitename = source
    return DocMeta(
        title=_field(record.get("title")),
        url=url,
        date=iso_date(record.get("date")),
        sitename=sitename,
        author=_field(record.get("author")),
        record_id=_field(str(record["id"])) if record.get("id") is not None else None,
    )


def _field(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = normalise(value).strip()
    return value or None


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | int]:
    """Lines of ``stream``; a line over ``max_bytes`` is read past and given as its length."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
            if not line:
                break
            size += len(line)
        yield size
