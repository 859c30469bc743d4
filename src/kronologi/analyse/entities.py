"""Entity mentions (PER, ORG, LOC, GPE, EVT) per sentence: a CRF model plus rules for news.

Indonesian sentences go through the CRF shipped in ``kronologi/models/ner-id.crfsuite``
(trained by ``scripts/train_ner.py`` on IndoNLU NERGrit + NERP; see ``ner_features`` for why a
CRF). The training data is encyclopaedic and social-media text, so the model misses what news
writes most: officials introduced by a role ("Menteri Luar Negeri Rusia <name>", "Juru bicara
Kremlin, <name>", "Mayjen <name>"), agencies and outlets, Arabic names with "al-", acronyms.
Rules from the language pack (``lang/<code>/entities.toml``) add those, in this order of trust
when spans overlap:

1. role + name: the role (and any country/organisation qualifier after it) is not part of the
   PER name;
2. organisation and place phrases opened by a head word ("Kementerian ...", "Front al-...",
   "distrik al-...");
3. the gazetteer (countries, capitals, seats of power, agencies, outlets);
4. the CRF's spans (LOC refined to GPE when the gazetteer knows the place as a state or city);
5. a bare acronym (2-6 capitals) as ORG.

Then, per article, a place word is cut off the front of a long PER name ("BPBD Kudus <name>"
when the article names Kudus as a place), and a surname (for Indonesian also a given name)
already seen in a full PER name is tagged wherever it recurs ("Lavrov mengatakan ...").

English (``article.language == "en"``) has no trained model here (the Indonesian CRF tags
English poorly); step 4 is replaced by typing capitalised runs with the English pack: role
before it -> PER, an organisation word in it -> ORG, a place preposition before it -> LOC, two
or more name words -> PER.

Offsets of a ``Mention`` are character offsets within its sentence's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import pycrfsuite

from kronologi.analyse.ner_features import Token, bio_spans, sentence_features, tokenize
from kronologi.lang import topic
from kronologi.model import Article, Mention, Sentence

MODEL_FILE = "ner-id.crfsuite"
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_ROMAN = re.compile(r"[IVXLC]+")

# Trust order of the span sources (lower wins an overlap).
_ROLE, _PHRASE, _GAZ, _MODEL, _ACRO = range(5)


@dataclass(frozen=True, slots=True)
class Pack:
    """The entity knowledge of one language, compiled for matching."""

    roles: re.Pattern[str]
    gazetteer: dict[str, str]
    gazetteer_re: re.Pattern[str]
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    place_prepositions: frozenset[str]
    connectors: frozenset[str]
    articles: frozenset[str]
    particles: frozenset[str]
    stop: frozenset[str]


def _alternation(phrases: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    """One regex matching any phrase as whole words, the longest first."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


# Names and head words an article in another language still writes in Indonesian
# ("the Kementerian Luar Negeri", "Sungai Wulan"): borrowed from the Indonesian pack.
_BORROWED = ("gazetteer", "org_heads", "place_heads")


@cache
def pack(lang: str) -> Pack:
    """Compiled entity pack for ``lang`` (Indonesian for any language without one).

    A non-Indonesian pack also knows the Indonesian gazetteer and head words (after its own):
    the corpus is Indonesian news, and English articles about it keep Indonesian names.
    """
    data = topic(lang, "entities") or topic("id", "entities")
    borrowed = {k: topic("id", "entities").get(k) for k in _BORROWED}
    layers = [data] if lang == "id" else [data, borrowed]
    gazetteer: dict[str, str] = {}
    for layer in layers:
        for kind, table in (layer.get("gazetteer") or {}).items():
            for name in table.get("names", []):
                gazetteer.setdefault(name, kind)
    org_heads = {h for layer in layers for h in layer.get("org_heads") or []}
    place_heads = {h.lower() for layer in layers for h in layer.get("place_heads") or []}
    return Pack(
        roles=_alternation(data.get("roles", []), re.IGNORECASE),
        gazetteer=gazetteer,
        gazetteer_re=_alternation(list(gazetteer)),
        org_heads=frozenset(org_heads),
        place_heads=frozenset(place_heads),
        place_prepositions=frozenset(data.get("place_prepositions", [])),
        connectors=frozenset(data.get("name_connectors", [])),
        articles=frozenset(data.get("name_articles", [])),
        particles=frozenset(data.get("name_particles", [])),
        stop=frozenset(w.lower() for w in data.get("not_entities", [])),
    )


@lru_cache(maxsize=1)
def tagger() -> pycrfsuite.Tagger:
    """The shipped Indonesian CRF, loaded once per process."""
    tag = pycrfsuite.Tagger()
    with resources.as_file(resources.files("kronologi") / "models" / MODEL_FILE) as path:
        tag.open(str(path))
    return tag


class _Sentence:
    """One sentence's tokens and the matches every rule consults."""

    def __init__(self, text: str, p: Pack) -> None:
        self.text = text
        self.p = p
        self.tokens: list[Token] = tokenize(text)
        self.by_start = {t.start: i for i, t in enumerate(self.tokens)}
        self.by_end = {t.end: i + 1 for i, t in enumerate(self.tokens)}
        self.gaz = self._matches(p.gazetteer_re)
        self.roles = self._matches(p.roles)
        self.person_starts: set[int] = set()  # where the model starts a PER span

    def _matches(self, pattern: re.Pattern[str]) -> dict[int, int]:
        """Token index where a match starts -> token index after it."""
        out: dict[int, int] = {}
        for m in pattern.finditer(self.text):
            i, j = self.by_start.get(m.start()), self.by_end.get(m.end())
            if i is not None and j is not None:
                out[i] = j
        return out

    def word(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def capitalised(self, i: int) -> bool:
        w = self.word(i)
        return w[:1].isupper() and w[:1].isalpha() and w.lower() not in self.p.stop

    def acronym(self, i: int) -> bool:
        return bool(_ACRONYM.fullmatch(self.word(i)))

    def hyphen_name(self, i: int) -> bool:
        """``al`` ``-`` ``Sham``: an Arabic article glued by a hyphen to a capitalised word."""
        toks = self.tokens
        return (
            self.word(i) in self.p.articles
            and self.word(i + 1) == "-"
            and self.word(i + 2)[:1].isupper()
            and toks[i].end == toks[i + 1].start
            and toks[i + 1].end == toks[i + 2].start
        )

    def name_end(self, i: int, limit: int = 5) -> int:
        """End of the run of person-name words starting at ``i`` (``i`` if none)."""
        j, words = i, 0
        while j < len(self.tokens) and words < limit:
            w = self.word(j)
            if j in self.gaz or j in self.roles or self.acronym(j):
                break
            if w.lower() in self.p.place_heads or w in self.p.org_heads:
                break
            if self.hyphen_name(j):
                j, words = j + 3, words + 1
            elif self.capitalised(j) and w.isalpha():
                j, words = j + 1, words + 1
            elif words and self.capitalised(j + 1) and self._joins_name(j):
                j += 1
            else:
                break
        return j

    def _joins_name(self, j: int) -> bool:
        """A particle ("bin", "van") or an initial's dot inside a name."""
        w = self.word(j)
        return w in self.p.particles or (w == "." and len(self.word(j - 1)) == 1)

    def phrase_end(self, i: int, closing: bool = True) -> int:
        """End of a capitalised phrase after a head word.

        With ``closing``, a gazetteer name ends the phrase ("Kementerian Luar Negeri AS"
        and then a person's name); place names run on ("Kabupaten Pati Provinsi Jawa Tengah").
        """
        j = i
        while j < len(self.tokens):
            if closing and j in self.gaz:
                return self.gaz[j]
            if self.hyphen_name(j):
                j += 3
            elif self.capitalised(j):
                j += 1
            else:
                break
        return j

    def org_end(self, i: int) -> int:
        """End of an organisation name opened by the head word at ``i`` (``i`` if none).

        A name the gazetteer knows ("Kementerian Luar Negeri") ends there, plus a state after
        it ("... AS"); otherwise the capitalised run ends at a gazetteer name or where the
        model starts a person ("Kementerian X Teuku Faizasyah").
        """
        if self.gaz.get(i, i) > i + 1:  # more than the head word alone ("Polda" is known too)
            j = self.gaz[i]
            after = self.gaz.get(j)
            state = after and self.text[self.tokens[j].start : self.tokens[after - 1].end]
            return after if state and self.p.gazetteer.get(state) == "GPE" else j
        j = self.phrase_end(i + 1)
        j = min((k for k in self.person_starts if i < k < j), default=j)
        return j if j > i + 1 else i

    def span(self, i: int, j: int, kind: str, trust: int) -> tuple[int, int, str, int]:
        return self.tokens[i].start, self.tokens[j - 1].end, kind, trust


def _role_spans(s: _Sentence) -> list[tuple[int, int, str, int]]:
    """PER names after a role, skipping qualifiers ("Menteri Luar Negeri Rusia", "Kremlin,").

    An unknown qualifier ("Direktur Utama Bulog Budi Waseso") is told from the name by the
    model: when it starts a PER span inside the run, the name starts there.
    """
    out = []
    for j in s.roles.values():
        if s.word(j) == "." and s.tokens[j - 1].end == s.tokens[j].start:
            j += 1  # an abbreviated role: "Mayjen. Suharto"
        qualified = False
        for _ in range(5):
            if s.word(j) in s.p.org_heads and s.org_end(j) > j:
                j, qualified = s.org_end(j), True
            elif j in s.gaz:
                j, qualified = s.gaz[j], True
            elif s.acronym(j):
                j, qualified = j + 1, True
            elif s.word(j) == "(" and s.acronym(j + 1) and s.word(j + 2) == ")":
                j += 3  # "Badan ... Daerah (BPBD) Kudus"
            elif j in s.roles:
                j = s.roles[j]
            else:
                break
        if qualified and s.word(j) == ",":
            j += 1
        k = s.name_end(j)
        if k == j + 1 and s.word(k) == "," and s.name_end(k + 1) > k + 2:
            j, k = k + 1, s.name_end(k + 1)  # an unknown qualifier: "Juru bicara Kemlu, A B"
        j = min((i for i in s.person_starts if j < i < k), default=j)
        if k > j and k not in s.roles:
            out.append(s.span(j, k, "PER", _ROLE))
    return out


def _phrase_spans(s: _Sentence) -> list[tuple[int, int, str, int]]:
    """Organisations and places opened by a head word, and bare "al-" names."""
    out = []
    for i, tok in enumerate(s.tokens):
        w = tok.text
        if w in s.p.org_heads:
            j = s.org_end(i)
            if j > i:
                out.append(s.span(i, j, "ORG", _PHRASE))
        elif w.lower() in s.p.place_heads:
            after = i + 2 if s.word(i + 1) in s.p.connectors else i + 1  # "district of X"
            j = s.phrase_end(after, closing=False)
            if j > after:
                first = i if w[:1].isupper() and after == i + 1 else after
                name = s.text[s.tokens[first].start : s.tokens[j - 1].end]
                out.append(s.span(first, j, s.p.gazetteer.get(name, "LOC"), _PHRASE))
        elif s.hyphen_name(i) and not s.capitalised(i - 1):
            j = s.name_end(i)
            if j == i:
                continue
            name = s.text[tok.start : s.tokens[j - 1].end]
            out.append(s.span(i, j, s.p.gazetteer.get(name, "ORG"), _PHRASE))
    return out


def _gazetteer_spans(s: _Sentence) -> list[tuple[int, int, str, int]]:
    out = []
    for i, j in s.gaz.items():
        name = s.text[s.tokens[i].start : s.tokens[j - 1].end]
        out.append(s.span(i, j, s.p.gazetteer[name], _GAZ))
    return out


def _model_spans(s: _Sentence) -> list[tuple[int, int, str, int]]:
    """The CRF's spans, minus function words; LOC becomes GPE for known states and cities.

    In a cased sentence a span with no capital letter is dropped (news capitalises names);
    an all-lowercase sentence keeps them, as the model learnt them from lowercased NERP.
    """
    if not s.tokens:
        return []
    tags = tagger().tag(sentence_features([t.text for t in s.tokens]))
    cased = any(ch.isupper() for ch in s.text)
    out = []
    for i, j, kind in bio_spans(tags):
        name = s.text[s.tokens[i].start : s.tokens[j - 1].end]
        if name.lower() in s.p.stop or (cased and not any(ch.isupper() for ch in name)):
            continue
        if kind == "LOC" and s.p.gazetteer.get(name) == "GPE":
            kind = "GPE"
        out.append(s.span(i, j, kind, _MODEL))
    return out


def _continues_run(s: _Sentence, i: int, j: int) -> bool:
    """Token ``j`` extends the capitalised run that started at ``i``."""
    w = s.word(j)
    if w in s.p.org_heads or s.capitalised(j):
        return True
    return j > i and w in s.p.connectors and s.capitalised(j + 1)


def _run_spans(s: _Sentence) -> list[tuple[int, int, str, int]]:
    """English: capitalised runs typed by organisation words, place prepositions and length.

    Connectors ("of", "for") stay inside a run only when it names an organisation
    ("Syrian Observatory for Human Rights"); otherwise the run ends before them.
    """
    out = []
    i = 0
    while i < len(s.tokens):
        j = s.name_end(i)
        while j < len(s.tokens) and j not in s.roles and _continues_run(s, i, j):
            j += 1
        words = [t.text for t in s.tokens[i:j]]
        if not any(w in s.p.org_heads for w in words):
            j = next((k for k in range(i, j) if s.word(k) in s.p.connectors), j)
        if j == i:
            i += 1
            continue
        if any(w in s.p.org_heads for w in words[: j - i]):
            out.append(s.span(i, j, "ORG", _MODEL))
        elif s.word(i - 1) in s.p.place_prepositions:
            out.append(s.span(i, j, "LOC", _MODEL))
        elif j - i >= 2:
            out.append(s.span(i, j, "PER", _MODEL))
        i = j
    return out


def _acronym_spans(s: _Sentence) -> list[tuple[int, int, str, int]]:
    return [
        s.span(i, i + 1, "ORG", _ACRO)
        for i, t in enumerate(s.tokens)
        if _ACRONYM.fullmatch(t.text)
        and i not in s.roles
        and not _ROMAN.fullmatch(t.text)
        and t.text.lower() not in s.p.stop
    ]


def _select(candidates: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans: most trusted source first, then the longest."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind, _ in sorted(candidates, key=lambda c: (c[3], c[0] - c[1], c[0])):
        if all(end <= a or start >= b for a, b, _ in chosen):
            chosen.append((start, end, kind))
    return sorted(chosen)


def sentence_mentions(text: str, lang: str = "id") -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` of one sentence, offsets within ``text``."""
    p = pack(lang)
    s = _Sentence(text, p)
    statistical = _run_spans(s) if lang == "en" else _model_spans(s)
    s.person_starts = {s.by_start[m[0]] for m in statistical if m[2] == "PER"}
    rules = _role_spans(s) + _phrase_spans(s)
    gazetteer = _gazetteer_spans(s)
    # A model name that contains a gazetteer place ("PSMS Medan", "SMA Negeri 6 Jakarta") is
    # the longer name, unless a rule already claims that text or a role opens it.
    enclosing = [
        m
        for m in statistical
        if m[2] != "PER"
        and s.by_start.get(m[0]) not in s.roles
        and all(m[1] <= r[0] or m[0] >= r[1] for r in rules)
    ]
    gazetteer = [
        g
        for g in gazetteer
        if not any(m[0] <= g[0] and g[1] <= m[1] and m[1] - m[0] > g[1] - g[0] for m in enclosing)
    ]
    return _select(rules + gazetteer + statistical + _acronym_spans(s))


def short_forms(name: str, lang: str) -> tuple[str, ...]:
    """The words a full name is shortened to in running text (none for a one-word name)."""
    words = name.split()
    if len(words) < 2:
        return ()
    return (words[-1],) if lang == "en" else (words[-1], words[0])


def _propagate(
    sentences: Sequence[Sentence], spans: list[list[tuple[int, int, str]]], lang: str
) -> list[list[tuple[int, int, str]]]:
    """Tag the short form of a PER name wherever it recurs alone in the article.

    The short form is the last word ("Lavrov ..."), and for Indonesian also the first, as
    Indonesian news calls people by their given name ("Anies", "Budi"). A span of another
    type with exactly that text (the CRF reading a surname as a place) is retyped PER.
    """
    p = pack(lang)
    surnames = {
        short
        for sent, found in zip(sentences, spans, strict=True)
        for a, b, kind in found
        if kind == "PER"
        for short in short_forms(sent.text[a:b], lang)
    }
    surnames = {w for w in surnames if w.lower() not in p.stop and w not in p.gazetteer}
    if not surnames:
        return spans
    out = []
    for sent, found in zip(sentences, spans, strict=True):
        kept = [(a, b, "PER" if sent.text[a:b] in surnames else k) for a, b, k in found]
        kept += [
            (t.start, t.end, "PER")
            for t in tokenize(sent.text)
            if t.text in surnames and all(t.end <= a or t.start >= b for a, b, _ in found)
        ]
        out.append(sorted(kept))
    return out


def _trim_places(
    sentences: Sequence[Sentence], spans: list[list[tuple[int, int, str]]], lang: str
) -> list[list[tuple[int, int, str]]]:
    """Cut a place off the front of a three-word-or-longer PER name ("BPBD Kudus <name>").

    A word is a place when the article names it as one (the last word of a LOC/GPE mention,
    "Kabupaten Kudus") or the gazetteer knows it as a state or place.
    """
    p = pack(lang)
    places = {w for w, kind in p.gazetteer.items() if kind in ("GPE", "LOC") and " " not in w}
    places |= {
        sent.text[a:b].split()[-1]
        for sent, found in zip(sentences, spans, strict=True)
        for a, b, kind in found
        if kind in ("LOC", "GPE")
    }
    out = []
    for sent, found in zip(sentences, spans, strict=True):
        kept = []
        for a, b, kind in found:
            words = sent.text[a:b].split()
            if kind == "PER" and len(words) >= 3 and words[0] in places:
                a = sent.text.index(words[1], a + len(words[0]))
            kept.append((a, b, kind))
        out.append(kept)
    return out


def annotate(article: Article) -> Article:
    """Fill ``article.mentions`` from its sentences."""
    lang = "en" if article.language == "en" else "id"
    spans = [sentence_mentions(s.text, lang) for s in article.sentences]
    spans = _trim_places(article.sentences, spans, lang)
    spans = _propagate(article.sentences, spans, lang)
    mentions = tuple(
        Mention(sentence=s.i, text=s.text[a:b], start=a, end=b, type=kind)
        for s, found in zip(article.sentences, spans, strict=True)
        for a, b, kind in found
    )
    return replace(article, mentions=mentions)
