"""Cheap checks that turn hopeless inputs into one clear skip reason before any parsing.

A crawl folder always holds stray images, PDFs and archives beside the articles. Reading
them as text would make charset-normalizer "succeed" on noise and hand the cleaner
megabytes of mojibake, so we look at the first bytes: known file signatures first (they name
the kind, which makes the reason useful), then NUL bytes and the share of control bytes.
``python-magic``/``filetype`` would name more formats, but the first needs libmagic and both
add a dependency for the handful of signatures a news crawl actually contains.
"""

from __future__ import annotations

GZIP_MAGIC = b"\x1f\x8b"

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
)
_WEBP = (b"RIFF", b"WEBP")

# Bytes that never occur in text: C0 controls except tab, LF, VT, FF, CR and ESC, plus DEL.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.05

MB = 1024 * 1024
_MAX_MESSAGE = 160  # parsers quote whole input lines in errors; a reason stays one short line


def binary_kind(data: bytes) -> str | None:
    """What binary thing ``data`` is ("PNG image", "NUL bytes"...), or None if it may be text.

    Call it after the byte-order-mark check: UTF-16/32 text is full of NUL bytes.
    """
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == _WEBP[0] and data[8:12] == _WEBP[1]:
        return "WebP image"
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return "contains NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        return f"{controls / len(sample):.0%} control characters"
    return None


def too_large(size: int, max_bytes: int, what: str = "file") -> str:
    """The skip reason for a ``size``-byte input (file or record) over the ``max_bytes`` limit."""
    return f"{what} too large ({size / MB:.1f} MB > {max_bytes / MB:.1f} MB limit)"


def too_large_unpacked(max_bytes: int, what: str = "file") -> str:
    """The skip reason for a compressed input that expands past the ``max_bytes`` limit."""
    return f"{what} too large (over the {max_bytes / MB:.1f} MB limit once decompressed)"


def describe_error(exc: BaseException) -> str:
    """One line naming an unexpected parser error: class and message, never a traceback."""
    message = " ".join(str(exc).split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
