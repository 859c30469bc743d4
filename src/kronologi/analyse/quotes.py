"""Quotes: direct and reported speech, its speaker, speech verb, relaying outlet and date.

Why rules and not a model: no labelled Indonesian quotation corpus exists offline, and news
attribution is formulaic — a quotation plus "kata X" / "X mengatakan" / "menurut X", a relay
such as "seperti dikutip Sputnik", a date such as "Rabu (14/12)". The rules read the language
data in ``lang/<code>/speech.toml`` (verbs by where their speaker stands, pronouns, relay
patterns), so the code holds no words of any language.

How: quotation spans come from the paragraphs (so quotes continued across paragraphs can be
joined); each sentence's *frame* (its words outside quotation marks) is read for attribution
of the direct quotes and for reported speech; speakers are read from name phrases and
resolved to the fullest name in the article, pronouns to the last fitting person named
before. The entities stage's PER mentions are used when present but are not required.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kronologi.analyse import quotes_marks
from kronologi.analyse.quotes_lexicon import Lexicon, lexicon
from kronologi.analyse.quotes_names import (
    Registry,
    Speaker,
    Tok,
    build_registry,
    interpret,
    is_cap,
    is_name_token,
    tokens,
)
from kronologi.model import Article, Quote, Sentence

_FINAL = re.compile(r"[,.!?…]\s*$")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUANTIFIERS = frozenset({"para", "beberapa", "seorang", "sejumlah", "some", "several"})
_MIN_WORDS = 3  # shorter quoted text is a label or scare quote unless attributed as speech


@dataclass(slots=True)
class _Direct:
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
class _Attr:
    """An attribution: who, with which verb, where (absolute offsets of the frame read)."""

    speaker: Speaker
    verb: str | None
    pos: int
    region: tuple[int, int]


@dataclass(slots=True)
class _Found:
    sentence: int
    text: str
    direct: bool
    attr: _Attr
    span: tuple[int, int]
    name: str | None = None


@dataclass(slots=True)
class _Unit:
    """Consecutive sentences that a quotation binds together (normally one sentence)."""

    sentences: list[Sentence]
    toks: list[Tok] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)
    directs: list[_Direct] = field(default_factory=list)

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


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:-\w+)*", text))


def _directs(article: Article) -> list[_Direct]:
    """Quotation spans of the whole article, multi-paragraph quotations joined."""
    out: list[_Direct] = []
    offset = 0
    pending: _Direct | None = None
    for par in article.paragraphs:
        par_spans = quotes_marks.spans(par)
        for k, sp in enumerate(par_spans):
            part = (offset + sp.start, offset + sp.end)
            if pending is not None and k == 0 and quotes_marks.opens_paragraph(par):
                pending.parts.append(part)
                pending.closed = sp.closed
            else:
                if pending is not None and pending.closed:
                    out.append(pending)
                pending = _Direct([part], sp.closed)
            if pending.closed:
                out.append(pending)
                pending = None
        if pending is not None and not par_spans:
            pending = None
        offset += len(par) + 2
    return [d for d in out if d.closed or len(d.parts) > 1]


def _units(article: Article, directs: list[_Direct]) -> list[_Unit]:
    sentences = list(article.sentences)
    joined = [False] * len(sentences)
    for d in directs:
        for s_, e_ in d.parts:
            for k, s in enumerate(sentences[:-1]):
                if s.start <= s_ < s.end < e_ and sentences[k + 1].paragraph == s.paragraph:
                    joined[k] = True
    units: list[_Unit] = []
    for k, s in enumerate(sentences):
        if k and joined[k - 1]:
            units[-1].sentences.append(s)
        else:
            units.append(_Unit([s]))
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


def _is_word(t: Tok) -> bool:
    return t.text[:1].isalnum()


def _speaker_right(toks: list[Tok], i: int, lex: Lexicon) -> tuple[Speaker, int] | None:
    """The speaker phrase starting at ``toks[i]`` ("Lavrov", "sang menteri", "saksi mata")."""
    if i < len(toks) and toks[i].text.lower() in lex.agent_markers:
        i += 1
    if i >= len(toks) or not _is_word(toks[i]):
        return None
    first = toks[i].text
    low = first.lower()
    if low in lex.pronouns:
        return Speaker(anaphor="pronoun"), i + 1
    if low in lex.role_prefixes and i + 1 < len(toks) and not is_cap(toks[i + 1].text):
        j = i + 1
        while j < len(toks) and _is_word(toks[j]) and not is_cap(toks[j].text) and \
                toks[j].text.lower() not in lex.boundaries and j - i <= 3:
            j += 1
        if j < len(toks) and is_cap(toks[j].text):
            return _speaker_right(toks, j, lex)
        noun = toks[j - 1].text.lower()
        if noun in lex.role_words | lex.lower_roles:
            return Speaker(anaphor=noun), j
        return Speaker(" ".join(t.text for t in toks[i + 1:j])), j
    words: list[str] = []
    j = i
    seen_cap = False
    while j < len(toks) and len(words) < 12:
        t = toks[j].text
        if t == "," and words and not interpret(words, lex).person and j + 1 < len(toks) \
                and is_cap(toks[j + 1].text):
            j += 1
            continue
        if not _is_word(toks[j]):
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


def _run_left(toks: list[Tok], j: int, lex: Lexicon, quoted: list[bool]) -> tuple[list[str], int]:
    """Words of the phrase ending at ``toks[j]`` going left, and the index before it."""
    words: list[str] = []
    while j >= 0 and not quoted[j] and _is_word(toks[j]) and len(words) < 8:
        t = toks[j].text
        low = t.lower()
        if low in lex.boundaries and not is_cap(t):
            if not (low in lex.place_prepositions and words
                    and all(w in lex.place_words for w in words)):
                break
        if low in lex.not_names and is_cap(t) and words and low not in lex.role_prefixes:
            break
        words.insert(0, t)
        j -= 1
    return words, j


def _as_subject(words: list[str], lex: Lexicon) -> Speaker | None:
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in lex.pronouns:
        return Speaker(anaphor="pronoun")
    has_cap = any(is_name_token(w, lex) for w in words)
    if not has_cap and words[0].lower() not in lex.group_heads | lex.role_prefixes:
        return None
    sp = interpret(words, lex)
    return sp if sp.name or sp.anaphor else None


def _speaker_left(toks: list[Tok], i: int, lex: Lexicon, quoted: list[bool]) -> Speaker | None:
    """The subject of the verb at ``toks[i]``: "Dmitry Peskov mengatakan", "para pegiat
    mengatakan", "ia mengatakan", "Kevin Guthrie, director of …, said", "Analyst X of Y said"."""
    j = i - 1
    while j >= 0 and toks[j].text.lower() in lex.adverbs:
        j -= 1
    if j >= 0 and toks[j].text == ",":
        return _appositive(toks, j, lex, quoted)
    words, k = _run_left(toks, j, lex, quoted)
    sp = _as_subject(words, lex)
    if (sp is None or not sp.person) and k >= 0 and toks[k].text.lower() in {"of", "dari"}:
        before, _ = _run_left(toks, k - 1, lex, quoted)
        person = _as_subject(before, lex)
        if person and person.person:
            return person
    return sp


def _appositive(toks: list[Tok], comma: int, lex: Lexicon, quoted: list[bool],
                ) -> Speaker | None:
    """"A, B, said": B when it is a person's name, else A (the name before the first comma)."""
    words, k = _run_left(toks, comma - 1, lex, quoted)
    inner = _as_subject(words, lex)
    if inner and inner.person and k >= 0 and toks[k].text == ",":
        return inner
    while k >= 0 and toks[k].text != "," and not quoted[k] and k > comma - 25:
        k -= 1
    if k < 0 or toks[k].text != ",":
        return None
    words, _ = _run_left(toks, k - 1, lex, quoted)
    outer = _as_subject(words, lex)
    return outer if outer and (outer.person or outer.anaphor) else None


def _frame_end(u: _Unit, i: int) -> int:
    """Index just past the frame segment starting at ``i`` (stops at a quotation)."""
    j = i
    while j < len(u.toks) and not u.quoted[j]:
        j += 1
    return j


def _attr_post(u: _Unit, i: int, lex: Lexicon) -> _Attr | None:
    """Attribution right after a quotation: "…,” kata Lavrov" / "…,” he said" / "…,” Kirby
    menegaskan"."""
    end = _frame_end(u, i)
    j = i
    while j < end and not _is_word(u.toks[j]):
        j += 1
    if j >= end:
        return None
    region = (u.toks[i].start, u.toks[end - 1].end)
    low = u.toks[j].text.lower()
    if low in lex.nya:
        return _Attr(Speaker(anaphor="pronoun"), lex.nya[low], u.toks[j].start, region)
    if low in lex.after:
        found = _speaker_right(u.toks[:end], j + 1, lex)
        if found:
            return _Attr(found[0], lex.after[low], u.toks[j].start, region)
    for k in range(j + 1, min(end, j + 10)):
        verb = u.toks[k].text.lower()
        if verb in lex.before:
            sp = _speaker_left(u.toks, k, lex, u.quoted)
            if sp and (sp.name or sp.anaphor):
                return _Attr(sp, lex.before[verb], u.toks[k].start, region)
            break
    return None


def _attr_pre(u: _Unit, q_start: int, lex: Lexicon) -> _Attr | None:
    """Attribution before a quotation: "Lavrov mengatakan, “…" / "Menurut X, “…" /
    "X kepada wartawan “…" / "X: “…" (and, for a partial quote, the reported clause)."""
    idx = [k for k, t in enumerate(u.toks) if t.end <= q_start and not u.quoted[k]]
    if not idx:
        return None
    region = (u.toks[idx[0]].start, u.toks[idx[-1]].end)
    for k in reversed(idx):
        low = u.toks[k].text.lower()
        if low in lex.before:
            sp = _speaker_left(u.toks, k, lex, u.quoted)
            if sp:
                return _Attr(sp, lex.before[low], u.toks[k].start, region)
        elif low in lex.after and (k == 0 or not _is_word(u.toks[k - 1])
                                   or u.toks[k - 1].text.lower() in lex.adverbs):
            found = _speaker_right(u.toks[: idx[-1] + 1], k + 1, lex)
            if found and found[0].name:
                return _Attr(found[0], lex.after[low], u.toks[k].start, region)
        elif low in lex.nya:
            return _Attr(Speaker(anaphor="pronoun"), lex.nya[low], u.toks[k].start, region)
    according = _according(u, idx, lex)
    if according:
        return according
    return _bare_name(u, idx, lex, region)


def _according(u: _Unit, idx: list[int], lex: Lexicon) -> _Attr | None:
    text = " ".join(u.toks[k].text.lower() for k in idx)
    for phrase in lex.according_pronoun:
        if f" {phrase} " in f" {text} ":
            pos = u.toks[idx[0]].start
            return _Attr(Speaker(anaphor="pronoun"), _according_lemma(lex), pos,
                         (pos, u.toks[idx[-1]].end))
    for n, k in enumerate(idx):
        if _starts_according(u.toks, k, lex):
            width = len(lex.according[0].split()) if lex.according else 1
            found = _speaker_right(u.toks[: idx[-1] + 1], k + width, lex)
            if found and (found[0].name or found[0].anaphor):
                pos = u.toks[idx[n]].start
                return _Attr(found[0], _according_lemma(lex), pos, (pos, u.toks[idx[-1]].end))
    return None


def _according_lemma(lex: Lexicon) -> str | None:
    return lex.according[0] if lex.according else None


def _starts_according(toks: list[Tok], k: int, lex: Lexicon) -> bool:
    for phrase in lex.according:
        words = phrase.split()
        if [t.text.lower() for t in toks[k:k + len(words)]] == words:
            return True
    return False


def _bare_name(u: _Unit, idx: list[int], lex: Lexicon, region: tuple[int, int]) -> _Attr | None:
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
        if not _is_word(t) or not (is_name_token(t.text, lex) or t.text.lower() in lex.role_words):
            break
        run.append(t.text)
    sp = interpret(run, lex) if run else None
    if sp and sp.name:
        return _Attr(sp, None, words[0].start, region)
    return None


# --------------------------------------------------------------------------- reported speech


def _clause_bounds(u: _Unit, i: int, sent: Sentence, lex: Lexicon) -> tuple[int, int] | None:
    """Token range of the reported clause after the verb at ``toks[i]``."""
    last = max((k for k, t in enumerate(u.toks) if t.end <= sent.end), default=i)
    j = i + 1
    for k in range(i + 1, min(last + 1, i + 12)):
        t = u.toks[k]
        if u.quoted[k] or t.text in ".!?":
            break
        if t.text.lower() in lex.complementizers:
            j = k + 1
            break
    while j <= last and u.toks[j].text in ",:":
        j += 1
    if j > last:
        return None
    return j, last


def _relays(u: _Unit, text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, outlet) of relay phrases in the unit frame ("seperti dikutip Sputnik")."""
    masked = list(text[u.start:u.end])
    for d in u.directs:
        for s_, e_ in d.parts:
            for p in range(max(s_, u.start), min(e_, u.end)):
                masked[p - u.start] = " "
    frame = "".join(masked)
    out = []
    for m in lex.relay_re.finditer(frame):
        rest = frame[m.end():]
        kind = lex.kinds_re.match(rest)
        after = rest[kind.end():] if kind else rest
        known = lex.outlet_re.match(after)
        if known and is_cap(after):
            name = lex.outlets.get(known.group().lower(), known.group())
            end = m.end() + (kind.end() if kind else 0) + known.end()
        elif kind or m.group().lower().strip().startswith(("seperti", "sebagaimana", "dikutip",
                                                          "dilansir", "as ", "reported")):
            run = re.match(r"(?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*){0,3}", after)
            if not run:
                continue
            name = run.group()
            end = m.end() + (kind.end() if kind else 0) + run.end()
        else:
            continue
        out.append((u.start + m.start(), u.start + end, name))
    return out


def _reported(u: _Unit, text: str, lex: Lexicon, relays: list[tuple[int, int, str]],
              ) -> list[_Found]:
    """Reported speech in the unit frame: "X mengatakan (bahwa) …", "Menurut X, …",
    "…, kata X", "…, demikian disampaikan X", "Dituturkan X, …"."""
    found: list[_Found] = []
    subjects: dict[int, Speaker] = {}
    for i, t in enumerate(u.toks):
        if u.quoted[i] or not _is_word(t):
            continue
        low = t.text.lower()
        sent = u.sentence_at(t.start)
        item: _Found | None = None
        if low in lex.before and not is_cap(t.text):
            item = _reported_before(u, i, sent, text, lex, subjects)
        if item is None and low in lex.after:
            item = _reported_after(u, i, sent, text, lex)
        if item is None and _starts_according(u.toks, i, lex):
            item = _reported_according(u, i, sent, text, lex)
        if item is not None:
            found.append(item)
    return [c for f in found if (c := _clip_relay(f, text, relays))]


def _clip_relay(f: _Found, text: str, relays: list[tuple[int, int, str]]) -> _Found | None:
    """Cut a relay phrase off a reported clause; drop the clause if little is left."""
    start, end = f.span
    for r_start, _, _ in relays:
        if start <= r_start < end:
            end = r_start
    if end == f.span[1]:
        return f
    clause = text[start:end].strip().rstrip(",.;:").strip()
    if _word_count(clause) < _MIN_WORDS:
        return None
    return _Found(f.sentence, clause, False, f.attr, (start, start + len(clause)))


def _make(u: _Unit, text: str, sent: Sentence, span: tuple[int, int], attr: _Attr,
          lex: Lexicon | None = None) -> _Found | None:
    clause = text[span[0]:span[1]].strip().rstrip(",.;:").strip()
    if _word_count(clause) < _MIN_WORDS:
        return None
    if lex and attr.verb in lex.event_verbs and clause.lower().startswith(lex.non_clause_objects):
        return None
    start = span[0] + text[span[0]:span[1]].find(clause)
    return _Found(sent.i, clause, False, attr, (start, start + len(clause)))


def _tail_clause(u: _Unit, k: int, sent: Sentence) -> tuple[int, int] | None:
    """The clause before a tail attribution whose comma is ``toks[k]`` ("…, kata X")."""
    if k <= 0 or u.toks[k].text != "," or u.quoted[k - 1]:
        return None
    start = max(sent.start, max((t.end for q, t in zip(u.quoted, u.toks, strict=True)
                                 if q and t.end <= u.toks[k].start), default=sent.start))
    return start, u.toks[k].start


def _after_quote(u: _Unit, j: int, lex: Lexicon) -> bool:
    """True when the subject ending at ``toks[j]`` directly follows a closing quote mark
    ("…,” Lavrov told reporters"): that is a direct quote's attribution, not reported speech."""
    words, k = _run_left(u.toks, j, lex, u.quoted)
    while k >= 0 and u.toks[k].text in ",.!?" and not u.quoted[k]:
        k -= 1
    return k >= 0 and u.quoted[k] and bool(words)


def _reported_before(u: _Unit, i: int, sent: Sentence, text: str, lex: Lexicon,
                     subjects: dict[int, Speaker]) -> _Found | None:
    toks = u.toks
    j = i - 1
    while j >= 0 and toks[j].text.lower() in lex.adverbs:
        j -= 1
    sp = _speaker_left(toks, i, lex, u.quoted)
    if sp is None and j >= 0 and toks[j].text.lower() in {"dan", "and", ","}:
        sp = subjects.get(sent.i)
    if sp is None or _after_quote(u, j, lex):
        return None
    subjects[sent.i] = sp
    region = (sent.start, sent.end)
    attr = _Attr(sp, lex.before[toks[i].text.lower()], toks[i].start, region)
    bounds = _clause_bounds(u, i, sent, lex)
    if bounds and not u.quoted[bounds[0]]:
        span = (toks[bounds[0]].start, toks[bounds[1]].end)
        item = _make(u, text, sent, span, attr, lex)
        if item:
            return item
    # "…, Lavrov said." — the subject follows the clause's comma
    k = j
    while k >= 0 and _is_word(toks[k]) and toks[k].text.lower() not in lex.boundaries:
        k -= 1
    tail = _tail_clause(u, k, sent) if k >= 0 else None
    return _make(u, text, sent, tail, attr) if tail else None


def _reported_after(u: _Unit, i: int, sent: Sentence, text: str, lex: Lexicon) -> _Found | None:
    toks = u.toks
    k = i - 1
    if k >= 0 and toks[k].text.lower() in lex.closing_markers:
        k -= 1
    at_start = all(toks[m].text.lower() in lex.adverbs | {"sebelumnya", "earlier"}
                   or not _is_word(toks[m])
                   for m in range(i) if toks[m].start >= sent.start)
    found = _speaker_right(toks, i + 1, lex)
    if not found:
        return None
    sp, end = found
    if not (sp.name or sp.anaphor):
        return None
    attr = _Attr(sp, lex.after[toks[i].text.lower()], toks[i].start, (sent.start, sent.end))
    if k >= 0 and toks[k].text == ",":
        tail = _tail_clause(u, k, sent)
        return _make(u, text, sent, tail, attr) if tail else None
    if (at_start and toks[i].text[:1].isupper()) or (at_start and i > 0):
        bounds = _clause_bounds(u, end - 1, sent, lex)
        if bounds and not u.quoted[bounds[0]]:
            return _make(u, text, sent, (toks[bounds[0]].start, toks[bounds[1]].end), attr)
    return None


def _reported_according(u: _Unit, i: int, sent: Sentence, text: str, lex: Lexicon,
                        ) -> _Found | None:
    toks = u.toks
    width = len(lex.according[0].split())
    lemma = _according_lemma(lex)
    pronoun = [t.text.lower() for t in toks[i:i + width + 1]]
    if " ".join(pronoun) in lex.according_pronoun or (
            toks[i].text.lower() + "nya") in lex.according_pronoun:
        sp: Speaker | None = Speaker(anaphor="pronoun")
        end = i + width + 1
    else:
        found = _speaker_right(toks, i + width, lex)
        sp, end = found if found else (None, i)
    if sp is None or not (sp.name or sp.anaphor):
        return None
    attr = _Attr(sp, lemma, toks[i].start, (sent.start, sent.end))
    if end < len(toks) and toks[end].text == ",":
        last = max(k for k, t in enumerate(toks) if t.end <= sent.end)
        if end + 1 <= last and not u.quoted[end + 1]:
            return _make(u, text, sent, (toks[end + 1].start, toks[last].end), attr)
    tail = _tail_clause(u, i - 1, sent) if i > 0 else None
    return _make(u, text, sent, tail, attr) if tail else None


def _menurutnya(u: _Unit, lex: Lexicon) -> list[_Found]:
    """"Menurutnya, …": the pronoun form is one token in Indonesian."""
    out = []
    for i, t in enumerate(u.toks):
        if u.quoted[i] or t.text.lower() not in lex.according_pronoun:
            continue
        sent = u.sentence_at(t.start)
        attr = _Attr(Speaker(anaphor="pronoun"), _according_lemma(lex), t.start,
                     (sent.start, sent.end))
        j = i + 1
        while j < len(u.toks) and u.toks[j].text == ",":
            j += 1
        last = max(k for k, tk in enumerate(u.toks) if tk.end <= sent.end)
        if j <= last:
            out.append(_Found(sent.i, "", False, attr, (u.toks[j].start, u.toks[last].end)))
    return out


# --------------------------------------------------------------------------- direct quotes


def _direct_text(text: str, d: _Direct) -> str:
    return " ".join(text[s:e].strip() for s, e in d.parts).strip()


def _is_label(quoted: str) -> bool:
    """A scare quote or a title: short, or Title Case, with no sentence punctuation."""
    if _FINAL.search(quoted):
        return False
    words = re.findall(r"\w+(?:[-'’]\w+)*", quoted)
    return len(words) < _MIN_WORDS or all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _direct_quotes(u: _Unit, text: str, lex: Lexicon) -> list[_Found]:
    out: list[_Found] = []
    for d in u.directs:
        quoted = _direct_text(text, d)
        after_close = next((k for k, t in enumerate(u.toks) if t.start >= d.parts[0][1] + 1
                            and not u.quoted[k]), None)
        attr = None
        if len(d.parts) == 1 and after_close is not None:
            attr = _attr_post(u, after_close, lex)
        if attr is None:
            attr = _attr_pre(u, d.start - 1, lex)
        if attr is None and len(d.parts) > 1:
            attr = None  # resolved below from the last paragraph's attribution
        if _is_label(quoted) and (attr is None or (_word_count(quoted) < _MIN_WORDS
                                  and not _FINAL.search(quoted))):
            continue
        sent = u.sentence_at(d.start)
        if attr is None:
            attr = _Attr(Speaker(), None, d.start, (d.start, d.start))
        if attr.pos > d.end:
            sent = u.sentence_at(attr.pos)
        if len(d.parts) > 1:
            sent = u.sentence_at(d.start)
        out.append(_Found(sent.i, quoted, True, attr, (d.start, d.end)))
    return out


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Resolver:
    article: Article
    registry: Registry
    spoken: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def name(self, sp: Speaker, pos: int, sentence: int) -> str | None:
        if sp.anaphor:
            return self._anaphor(sp.anaphor, pos, sentence)
        if sp.name and sp.person:
            return self.registry.full_name(sp.name, pos)
        return sp.name

    def record(self, sentence: int, pos: int, name: str | None) -> None:
        if name:
            self.spoken.setdefault(sentence, []).append((pos, name))

    def _anaphor(self, role: str, pos: int, sentence: int) -> str | None:
        starts = {s.i: s for s in self.article.sentences}
        fits = (lambda n: True) if role == "pronoun" else (
            lambda n: any(role in r for r in self.registry.roles_of(n)))
        for strict in (True, False):
            for k in range(sentence, max(-1, sentence - 7), -1):
                s = starts.get(k)
                if s is None:
                    continue
                limit = pos if k == sentence else s.end
                said = [n for p, n in self.spoken.get(k, []) if p < limit and
                        (fits(n) or not strict)]
                if said:
                    return said[-1]
                people = [n for p, n, _ in self.registry.people
                          if s.start <= p < limit and (fits(n) or not strict)]
                if people:
                    return people[-1] if k == sentence else people[0]
            if role == "pronoun":
                break
        return None


def _date(article: Article, f: _Found, sentences: dict[int, Sentence]) -> str | None:
    """The speech act's date when the attribution carries one, else the publication date."""
    lo, hi = f.attr.region
    for tx in article.timexes:
        s = sentences.get(tx.sentence)
        if s is None or not tx.value or not _ISO_DAY.fullmatch(tx.value):
            continue
        a, b = s.start + tx.start, s.start + tx.end
        if lo <= a and b <= hi and not (f.span[0] <= a < f.span[1]):
            return tx.value
    return article.published.date


def _entity(article: Article, name: str | None) -> str | None:
    if not name:
        return None
    for m in article.mentions:
        if m.entity and m.type == "PER" and (m.text == name or name.endswith(m.text)):
            return m.entity
    return None


def annotate(article: Article) -> Article:
    """The quotes stage: fill ``article.quotes`` (needs ``article.sentences``)."""
    if not article.sentences:
        from kronologi.analyse import sentences as splitter

        article = splitter.annotate(article)
    lex = lexicon(article.language)
    text = article.text
    units = _units(article, _directs(article))
    resolver = _Resolver(article, build_registry(article, lex))
    sentences = {s.i: s for s in article.sentences}
    quotes: list[Quote] = []
    previous: _Found | None = None
    for u in units:
        relays = _relays(u, text, lex)
        items = _direct_quotes(u, text, lex) + _reported(u, text, lex, relays)
        for m in _menurutnya(u, lex):
            made = _make(u, text, sentences[m.sentence], m.span, m.attr)
            if made:
                items.append(made)
        items = _dedupe(items)
        items.sort(key=lambda f: (f.attr.pos, f.span[0]))
        for f in items:
            if f.direct and f.attr.verb is None and f.attr.speaker == Speaker():
                follow = _continuation(previous, f, sentences)
                if follow == "merge":
                    quotes[-1] = replace(quotes[-1], text=f"{quotes[-1].text} {f.text}")
                    continue
                if follow != "same-speaker" or previous is None:
                    continue
                f.name = previous.name
                f.attr = _Attr(previous.attr.speaker, previous.attr.verb, f.attr.pos,
                               f.attr.region)
            else:
                f.name = resolver.name(f.attr.speaker, f.attr.pos, f.sentence)
            if f.direct and f.name is None:
                continue
            resolver.record(f.sentence, f.attr.pos, f.name)
            relay = _relay_for(f, relays, u)
            if relay and f.name and relay.lower() == f.name.lower():
                relay = None
            quotes.append(Quote(f.sentence, f.text, f.direct, f.name, _entity(article, f.name),
                                f.attr.verb, relay, _date(article, f, sentences)))
            previous = f
    return replace(article, quotes=tuple(quotes))


def _continuation(previous: _Found | None, f: _Found, sentences: dict[int, Sentence]) -> str:
    """How an unattributed quotation follows the previous direct one: "merge" (the second
    half of a quote split around its attribution, same paragraph), "same-speaker" (a
    quote-only paragraph right after the speaker's paragraph) or "none"."""
    if previous is None or not previous.direct or previous.name is None:
        return "none"
    p_prev = sentences[previous.sentence].paragraph
    sent = sentences[f.sentence]
    if sent.paragraph == p_prev and previous.span[1] < f.span[0]:
        return "merge"
    only_quote = _word_count(sent.text) - _word_count(f.text) <= 0
    if sent.paragraph == p_prev + 1 and only_quote:
        return "same-speaker"
    return "none"


def _dedupe(items: list[_Found]) -> list[_Found]:
    """One quote per span: an indirect clause that is wholly one direct quotation goes."""
    out: list[_Found] = []
    seen: set[tuple[int, int]] = set()
    for f in items:
        if f.span in seen:
            continue
        seen.add(f.span)
        out.append(f)
    return out


def _relay_for(f: _Found, relays: list[tuple[int, int, str]], u: _Unit) -> str | None:
    for start, _, name in relays:
        if u.sentence_at(start).i == f.sentence or (f.direct and u.start <= start < u.end):
            return name
    return None


# --------------------------------------------------------------------------- reporting


def speaker_key(name: str) -> str:
    """A transliteration-tolerant key for grouping one speaker's quotes across articles:
    surname plus first initial, accents dropped ("Sergey Lavrov" = "Sergei Lavrov")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded)
    if len(parts) < 2:
        return folded.strip()
    return f"{parts[-1]}, {parts[0][0]}"


def quotes_table_rows(articles: Iterable[Article], speaker: str | None = None,
                      ) -> list[tuple[str, ...]]:
    """Rows for ``kronologi quotes [--speaker NAME]``: date, speaker, verb, relay, kind,
    article:sentence, text. ``speaker`` matches by key or as a case-insensitive substring."""
    want = speaker.lower() if speaker else None
    rows: list[tuple[str, ...]] = []
    for a in articles:
        for q in a.quotes:
            name = q.speaker or ""
            if want and want not in name.lower() and speaker_key(name) != speaker_key(want):
                continue
            rows.append((q.date or "", name, q.verb or "", q.relay or "",
                         "direct" if q.direct else "reported", f"{a.id}:{q.sentence}", q.text))
    rows.sort(key=lambda r: (r[0], r[1], r[5]))
    return rows
