"""Quotation spans in a paragraph, in every quote style news uses.

Why hand-written: quote pairing must know that ’ in "Russia’s" and ' in "Ma'ruf" are
apostrophes, that an unclosed quotation at the end of a paragraph continues when the next
paragraph opens again (the newspaper convention for multi-paragraph quotes), and that an
inner ‘…’ inside “…” belongs to the outer quote. No tokenizer on PyPI exposes that.
"""

from __future__ import annotations

from dataclasses import dataclass

_PAIRS = {"“": "”", "«": "»", "„": "”", "‘": "’", '"': '"', "'": "'"}
_OPEN_CONTEXT = " \t\n([{—–-/:;,"
_SINGLE = {"‘", "'"}


@dataclass(frozen=True, slots=True)
class Span:
    """One quotation in a paragraph: ``start``/``end`` bound the words inside the marks."""

    start: int  # first character after the opening mark
    end: int  # the closing mark's position (or the paragraph end when unclosed)
    closed: bool
    mark: str  # the opening mark


def _can_open(par: str, i: int) -> bool:
    ch = par[i]
    before_ok = i == 0 or par[i - 1] in _OPEN_CONTEXT or par[i - 1] in "“‘«"
    after_ok = i + 1 < len(par) and not par[i + 1].isspace()
    if ch in ('"', "'"):
        return before_ok and after_ok and (ch == '"' or par[i + 1].isalnum())
    return after_ok or ch in "“«„"


def _can_close(par: str, i: int, opener: str) -> bool:
    ch = par[i]
    if ch != _PAIRS[opener] and not (opener == "„" and ch == "“"):
        return False
    if opener in _SINGLE:
        after = par[i + 1] if i + 1 < len(par) else " "
        return not after.isalnum() and not par[i - 1].isspace()
    return True


def spans(par: str) -> list[Span]:
    """Outermost quotations of ``par`` in order; an unclosed one runs to the paragraph end."""
    out: list[Span] = []
    opener: str | None = None
    start = 0
    for i, ch in enumerate(par):
        if opener is None:
            if ch in _PAIRS and _can_open(par, i):
                opener, start = ch, i + 1
        elif _can_close(par, i, opener):
            out.append(Span(start, i, True, opener))
            opener = None
    if opener is not None and opener not in _SINGLE:
        out.append(Span(start, len(par), False, opener))
    return out


def opens_paragraph(par: str) -> bool:
    """True when ``par`` begins with an opening quotation mark (a continued quotation)."""
    stripped = par.lstrip()
    return bool(stripped) and stripped[0] in "“«„\""
