"""Reported speech and relays in a quotation frame.

"X mengatakan (bahwa) …", "Menurut X, …", "…, kata X", "…, demikian disampaikan X",
"Dituturkan X, …", "X said (that) …", "…, X said"; relays such as "seperti dikutip Sputnik",
"kepada Reuters", "menurut kantor berita RIA Novosti", "as reported by the BBC".
"""

from __future__ import annotations

import re

from kronologi.analyse.quotes_frame import (
    MIN_WORDS,
    Attr,
    Found,
    Unit,
    according_lemma,
    is_word,
    run_left,
    speaker_left,
    speaker_right,
    starts_according,
    word_count,
)
from kronologi.analyse.quotes_lexicon import Lexicon
from kronologi.analyse.quotes_names import Speaker, interpret, is_cap, is_name_token
from kronologi.model import Sentence

# --------------------------------------------------------------------------- reported speech


def _clause_bounds(u: Unit, i: int, sent: Sentence, lex: Lexicon) -> tuple[int, int] | None:
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


def relays(u: Unit, text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
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
        skip = kind.end() if kind else 0
        if rest[skip:].lower().startswith("the "):
            skip += 4
        after = rest[skip:]
        known = lex.outlet_re.match(after) or lex.outlet_suffix_re.match(after)
        if known and is_cap(after):
            name = lex.outlets.get(known.group().lower(), known.group())
            end = m.end() + skip + known.end()
        elif kind or m.group().lower().strip().startswith(("seperti", "sebagaimana", "dikutip",
                                                          "dilansir", "as ", "reported")):
            run = re.match(r"[A-Z][\w-]*(?:\.\w+)*(?:\s+[A-Z][\w-]*){0,3}", after)
            if not run:
                continue
            name = run.group()
            end = m.end() + skip + run.end()
        else:
            continue
        out.append((u.start + m.start(), u.start + end, name))
    return out


def reported(u: Unit, text: str, lex: Lexicon, relays: list[tuple[int, int, str]],
              directs: list[Found]) -> list[Found]:
    """Reported speech in the unit frame: "X mengatakan (bahwa) …", "Menurut X, …",
    "…, kata X", "…, demikian disampaikan X", "Dituturkan X, …"."""
    found: list[Found] = []
    subjects: dict[int, Speaker] = {f.sentence: f.attr.speaker for f in directs}
    for i, t in enumerate(u.toks):
        if u.quoted[i] or not is_word(t):
            continue
        low = t.text.lower()
        sent = u.sentence_at(t.start)
        item: Found | None = None
        if low in lex.before and not is_cap(t.text):
            item = _reported_before(u, i, sent, text, lex, subjects)
        if item is None and low in lex.after:
            item = _reported_after(u, i, sent, text, lex)
        if item is None and starts_according(u.toks, i, lex):
            item = _reported_according(u, i, sent, text, lex)
        if item is not None:
            found.append(item)
    return [c for f in found if (c := _clip_relay(f, text, relays))]


def _clip_relay(f: Found, text: str, relays: list[tuple[int, int, str]]) -> Found | None:
    """Cut a relay phrase off a reported clause; drop the clause if little is left."""
    start, end = f.span
    for r_start, _, _ in relays:
        if start <= r_start < end:
            end = r_start
    if end == f.span[1]:
        return f
    clause = text[start:end].strip().rstrip(",.;:").strip()
    if word_count(clause) < MIN_WORDS:
        return None
    return Found(f.sentence, clause, False, f.attr, (start, start + len(clause)))


def make(u: Unit, text: str, sent: Sentence, span: tuple[int, int], attr: Attr,
          lex: Lexicon | None = None) -> Found | None:
    clause = text[span[0]:span[1]].strip().rstrip(",.;:").strip()
    if word_count(clause) < MIN_WORDS:
        return None
    if lex and attr.verb in lex.event_verbs and clause.lower().startswith(lex.non_clause_objects):
        return None
    start = span[0] + text[span[0]:span[1]].find(clause)
    return Found(sent.i, clause, False, attr, (start, start + len(clause)))


def _tail_clause(u: Unit, k: int, sent: Sentence) -> tuple[int, int] | None:
    """The clause before a tail attribution whose comma is ``toks[k]`` ("…, kata X")."""
    if k <= 0 or u.toks[k].text != "," or u.quoted[k - 1]:
        return None
    start = max(sent.start, max((t.end for q, t in zip(u.quoted, u.toks, strict=True)
                                 if q and t.end <= u.toks[k].start), default=sent.start))
    return start, u.toks[k].start


def _opening_subject(u: Unit, sent: Sentence, lex: Lexicon) -> Speaker | None:
    """The person a sentence opens with ("President Joe Biden declared … and said …")."""
    words = []
    for t in u.toks:
        if t.start < sent.start:
            continue
        if not is_word(t) or not is_name_token(t.text, lex) or t.end > sent.end:
            break
        words.append(t.text)
    sp = interpret(words, lex) if words else None
    return sp if sp and sp.person else None


def _after_quote(u: Unit, j: int, lex: Lexicon) -> bool:
    """True when the subject ending at ``toks[j]`` directly follows a closing quote mark
    ("…,” Lavrov told reporters"): that is a direct quote's attribution, not reported speech."""
    words, k = run_left(u.toks, j, lex, u.quoted)
    while k >= 0 and u.toks[k].text in ",.!?" and not u.quoted[k]:
        k -= 1
    return k >= 0 and u.quoted[k] and bool(words)


def _reported_before(u: Unit, i: int, sent: Sentence, text: str, lex: Lexicon,
                     subjects: dict[int, Speaker]) -> Found | None:
    toks = u.toks
    j = i - 1
    while j >= 0 and toks[j].text.lower() in lex.adverbs:
        j -= 1
    sp = speaker_left(toks, i, lex, u.quoted)
    if sp is None and j >= 0 and toks[j].text.lower() in lex.coordinators:
        sp = subjects.get(sent.i) or _opening_subject(u, sent, lex)
    if sp is None or _after_quote(u, j, lex):
        return None
    subjects[sent.i] = sp
    region = (sent.start, sent.end)
    attr = Attr(sp, lex.before[toks[i].text.lower()], toks[i].start, region)
    bounds = _clause_bounds(u, i, sent, lex)
    if bounds and not u.quoted[bounds[0]]:
        span = (toks[bounds[0]].start, toks[bounds[1]].end)
        item = make(u, text, sent, span, attr, lex)
        if item:
            return item
    # "…, Lavrov said." — the subject follows the clause's comma
    k = j
    while k >= 0 and is_word(toks[k]) and toks[k].text.lower() not in lex.boundaries:
        k -= 1
    tail = _tail_clause(u, k, sent) if k >= 0 else None
    return make(u, text, sent, tail, attr) if tail else None


def _reported_after(u: Unit, i: int, sent: Sentence, text: str, lex: Lexicon) -> Found | None:
    toks = u.toks
    k = i - 1
    if k >= 0 and toks[k].text.lower() in lex.closing_markers:
        k -= 1
    at_start = all(toks[m].text.lower() in lex.adverbs | {"sebelumnya", "earlier"}
                   or not is_word(toks[m])
                   for m in range(i) if toks[m].start >= sent.start)
    found = speaker_right(toks, i + 1, lex)
    if not found:
        return None
    sp, end = found
    if not (sp.name or sp.anaphor):
        return None
    attr = Attr(sp, lex.after[toks[i].text.lower()], toks[i].start, (sent.start, sent.end))
    if k >= 0 and toks[k].text == ",":
        tail = _tail_clause(u, k, sent)
        return make(u, text, sent, tail, attr) if tail else None
    if (at_start and toks[i].text[:1].isupper()) or (at_start and i > 0):
        bounds = _clause_bounds(u, end - 1, sent, lex)
        if bounds and not u.quoted[bounds[0]]:
            return make(u, text, sent, (toks[bounds[0]].start, toks[bounds[1]].end), attr)
    return None


def _at_sentence_start(u: Unit, i: int, sent: Sentence, lex: Lexicon) -> bool:
    return all(not is_word(t) or t.text.lower() in lex.adverbs
               for t in u.toks[:i] if t.start >= sent.start)


def _according_speaker(u: Unit, k: int, last: int, text: str, lex: Lexicon,
                       ) -> tuple[Speaker, int, bool] | None:
    """The source after "menurut"/"according to": (speaker, index past it, is an outlet)."""
    if k > last:
        return None
    rest = text[u.toks[k].start:u.toks[last].end]
    kind = lex.kinds_re.match(rest)
    after = rest[kind.end() if kind else 0:]
    if after.lower().startswith("the "):
        after = after[4:]
    outlet = lex.outlet_re.match(after)
    comma = next((m for m in range(k, min(last + 1, k + 10)) if u.toks[m].text == ","), None)
    stop = comma if comma is not None else last + 1
    if outlet and is_cap(after):
        name = lex.outlets.get(outlet.group().lower(), outlet.group())
        return Speaker(name), stop, True
    if comma is None:
        found = speaker_right(u.toks[:last + 1], k, lex)
        return (found[0], found[1], False) if found else None
    words = [u.toks[m].text for m in range(k, stop) if is_word(u.toks[m])]
    while len(words) > 1 and words[0].lower() in lex.role_prefixes and is_cap(words[1]):
        words = words[1:]
    inner_lower = [w for w in words[1:] if not is_cap(w) and w not in lex.particles]
    if words and is_cap(words[0]) and inner_lower and len(words) <= 8:
        return Speaker(" ".join(words)), stop, False  # "Syrian Observatory for Human Rights"
    found = speaker_right(u.toks[:stop], k, lex)
    return (found[0], stop, False) if found else None


def _reported_according(u: Unit, i: int, sent: Sentence, text: str, lex: Lexicon,
                        ) -> Found | None:
    """"Menurut X, …" / "…, menurut X." / "According to X, …"; an outlet after a clause
    ("…, according to the news agency ANSA") is a relay, handled by ``relays``."""
    toks = u.toks
    width = len(lex.according[0].split())
    last = max(k for k, t in enumerate(toks) if t.end <= sent.end)
    found = _according_speaker(u, i + width, last, text, lex)
    if found is None:
        return None
    sp, end, is_outlet = found
    start = _at_sentence_start(u, i, sent, lex)
    if (is_outlet and not start) or not (sp.name or sp.anaphor):
        return None
    attr = Attr(sp, according_lemma(lex), toks[i].start, (sent.start, sent.end))
    if start and end + 1 <= last and toks[end].text == "," and not u.quoted[end + 1]:
        return make(u, text, sent, (toks[end + 1].start, toks[last].end), attr)
    tail = _tail_clause(u, i - 1, sent) if i > 0 else None
    return make(u, text, sent, tail, attr) if tail else None


def menurutnya(u: Unit, lex: Lexicon) -> list[Found]:
    """"Menurutnya, …": the pronoun form is one token in Indonesian."""
    out = []
    for i, t in enumerate(u.toks):
        if u.quoted[i] or t.text.lower() not in lex.according_pronoun:
            continue
        sent = u.sentence_at(t.start)
        attr = Attr(Speaker(anaphor="pronoun"), according_lemma(lex), t.start,
                     (sent.start, sent.end))
        j = i + 1
        while j < len(u.toks) and u.toks[j].text == ",":
            j += 1
        last = max(k for k, tk in enumerate(u.toks) if tk.end <= sent.end)
        if j <= last:
            out.append(Found(sent.i, "", False, attr, (u.toks[j].start, u.toks[last].end)))
    return out
