"""Tokens, CRF features, label scheme and span scoring shared by NER training and inference.

Why a linear-chain CRF (python-crfsuite, trained through sklearn-crfsuite): no offline
Indonesian NER model exists on PyPI (spaCy ships no trained Indonesian or multilingual
pipeline; stanza, flair, gliner and hub transformers download their models at run time), and a
transformer would need a download and a GPU-sized budget. A CRF over word, affix, shape,
neighbour and gazetteer features trains on the IndoNLU sets in about a minute on one CPU
core, ships as a 4 MB file inside the package and tags ~100,000 tokens a second.

Features of a token: the lowercased word, its 2-4 letter prefixes and suffixes (Indonesian
affixes: me-, di-, ber-, -kan, -nya), its shape and capitalisation, whether the language
pack knows it as a role word, organisation head or gazetteer name, the same word and shape
features of the tokens one to the left and right, the words two away, and the two word
bigrams it is part of.

Training (``scripts/train_ner.py``) and inference (``kronologi.analyse.entities``) both build
features here, so the two can never drift apart. The span scorer is hand-written because it
is a dozen lines and seqeval would be a dependency for that alone.

Label scheme (both IndoNLU sets mapped to one): PERSON/PPL -> PER, PLACE/PLC -> LOC,
ORGANISATION/IND -> ORG, EVT -> EVT (events such as elections and summits matter in news),
FNB (food and beverage, NERP only) -> O: food brands are not news actors and 542 spans are
too few to learn a useful class.

NERP is lowercased (about 9 in 10 of its sentences have no capital letter) while NERGrit keeps
case. Shape and capitalisation features are therefore emitted only for sentences that contain
a capital letter; lowercased sentences get a ``nocase`` feature instead, so the model learns
case cues from NERGrit without learning that NERP's names are lowercase words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kronologi.lang import topic

# Words keep inner dots and apostrophes ("kompas.com", "U.S", "O'Brien"); every other
# punctuation mark, the hyphen included, is its own token, as in NERGrit's tokenisation.
TOKEN_RE = re.compile(r"\w+(?:[.'’]\w+)*|[^\w\s]")

LABEL_MAP: dict[str, str | None] = {
    "PERSON": "PER",
    "PPL": "PER",
    "PLACE": "LOC",
    "PLC": "LOC",
    "ORGANISATION": "ORG",
    "IND": "ORG",
    "EVT": "EVT",
    "FNB": None,
}


@dataclass(frozen=True, slots=True)
class Token:
    """A token and its character offsets in the text it was cut from."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word and punctuation tokens with their offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def map_tag(tag: str) -> str:
    """Map a dataset BIO tag (``B-PPL``) to the common scheme (``B-PER``) or ``O``."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    mapped = LABEL_MAP.get(label)
    return f"{prefix}-{mapped}" if mapped else "O"


@lru_cache(maxsize=1)
def _gazetteer_words() -> dict[str, str]:
    """Lowercased single words of the Indonesian entity pack, with the feature they fire."""
    pack = topic("id", "entities")
    words: dict[str, str] = {}
    for kind, table in pack.get("gazetteer", {}).items():
        for name in table.get("names", []):
            for word in name.lower().split():
                words.setdefault(word, kind)
    for head in pack.get("org_heads", []):
        words[head.lower()] = "ORGHEAD"
    for role in pack.get("roles", []):
        for word in role.lower().split():
            words[word] = "ROLE"
    return words


def _shape(word: str) -> str:
    """Collapsed character classes: ``Lavrov`` -> ``Xx``, ``PBB`` -> ``X``, ``23/9`` -> ``d/d``."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=262_144)
def _word_features(word: str, cased: bool) -> tuple[tuple[str, ...], ...]:
    """Features of one word seen from itself, its left and right neighbours, and two away."""
    low = word.lower()
    own = [f"w={low}", f"p2={low[:2]}", f"p3={low[:3]}", f"p4={low[:4]}", f"s2={low[-2:]}"]
    own += [f"s3={low[-3:]}", f"s4={low[-4:]}"]
    near: list[str] = [f"w={low}"]
    if cased:
        shape = _shape(word)
        own.append(f"sh={shape}")
        near.append(f"sh={shape}")
        if word[:1].isupper():
            own.append("title")
    else:
        own.append("nocase")
    if not word[:1].isalnum():
        own.append("punct")
    if any(ch.isdigit() for ch in word):
        own.append("num")
    gaz = _gazetteer_words().get(low)
    if gaz:
        own.append(f"g={gaz}")
        near.append(f"g={gaz}")
    left = tuple(f"-1{f}" for f in near)
    right = tuple(f"+1{f}" for f in near)
    return tuple(own), left, right, (f"-2w={low}",), (f"+2w={low}",)


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """CRF feature lists, one per word of a sentence."""
    cased = any(ch.isupper() for w in words for ch in w)
    wf = [_word_features(w, cased) for w in words]
    n = len(words)
    feats: list[list[str]] = []
    for i in range(n):
        f = ["bias", *wf[i][0]]
        if i > 0:
            f.append(f"bi={words[i - 1].lower()}|{words[i].lower()}")
        if i + 1 < n:
            f.append(f"bi+={words[i].lower()}|{words[i + 1].lower()}")
        f.extend(wf[i - 1][1] if i > 0 else ("BOS",))
        f.extend(wf[i + 1][2] if i + 1 < n else ("EOS",))
        if i > 1:
            f.extend(wf[i - 2][3])
        if i + 2 < n:
            f.extend(wf[i + 2][4])
        feats.append(f)
    return feats


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(first, end, type)`` (token indices, end exclusive) of a BIO sequence.

    Same reading as seqeval's default mode: an ``I-X`` that does not continue an ``X`` span
    starts a new one.
    """
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if kind and (prefix != "I" or label != kind):
            spans.append((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, label
    return spans


@dataclass(frozen=True, slots=True)
class Score:
    """Entity-level exact-match counts and the derived precision, recall and F1."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(
    gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]], kind: str | None = None
) -> Score:
    """Exact span match over sentences; ``kind`` restricts to one entity type."""
    tp = n_pred = n_gold = 0
    for g, p in zip(gold, pred, strict=True):
        gs = {s for s in bio_spans(g) if kind is None or s[2] == kind}
        ps = {s for s in bio_spans(p) if kind is None or s[2] == kind}
        tp += len(gs & ps)
        n_pred += len(ps)
        n_gold += len(gs)
    return Score(tp, n_pred, n_gold)


def read_conll(path: str) -> list[tuple[list[str], list[str]]]:
    """Sentences of an IndoNLU file: one ``token<TAB>tag`` per line, blank line between."""
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in [*fh, "\n"]:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    sentences.append((words, tags))
                words, tags = [], []
                continue
            word, _, tag = line.partition("\t")
            words.append(word)
            tags.append(tag.strip() or "O")
    return sentences
