"""Plain-text documents, and the bytes -> checked text step every format shares.

``read_text`` is where an input stops being bytes: it applies the empty and binary checks and
the encoding decision in one place, so a ``.txt`` file, an HTML page and a WARC payload are
judged by the same rules and give the same skip reasons.
"""

from __future__ import annotations

from kronologi.ingest.checks import binary_kind
from kronologi.ingest.decode import Decoded, decode, has_bom, normalise
from kronologi.model import DocMeta, RawDoc, Skipped

EMPTY = "empty file"


def read_text(source: str, data: bytes, declared: str | None = None) -> Decoded | Skipped:
    """Decode ``data`` or say why it is not text; ``declared`` is a charset the source names."""
    if not data.strip():
        return Skipped(source, EMPTY)
    if not has_bom(data):
        kind = binary_kind(data)
        if kind is not None:
            return Skipped(source, f"binary file ({kind})")
    decoded = decode(data, declared)
    if decoded is None:
        return Skipped(source, "could not decode text: no encoding fits")
    return decoded


def parse(
    source: str,
    data: bytes,
    *,
    fmt: str = "txt",
    meta: DocMeta | None = None,
    declared: str | None = None,
) -> RawDoc | Skipped:
    """A plain-text document: the whole decoded file is the text."""
    decoded = read_text(source, data, declared)
    if isinstance(decoded, Skipped):
        return decoded
    text = normalise(decoded.text)
    if not text.strip():
        return Skipped(source, EMPTY)
    return RawDoc(
        source=source, text=text, fmt=fmt, meta=meta or DocMeta(), encoding=decoded.encoding
    )
