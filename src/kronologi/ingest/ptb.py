"""Undo Penn-Treebank tokenisation ("Jackson 's", "-LRB- DEA -RRB-", "`` quoted ''", "\\/").

Research dumps such as Timeline17 ship text already tokenised PTB-style. Every later stage
(sentence splitting, quotes, timexes, the text a user reads in a timeline) expects ordinary
prose, so such a record is turned back into it at ingest.

Why hand-written: the only library detokenisers (NLTK's ``TreebankWordDetokenizer``,
``sacremoses``) would add a dependency for about twenty substitutions, and both also rewrite
ordinary text in ways we do not want on crawled news. The rules below are the inverse of the
PTB conventions and nothing more; they are applied only to text that ``looks_ptb`` accepts.
"""

from __future__ import annotations

import re

_BRACKETS = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
}
_BRACKET_TOKEN = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-")
# Clitics PTB splits off the preceding word: "Jackson 's", "do n't", "they 're".
_CLITIC = re.compile(r"(?<=[\w.)\]]) (n't|'s|'S|'re|'ve|'ll|'d|'m|'RE|'VE|'LL|'D|'M|N'T)(?=\W|$)")
_SPACE_BEFORE = re.compile(r" +([,.;:!?%)\]}](?!\w))")
_SPACE_AFTER = re.compile(r"([(\[{$]) +")
_OPEN_DOUBLE = re.compile(r"``\s*")
_CLOSE_DOUBLE = re.compile(r"\s*''")
_OPEN_SINGLE = re.compile(r"(?:(?<=\s)|^)` *")
_CLOSE_SINGLE = re.compile(r"(?<=[\w.,!?]) '(?=\s|$)")
_ELLIPSIS = re.compile(r"\. \. \.")
_ESCAPED = re.compile(r"\\([/*])")  # PTB escapes "/" and "*" as "\/" and "\*"

# Detection: PTB puts a space before every comma and full stop, prose almost never does.
_SPACED_PUNCT = re.compile(r"\w [,.;:?!](?=\s|$)")
_ATTACHED_PUNCT = re.compile(r"\w[,;:?!](?=\s)|\w\.(?=\s+[A-Z])")
_PTB_MARK = re.compile(r"``|\w n't\b|\w 's\b")


def looks_ptb(text: str) -> bool:
    """True when ``text`` is PTB-tokenised.

    The exact rule, with *spaced* = word, space, then one of ``, . ; : ? !`` (followed by a space
    or the end of a line) and *attached* = the same marks glued to the word before them:
    a bracket token (``-LRB-``, ``-RRB-``, ``-LSB-``, ``-RSB-``, ``-LCB-``, ``-RCB-``: never
    in prose); or spaced ≥ 1 and attached = 0; or spaced ≥ 2 and a PTB token (````` `` `````,
    "`` n't``", "`` 's``"); or spaced ≥ 3 and spaced > 5 × attached. Prose glues its
    punctuation to the word before, so it fails all of these.
    """
    if _BRACKET_TOKEN.search(text):
        return True
    spaced = len(_SPACED_PUNCT.findall(text))
    attached = len(_ATTACHED_PUNCT.findall(text))
    if spaced >= 1 and attached == 0:
        return True
    if spaced >= 2 and _PTB_MARK.search(text):
        return True
    return spaced >= 3 and spaced > 5 * attached


def detokenize(text: str) -> str:
    """Ordinary prose from PTB-tokenised ``text``; line breaks are kept as they are."""
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    trailing = line[len(line.rstrip()):]
    out = _BRACKET_TOKEN.sub(lambda m: _BRACKETS[m.group(0)], line.rstrip())
    out = _ELLIPSIS.sub("...", out)
    out = _ESCAPED.sub(r"\1", out)
    out = _OPEN_DOUBLE.sub('"', out)
    out = _CLOSE_DOUBLE.sub('"', out)
    out = _OPEN_SINGLE.sub("'", out)
    out = _CLITIC.sub(r"\1", out)
    out = _CLOSE_SINGLE.sub("'", out)
    out = _SPACE_BEFORE.sub(r"\1", out)
    out = _SPACE_AFTER.sub(r"\1", out)
    return out + trailing
