"""Speaker names: reading a name phrase, and resolving short names and pronouns.

Why heuristics and not only the entities stage: the quotes stage must work on its own (the
two are built in parallel, and a quote needs a speaker even when NER misses a name). A speaker
phrase in news is highly regular: role words, an organisation or country, then the person's
name ("juru bicara Kementerian Kesehatan RI dr Siti Rahmawati"), so the person is
what follows the last role/place word. When the entities stage has run, its PER mentions
join the registry of people named in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kronologi.analyse.quotes_lexicon import Lexicon
from kronologi.model import Article

TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    start: int  # offset in the text the tokens were read from
    end: int


def tokens(text: str, base: int = 0) -> list[Tok]:
    """Word and punctuation tokens of ``text`` with offsets shifted by ``base``."""
    out = []
    for m in TOKEN.finditer(text):
        word = m.group()
        if word.endswith(".") and len(word) > 1 and not re.fullmatch(r"(?:\w\.)+", word):
            out.append(Tok(word[:-1], base + m.start(), base + m.end() - 1))
            out.append(Tok(".", base + m.end() - 1, base + m.end()))
        else:
            out.append(Tok(word, base + m.start(), base + m.end()))
    return out


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def is_name_token(word: str, lex: Lexicon) -> bool:
    """A token that can be part of a capitalised name run."""
    if is_cap(word):
        return True
    head, _, rest = word.partition("-")
    return (bool(rest) and is_cap(rest) and len(head) <= 3) or word in lex.particles


@dataclass(frozen=True, slots=True)
class Speaker:
    """What a speaker phrase says: a name, an anaphor to resolve, or a group as written."""

    name: str | None = None  # a person or organisation name as written
    person: bool = False
    anaphor: str | None = None  # "pronoun" or a role noun ("menteri")
    roles: tuple[str, ...] = ()


def _base(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _is_marker(word: str, lex: Lexicon) -> bool:
    """A role, title, place, organisation head or calendar word: never part of a person name."""
    low = _base(word).lower().rstrip(".")
    return (
        low in lex.role_words
        or low in lex.after
        or low in lex.before
        or low in lex.adverbs
        or _base(word) in lex.place_words
        or word in lex.not_names
        or (word.isupper() and not word.endswith("."))
    )


def interpret(words: list[str], lex: Lexicon) -> Speaker:
    """Read a run of words (roles, places, a name) as a speaker. A name set off by a comma
    after the role phrase ("Kepala BPBD Kudus, Muhammad Syaifudin") is the person."""
    if "," in words:
        cut = len(words) - 1 - words[::-1].index(",")
        tail = words[cut + 1 :]
        if 2 <= len(tail) <= 4 and all(is_name_token(w, lex) for w in tail):
            head = [w.lower() for w in words[:cut] if w != ","]
            roles = tuple(w for w in head if w in lex.role_words)
            return Speaker(" ".join(tail), person=True, roles=roles)
    words = [w for w in words if w != ","]
    while words and words[0].lower() in lex.role_prefixes | lex.determiners:
        if words[0].lower() in lex.role_prefixes and len(words) == 2 and not is_cap(words[1]) \
                and words[1].lower() in lex.person_roles:
            return Speaker(anaphor=words[1].lower())
        words = words[1:]
    if not words:
        return Speaker()
    if len(words) == 1 and words[0].lower() in lex.pronouns:
        return Speaker(anaphor="pronoun")
    last_marker = -1
    for k, w in enumerate(words):
        if _is_marker(w, lex) or not is_name_token(w, lex):
            last_marker = k
    name = words[last_marker + 1:]
    if len([w for w in name if is_cap(w)]) > 3:
        name = name[-2:]  # "Asosiasi Pedagang Pasar Ratna Dewi": a person has 2-3 names
    roles = tuple(w.lower() for w in words[: last_marker + 1] if w.lower() in lex.role_words)
    if name and all(is_name_token(w, lex) for w in name):
        return Speaker(" ".join(name), person=True, roles=roles)
    phrase = list(words)
    while len(phrase) > 1 and phrase[0] in lex.not_names \
            and phrase[0].lower() not in lex.group_heads:
        phrase = phrase[1:]
    phrase[-1] = _base(phrase[-1])
    return Speaker(" ".join(phrase), roles=roles)


@dataclass(slots=True)
class Registry:
    """People named in one article, in text order, for short-name and pronoun resolution."""

    people: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)  # PER mentions of the entities stage

    def add(self, pos: int, name: str, roles: tuple[str, ...] = ()) -> None:
        self.people.append((pos, name, roles))

    def full_name(self, short: str, pos: int) -> str:
        """The fullest name containing ``short`` (nearest before ``pos``, else anywhere); a
        long name that ends with a PER mention is cut to it ("Sukabumi Deden Sumpena")."""
        parts = short.split()
        if len(parts) >= 3:
            tails = [m for m in self.mentioned if len(m.split()) >= 2
                     and m != short and short.endswith(" " + m)]
            if tails:
                return max(tails, key=len)
        best: tuple[int, int, str] | None = None
        for p, name, _ in self.people:
            tokens_ = name.split()
            if len(tokens_) <= len(parts) or not _contains(tokens_, parts):
                continue
            rank = (0 if p <= pos else 1, -p if p <= pos else p)
            if best is None or rank < best[:2]:
                best = (*rank, name)
        return best[2] if best else short

    def roles_of(self, name: str) -> set[str]:
        return {r for _, n, roles in self.people if n == name for r in roles}


def _contains(name: list[str], parts: list[str]) -> bool:
    n = len(parts)
    return any(name[i:i + n] == parts for i in range(len(name) - n + 1))


_RUN = re.compile(r"(?:[A-Z][\w'’-]*|(?:al|an|el|as|ad|ash|ar|az)-[A-Z][\w'’-]*)"
                  r"(?:[ \t]+(?:[A-Z][\w'’-]*|(?:al|an|el|as|ad|ash|ar|az)-[A-Z][\w'’-]*"
                  r"|(?:bin|binti|van|von|de|der)\b))*")


def build_registry(article: Article, lex: Lexicon) -> Registry:
    """People named in the article: PER mentions when present, else capitalised runs that
    read as a role-introduced name or a two-word name free of role/place words."""
    reg = Registry()
    starts = {s.i: s.start for s in article.sentences}
    for m in article.mentions:
        if m.type == "PER" and m.sentence in starts:
            sp = interpret(m.text.split(), lex)
            reg.mentioned.add(m.text)
            if sp.person and sp.name:
                reg.add(starts[m.sentence] + m.start + m.text.rfind(sp.name), sp.name)
    text = article.text
    for m in _RUN.finditer(text):
        words = m.group().split()
        # a lowercase role word right before the run ("juru bicara Kremlin Dmitry Peskov")
        prev = text[max(0, m.start() - 30):m.start()].lower().split()
        roles_before = tuple(w for w in prev[-3:] if w in lex.role_words)
        sp = interpret(words, lex)
        if sp.person and sp.name and (len(sp.name.split()) >= 2 or sp.roles or roles_before):
            offset = m.start() + m.group().rfind(sp.name.split()[0])
            reg.add(offset, sp.name, sp.roles + roles_before)
    reg.people.sort(key=lambda p: p[0])
    return reg
