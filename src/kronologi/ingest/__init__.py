"""Ingest: turn the user's paths into decoded documents (``RawDoc``) or clear skips.

Formats: plain text, HTML (trafilatura), JSON Lines, WARC, and gzip-compressed variants of
each. One module per source kind; ``files`` walks the paths and dispatches. Ingest only reads
and decodes: duplicate detection, language detection and cleaning belong to later stages.
"""

from kronologi.ingest.files import DEFAULT_MAX_BYTES, iter_docs

__all__ = ["DEFAULT_MAX_BYTES", "iter_docs"]
