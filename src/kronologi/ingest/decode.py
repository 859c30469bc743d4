"""Bytes -> text: pick the encoding, then normalise the text every later stage relies on.

Order of evidence, strongest first:

1. a byte-order mark (it says exactly what the file is);
2. strict UTF-8 — by far the most common encoding today, and random legacy bytes almost
   never form valid UTF-8, so success is reliable; it also keeps charset-normalizer (the
   slow part) off the hot path;
3. a charset the document declares (HTML ``<meta charset>``, an HTTP ``Content-Type``),
   when Python knows it and the bytes decode under it;
4. charset-normalizer's guess.

Why not charset-normalizer alone: for short Latin-script text every single-byte code page
decodes the bytes and several score the same "chaos", so its first pick is often a Central
European or Baltic page (``crème`` read as ``crčme``). Our corpora are Indonesian and English,
whose legacy encoding is windows-1252 (browsers even read a ``latin-1`` label as
windows-1252, see the WHATWG Encoding Standard), so among candidates that fit equally well we
prefer the Western pages. A Cyrillic or Greek file still wins with its own page, because
there windows-1252 produces far more chaos.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Western code pages, preferred in this order when charset-normalizer finds them as good as
# its own first pick (names as charset-normalizer spells them).
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
# Labels that browsers decode as windows-1252 (WHATWG Encoding Standard).
_WINDOWS_1252_LABELS = frozenset({"iso8859-1", "ascii"})
_CHAOS_TOLERANCE = 0.01

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HEAD_BYTES = 4096  # the HTML spec requires the charset declaration in the first 1024 bytes

_LINE_BREAKS = re.compile(r"\r\n?")
_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


class Decoded(NamedTuple):
    """Decoded text and the canonical Python codec name it was read with (``utf-8``, ``cp1252``)."""

    text: str
    encoding: str


def has_bom(data: bytes) -> bool:
    """Whether ``data`` starts with a Unicode byte-order mark."""
    return data.startswith(tuple(bom for bom, _ in _BOMS))


def decode(data: bytes, declared: str | None = None) -> Decoded | None:
    """Decode ``data``; ``declared`` is a charset the container names. None: nothing fits."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            found = _try(data, codec)
            if found is not None:
                return found
            break
    found = _try(data, "utf-8")
    if found is not None:
        return found
    codec = canonical_codec(declared) if declared else None
    if codec is not None:
        for candidate in _declared_candidates(codec):
            found = _try(data, candidate)
            if found is not None:
                return found
    return _guess(data)


def canonical_codec(label: str) -> str | None:
    """Python's canonical codec name for a charset label, or None if Python has no such codec."""
    try:
        return codecs.lookup(label.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return None


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XHTML document declares in its head, if any."""
    head = data[:_HEAD_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def normalise(text: str) -> str:
    """NFC, ``\\n`` line ends, plain spaces for no-break spaces: one form for every stage."""
    text = _LINE_BREAKS.sub("\n", text).translate(_NO_BREAK_SPACES)
    return unicodedata.normalize("NFC", text)


def _declared_candidates(codec: str) -> tuple[str, ...]:
    if codec in _WINDOWS_1252_LABELS:
        return ("cp1252", codec)
    return (codec,)


def _try(data: bytes, codec: str) -> Decoded | None:
    try:
        return Decoded(data.decode(codec), codecs.lookup(codec).name)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes) -> Decoded | None:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for preferred in _PREFERRED:
        for match in matches:
            if match.chaos > best.chaos + _CHAOS_TOLERANCE:
                continue
            if preferred in match.could_be_from_charset:
                found = _try(data, preferred)
                if found is not None:
                    return found
    return Decoded(str(best), codecs.lookup(best.encoding).name)
