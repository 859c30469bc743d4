"""Quotation frames: where quotations are, which sentences they bind, and who says them.

A sentence's *frame* is its words outside quotation marks. This module finds quotation spans
(joining quotations continued across paragraphs), groups sentences a quotation spans into one
unit, reads speaker phrases left and right of a speech verb, and attributes each direct
quotation ("…,” kata X", "X mengatakan, “…", "Menurut X, “…", "X: “…"). Why hand-written:
see ``kronologi.analyse.quotes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kronologi.analyse import quotes_marks
from kronologi.analyse.quotes_lexicon import Lexicon
from kronologi.analyse.quotes_names import Speaker, Tok, interpret, is_cap, is_name_token, tokens
from kronologi.model import Article, Sentence

FINAL = re.compile(r"[,.!?…]\s*$")
MIN_WORDS = 3  # shorter quoted text is a label or scare quote unless attributed as speech


@dataclass(slots=True)
class Direct:
    """A direct quotation candidate: its parts (absolute offsets, marks excluded)."""

    parts: list[tuple[int, int]]
    closed: bool

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(slots=True)
class Attr:
    """An attribution: who, with which verb, where (absolute offsets of the frame read)."""

    speaker: Speaker
    verb: str | None
    pos: int
    region: tuple[int, int]


@dataclass(slots=True)
class Found:
    sentence: int
    text: str
    direct: bool
    attr: Attr
    span: tuple[int, int]
    name: str | None = None


@dataclass(slots=True)
class Unit:
    """Consecutive sentences that a quotation binds together (normally one sentence)."""

    sentences: list[Sentence]
    toks: list[Tok] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)
    directs: list[Direct] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    def sentence_at(self, pos: int) -> Sentence:
        for s in self.sentences:
            if pos < s.end:
                return s
        return self.sentences[-1]


# --------------------------------------------------------------------------- quotations


def word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:-\w+)*", text))


def directs(article: Article) -> list[Direct]:
    """Quotation spans of the whole article. A quotation left open at a paragraph's end
    continues when the next paragraph opens with a quote mark (the newspaper convention);
    a chain whose last closing mark was forgotten still counts, a lone unclosed mark not."""
    out: list[Direct] = []
    offset = 0
    pending: Direct | None = None  # a quotation still open at the end of a paragraph
    for par in article.paragraphs:
        par_spans = quotes_marks.spans(par)
        for k, sp in enumerate(par_spans):
            part = (offset + sp.start, offset + sp.end)
            if pending is not None and k == 0 and quotes_marks.opens_paragraph(par):
                pending.parts.append(part)
                pending.closed = sp.closed
            else:
                if pending is not None and len(pending.parts) > 1:
                    out.append(pending)
                pending = Direct([part], sp.closed)
            if pending.closed:
                out.append(pending)
                pending = None
        if pending is not None and not par_spans:
            if len(pending.parts) > 1:
                out.append(pending)
            pending = None
        offset += len(par) + 2
    if pending is not None and len(pending.parts) > 1:
        out.append(pending)
    return out


def units(article: Article, directs: list[Direct]) -> list[Unit]:
    sentences = list(article.sentences)
    joined = [False] * len(sentences)
    for d in directs:
        for s_, e_ in d.parts:
            for k, s in enumerate(sentences[:-1]):
                if s.start <= s_ < s.end < e_ and sentences[k + 1].paragraph == s.paragraph:
                    joined[k] = True
    units: list[Unit] = []
    for k, s in enumerate(sentences):
        if k and joined[k - 1]:
            units[-1].sentences.append(s)
        else:
            units.append(Unit([s]))
    text = article.text
    by_start = sorted(directs, key=lambda d: d.start)
    for u in units:
        u.toks = tokens(text[u.start:u.end], u.start)
        spans = [(s_ - 1, e_ + 1) for d in by_start for s_, e_ in d.parts
                 if s_ < u.end and e_ > u.start]
        u.quoted = [any(a <= t.start < b for a, b in spans) for t in u.toks]
        u.directs = [d for d in by_start if u.start <= d.start < u.end]
    return units


# --------------------------------------------------------------------------- speakers


def is_word(t: Tok) -> bool:
    return t.text[:1].isalnum()


def speaker_right(toks: list[Tok], i: int, lex: Lexicon) -> tuple[Speaker, int] | None:
    """The speaker phrase starting at ``toks[i]`` ("Lavrov", "sang menteri", "saksi mata")."""
    if i < len(toks) and toks[i].text.lower() in lex.agent_markers:
        i += 1
    if i >= len(toks) or not is_word(toks[i]):
        return None
    first = toks[i].text
    low = first.lower()
    if low in lex.pronouns:
        return Speaker(anaphor="pronoun"), i + 1
    if low in lex.role_prefixes and i + 1 < len(toks) and not is_cap(toks[i + 1].text):
        j = i + 1
        while j < len(toks) and is_word(toks[j]) and not is_cap(toks[j].text) and \
                toks[j].text.lower() not in lex.boundaries and j - i <= 3:
            j += 1
        if j < len(toks) and is_cap(toks[j].text):
            return speaker_right(toks, j, lex)
        noun = toks[j - 1].text.lower()
        if noun in lex.person_roles:
            return Speaker(anaphor=noun), j
        return Speaker(" ".join(t.text for t in toks[i + 1:j])), j
    words: list[str] = []
    j = i
    seen_cap = False
    while j < len(toks) and len(words) < 12:
        t = toks[j].text
        if t == "," and words and j + 1 < len(toks) and is_cap(toks[j + 1].text) and (
            not interpret(words, lex).person or _apposed_name(toks, j + 1, words, lex)
        ):
            words.append(",")  # kept so the name after the comma can be told apart
            j += 1
            continue
        if not is_word(toks[j]):
            break
        if is_name_token(t, lex) and not (t.lower() in lex.boundaries and not seen_cap):
            seen_cap = True
        elif seen_cap or t.lower() in lex.boundaries or len(words) >= 4:
            break
        words.append(t)
        j += 1
    if not words:
        return None
    if not seen_cap and words[0].lower() not in lex.group_heads | lex.lower_roles:
        return None
    return interpret(words, lex), j


def _apposed_name(toks: list[Tok], k: int, words: list[str], lex: Lexicon) -> bool:
    """"Kepala BPBD Kudus, Muhammad Syaifudin, …": after a role phrase, a comma and a
    two-to-four-word capitalised name closed by a comma (or the clause end) is the person;
    the place before the comma is not."""
    if not interpret(words, lex).roles:
        return False
    n = 0
    while k + n < len(toks) and is_word(toks[k + n]) and is_cap(toks[k + n].text):
        n += 1
    closed = k + n >= len(toks) or not is_word(toks[k + n])
    return 2 <= n <= 4 and closed


def run_left(toks: list[Tok], j: int, lex: Lexicon, quoted: list[bool]) -> tuple[list[str], int]:
    """Words of the phrase ending at ``toks[j]`` going left, and the index before it."""
    words: list[str] = []
    while j >= 0 and not quoted[j] and is_word(toks[j]) and len(words) < 8:
        t = toks[j].text
        low = t.lower()
        joins_place = low in lex.place_prepositions and words and all(
            w in lex.place_words for w in words)
        if low in lex.boundaries and not is_cap(t) and not joins_place:
            break
        if t in lex.not_names and words and \
                low not in lex.role_prefixes | lex.group_heads:
            break
        words.insert(0, t)
        j -= 1
    return words, j


def as_subject(words: list[str], lex: Lexicon) -> Speaker | None:
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in lex.pronouns:
        return Speaker(anaphor="pronoun")
    has_cap = any(is_name_token(w, lex) for w in words)
    if not has_cap and words[0].lower() not in lex.group_heads | lex.role_prefixes:
        return None
    sp = interpret(words, lex)
    return sp if sp.name or sp.anaphor else None


def speaker_left(toks: list[Tok], i: int, lex: Lexicon, quoted: list[bool]) -> Speaker | None:
    """The subject of the verb at ``toks[i]``: "Dmitry Peskov mengatakan", "para pegiat
    mengatakan", "ia mengatakan", "Kevin Guthrie, director of …, said", "Analyst X of Y said"."""
    j = i - 1
    while j >= 0 and toks[j].text.lower() in lex.adverbs:
        j -= 1
    if j >= 0 and toks[j].text == ",":
        return _appositive(toks, j, lex, quoted)
    words, k = run_left(toks, j, lex, quoted)
    sp = as_subject(words, lex)
    if (sp is None or not sp.person) and k >= 0 and toks[k].text.lower() in {"of", "dari"}:
        before, _ = run_left(toks, k - 1, lex, quoted)
        person = as_subject(before, lex)
        if person and person.person:
            return person
    return sp


def _appositive(toks: list[Tok], comma: int, lex: Lexicon, quoted: list[bool],
                ) -> Speaker | None:
    """"A, B, said": B when it is a person's name, else A (the name before the first comma)."""
    words, k = run_left(toks, comma - 1, lex, quoted)
    inner = as_subject(words, lex)
    if inner and inner.person and k >= 0 and toks[k].text == ",":
        return inner
    while k >= 0 and toks[k].text != "," and not quoted[k] and k > comma - 25:
        k -= 1
    if k < 0 or toks[k].text != ",":
        return None
    words, _ = run_left(toks, k - 1, lex, quoted)
    outer = as_subject(words, lex)
    return outer if outer and (outer.person or outer.anaphor) else None


def _frame_end(u: Unit, i: int) -> int:
    """Index just past the frame segment starting at ``i`` (stops at a quotation)."""
    j = i
    while j < len(u.toks) and not u.quoted[j]:
        j += 1
    return j


def _attr_post(u: Unit, i: int, lex: Lexicon) -> Attr | None:
    """Attribution right after a quotation: "…,” kata Lavrov" / "…,” he said" / "…,” Kirby
    menegaskan"."""
    end = _frame_end(u, i)
    j = i
    while j < end and not is_word(u.toks[j]):
        j += 1
    if j >= end:
        return None
    region = (u.toks[i].start, u.toks[end - 1].end)
    low = u.toks[j].text.lower()
    if low in lex.nya:
        return Attr(Speaker(anaphor="pronoun"), lex.nya[low], u.toks[j].start, region)
    if low in lex.after:
        found = speaker_right(u.toks[:end], j + 1, lex)
        if found:
            return Attr(found[0], lex.after[low], u.toks[j].start, region)
    for k in range(j + 1, min(end, j + 10)):
        verb = u.toks[k].text.lower()
        if verb in lex.before:
            sp = speaker_left(u.toks, k, lex, u.quoted)
            if sp and (sp.name or sp.anaphor):
                return Attr(sp, lex.before[verb], u.toks[k].start, region)
            break
    return None


def _attr_pre(u: Unit, q_start: int, lex: Lexicon) -> Attr | None:
    """Attribution before a quotation: "Lavrov mengatakan, “…" / "Menurut X, “…" /
    "X kepada wartawan “…" / "X: “…" (and, for a partial quote, the reported clause)."""
    idx = [k for k, t in enumerate(u.toks) if t.end <= q_start and not u.quoted[k]]
    if not idx:
        return None
    region = (u.toks[idx[0]].start, u.toks[idx[-1]].end)
    for k in reversed(idx):
        low = u.toks[k].text.lower()
        if low in lex.before:
            sp = speaker_left(u.toks, k, lex, u.quoted)
            if sp:
                return Attr(sp, lex.before[low], u.toks[k].start, region)
        elif low in lex.after and (k == 0 or not is_word(u.toks[k - 1])
                                   or u.toks[k - 1].text.lower() in lex.adverbs):
            found = speaker_right(u.toks[: idx[-1] + 1], k + 1, lex)
            if found and found[0].name:
                return Attr(found[0], lex.after[low], u.toks[k].start, region)
        elif low in lex.nya:
            return Attr(Speaker(anaphor="pronoun"), lex.nya[low], u.toks[k].start, region)
    according = _according(u, idx, lex)
    if according:
        return according
    return _bare_name(u, idx, lex, region)


def _according(u: Unit, idx: list[int], lex: Lexicon) -> Attr | None:
    text = " ".join(u.toks[k].text.lower() for k in idx)
    for phrase in lex.according_pronoun:
        if f" {phrase} " in f" {text} ":
            pos = u.toks[idx[0]].start
            return Attr(Speaker(anaphor="pronoun"), according_lemma(lex), pos,
                         (pos, u.toks[idx[-1]].end))
    for n, k in enumerate(idx):
        if starts_according(u.toks, k, lex):
            width = len(lex.according[0].split()) if lex.according else 1
            found = speaker_right(u.toks[: idx[-1] + 1], k + width, lex)
            if found and (found[0].name or found[0].anaphor):
                pos = u.toks[idx[n]].start
                return Attr(found[0], according_lemma(lex), pos, (pos, u.toks[idx[-1]].end))
    return None


def according_lemma(lex: Lexicon) -> str | None:
    return lex.according[0] if lex.according else None


def starts_according(toks: list[Tok], k: int, lex: Lexicon) -> bool:
    for phrase in lex.according:
        words = phrase.split()
        if [t.text.lower() for t in toks[k:k + len(words)]] == words:
            return True
    return False


def _bare_name(u: Unit, idx: list[int], lex: Lexicon, region: tuple[int, int]) -> Attr | None:
    """"Cavusoglu kepada wartawan “…" or "Lavrov: “…": a name opening the frame, no verb."""
    words = [u.toks[k] for k in idx]
    if not words or len(words) > 12:
        return None
    ends_colon = words[-1].text == ":"
    to_press = any(t.text.lower() in {"kepada", "to", "told"} for t in words)
    if not (ends_colon or to_press):
        return None
    run: list[str] = []
    for t in words:
        if not is_word(t) or not (is_name_token(t.text, lex) or t.text.lower() in lex.role_words):
            break
        run.append(t.text)
    sp = interpret(run, lex) if run else None
    if sp and sp.name:
        return Attr(sp, None, words[0].start, region)
    return None


# --------------------------------------------------------------------------- direct quotes


def _direct_text(text: str, d: Direct) -> str:
    """The quoted words as written, with the punctuation before the closing mark."""
    return " ".join(text[s:e].strip() for s, e in d.parts).strip()


def _is_label(quoted: str) -> bool:
    """A scare quote or a title: short, or Title Case, with no sentence punctuation."""
    if FINAL.search(quoted):
        return False
    words = re.findall(r"\w+(?:[-'’]\w+)*", quoted)
    return len(words) < MIN_WORDS or all(w[:1].isupper() or w[:1].isdigit() for w in words)


def direct_quotes(u: Unit, units: list[Unit], text: str, lex: Lexicon) -> list[Found]:
    """Direct quotations starting in ``u`` with their attribution; a quotation split around
    its attribution ("“A,” kata X, “B.”") becomes one."""
    out: list[Found] = []
    previous_post: Attr | None = None
    for d in u.directs:
        raw = _direct_text(text, d)
        # a comma closing the quotation ("…,” kata X") belongs to the attribution
        quoted = raw.rstrip(",;:").rstrip()
        last = next((v for v in units if v.start <= d.end <= v.end), u)
        after = next((k for k, t in enumerate(last.toks) if t.start > d.end
                      and not last.quoted[k]), None)
        attr = _attr_post(last, after, lex) if after is not None else None
        from_post = attr is not None
        if attr is None:
            attr = _attr_pre(u, d.start - 1, lex)
            if attr and out and previous_post and attr.pos == previous_post.pos:
                first = out[-1]
                joined = f"{text[first.span[0]:first.span[1]].strip()} {quoted}"
                out[-1] = Found(first.sentence, joined, True, first.attr, (first.span[0], d.end))
                previous_post = None
                continue
        if _is_label(raw) and (attr is None or (word_count(raw) < MIN_WORDS
                                                and not FINAL.search(raw))):
            continue
        if attr is None:
            attr = Attr(Speaker(), None, d.start, (d.start, d.start))
        at_attr = len(d.parts) == 1 and attr.pos > d.end
        sent = u.sentence_at(attr.pos if at_attr else d.start)
        out.append(Found(sent.i, quoted, True, attr, (d.start, d.end)))
        previous_post = attr if from_post else None
    return out
