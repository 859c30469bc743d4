"""Walking the user's paths and sending each file to the reader for its kind.

This is the only place that touches the file system. It is also where every failure becomes a
``Skipped``: a folder of crawled articles always holds a few broken, binary or odd files, and
one of them must never end a run. So: ``stat`` before anything else (a missing path, a broken
symlink, a FIFO or device is reported without being opened: opening a FIFO would block), the
size limit from ``stat`` before reading, one read per file, and any unexpected parser error is
caught per file (or per record, inside the container readers) and reported as its class and
message.

Single-document files (``.txt``, ``.html``, ``.json``) must fit ``max_bytes``. A file with an
extension kronologi does not read (``.md``, ``.csv`` …) is skipped unless it is HTML inside;
a file without an extension is sniffed (HTML, else text), as crawlers often save pages so.
Containers (``.jsonl``, ``.warc``) are streamed, so the limit applies to each record instead of
the whole dump.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

from kronologi.ingest import html, jsonl, text, warc
from kronologi.ingest.checks import (
    GZIP_MAGIC,
    MB,
    binary_kind,
    describe_error,
    too_large,
    too_large_unpacked,
)
from kronologi.ingest.decode import has_bom
from kronologi.model import RawDoc, Skipped

DEFAULT_MAX_BYTES = 10 * MB

_KINDS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
}
# the file endings ingest reads (a ``.gz`` after any of them too): for callers that pick files
SUFFIXES = frozenset(_KINDS)
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)
_FILE_TYPES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def iter_docs(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDoc | Skipped]:
    """Every document under ``paths`` (files or folders, walked recursively), in order.

    Folders are walked in sorted name order, hidden entries (``.git``, ``.DS_Store``) left out.
    Each document's ``source`` is the path as given, joined with its place inside a folder, plus
    ``#<line>`` (JSONL) or ``#<target URI>`` (WARC) for records of a container. Nothing raises:
    every input that cannot become a document yields one ``Skipped`` with the reason.
    """
    for path in paths:
        yield from _iter_path(os.fspath(path), max_bytes, set())


def _iter_path(
    source: str, max_bytes: int, visited: set[tuple[int, int]]
) -> Iterator[RawDoc | Skipped]:
    try:
        info = os.stat(source)
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        yield Skipped(source, _cannot_read(source, exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _iter_dir(source, info, max_bytes, visited)
    elif stat.S_ISREG(info.st_mode):
        try:
            yield from _iter_file(source, info.st_size, max_bytes)
        except _GZIP_ERRORS as exc:
            yield Skipped(source, f"binary file (gzip data that fails to decompress: {exc})")
        except OSError as exc:
            yield Skipped(source, _cannot_read(source, exc))
        except Exception as exc:  # a parser bug must cost one file, not the run
            yield Skipped(source, describe_error(exc))
    else:
        kind = next((name for test, name in _FILE_TYPES if test(info.st_mode)), "of unknown type")
        yield Skipped(source, f"cannot read: not a regular file ({kind})")


def _iter_dir(
    source: str, info: os.stat_result, max_bytes: int, visited: set[tuple[int, int]]
) -> Iterator[RawDoc | Skipped]:
    key = (info.st_dev, info.st_ino)
    if key in visited:  # reached again through a symlink: read each folder once, never loop
        return
    visited.add(key)
    try:
        with os.scandir(source) as entries:
            names = sorted(entry.name for entry in entries if not entry.name.startswith("."))
    except OSError as exc:
        yield Skipped(source, _cannot_read(source, exc))
        return
    for name in names:
        yield from _iter_path(os.path.join(source, name), max_bytes, visited)


def _iter_file(source: str, size: int, max_bytes: int) -> Iterator[RawDoc | Skipped]:
    if size == 0:
        yield Skipped(source, text.EMPTY)
        return
    kind = _kind(source)
    if kind in ("jsonl", "warc"):
        with open(source, "rb") as raw:
            yield from _iter_container(source, kind, raw, max_bytes)
        return
    if size > max_bytes:
        yield Skipped(source, too_large(size, max_bytes))
        return
    with open(source, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew after stat
        yield Skipped(source, too_large(len(data), max_bytes))
        return
    if data.startswith(GZIP_MAGIC):
        unpacked = _gunzip(data, max_bytes)
        if unpacked is None:
            yield Skipped(source, too_large_unpacked(max_bytes))
            return
        data = unpacked
    if kind == "json":
        yield from jsonl.iter_json(source, data)
        return
    if kind is None:
        if html.looks_like_html(data):
            kind = "html"
        elif _extension(source):
            # a named type we do not read (.md, .csv, .py …) is not a crawled article
            what = binary_kind(data)
            ext = _extension(source)
            reason = f"binary file ({what})" if what else f"unsupported file type {ext}: not read"
            yield Skipped(source, reason)
            return
        else:
            kind = "txt"  # no extension: crawlers often save pages that way
    yield html.parse(source, data) if kind == "html" else text.parse(source, data)


def _iter_container(
    source: str, kind: str, raw: io.BufferedReader, max_bytes: int
) -> Iterator[RawDoc | Skipped]:
    head = raw.peek(8192)
    if kind == "warc":
        if not head.startswith((b"WARC/", GZIP_MAGIC)):
            what = binary_kind(head)
            yield Skipped(source, f"binary file ({what})" if what else "not a WARC file")
            return
        yield from warc.iter_records(source, raw, max_bytes)
        return
    stream: IO[bytes] = raw
    if head.startswith(GZIP_MAGIC):
        stream = gzip.GzipFile(fileobj=raw)
    elif not has_bom(head) and (what := binary_kind(head)) is not None:
        yield Skipped(source, f"binary file ({what})")
        return
    yield from jsonl.iter_records(source, stream, max_bytes)


def _extension(source: str) -> str:
    """The file's extension without a trailing ``.gz`` (``x.jsonl.gz`` -> ``.jsonl``)."""
    name = os.path.basename(source).lower().removesuffix(".gz")
    return os.path.splitext(name)[1]


def _kind(source: str) -> str | None:
    """The reader a file name asks for (``x.jsonl.gz`` -> jsonl); None if the name says nothing."""
    return _KINDS.get(_extension(source))


def _gunzip(data: bytes, max_bytes: int) -> bytes | None:
    """Decompress a whole gzip file (all members); None if it expands past ``max_bytes``."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
        out = unpacked.read(max_bytes + 1)
    return out if len(out) <= max_bytes else None


def _cannot_read(source: str, exc: OSError | ValueError) -> str:
    if os.path.islink(source) and not os.path.exists(source):
        return "cannot read: broken symlink (its target does not exist)"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {describe_error(exc)}"
