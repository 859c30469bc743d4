"""Alignment-based ROUGE for timelines (Martschat & Markert 2017), as tilse computes it.

The published Timeline17 figures (news-tls, Table 4) are tilse's
``align_date_content_costs_many_to_one`` F1 for ROUGE-1 and ROUGE-2, one reference timeline
at a time, with tilse's default ROUGE: the ROUGE-1.5.5 Perl script run as
``-n 2 -x -f A -t 2 -m -s`` (Porter stemming with the WordNet exception list, SMART stop
words removed). This module recomputes exactly that in Python:

* **ROUGE counts** (``ngram_counts``/``rouge_counts``): a day's sentences are joined with
  spaces, lower-cased, ``-`` padded with spaces, every other character outside
  ``[A-Za-z0-9-]`` replaced by a space; stop words dropped; tokens that do not start with a
  letter or digit dropped; tokens longer than three characters stemmed (WordNet exception
  list first, then Porter). n-grams then run across sentence boundaries, as in the script.
  Hits are clipped counts; precision divides by the prediction's n-grams, recall by the
  reference's.
* **Alignment** (``align_many_to_one``): the cost of pairing a predicted date *p* with a
  reference date *r* is ``(1 - 1/(|p-r|+1)) * (1 - F)``, where F is tilse's quick ROUGE-1
  approximation (case-sensitive whitespace tokens, tokens that are a substring of
  ``string.punctuation`` ignored). For precision every predicted date takes its cheapest
  reference date; for recall every reference date takes its cheapest predicted date (ties:
  the earliest). An aligned pair's hits are weighted by ``1/(|p-r|+1)``; precision and recall
  are micro-averaged over dates (sum of weighted hits / sum of n-gram totals).

Why not tilse itself: it pins an old scientific stack (spacy, textacy, numba) and spawns the
Perl script once per date pair. It *was* installed beside this repo once to check this module
(see ``eval/gold/README-tls.md``). The one known difference: NLTK's Porter stemmer ("Martin"
mode) and the script's Perl port disagree on 0.4 % of the word types of Timeline17 (the Perl
port has a step-4 quirk: "agreement" -> "agreem").

Data files in ``eval/rouge_data`` are ROUGE-1.5.5's ``smart_common_words.txt`` and a dump of its
``WordNet-2.0.exc.db`` (WordNet 2.0 morphological exceptions, WordNet licence).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from nltk.stem.porter import PorterStemmer

DATA = Path(__file__).resolve().parent / "rouge_data"
Timeline = Mapping[date, Sequence[str]]  # date -> that day's sentences

_NON_ALNUM = re.compile(r"[^A-Za-z0-9\-]")
_WORD_START = re.compile(r"^[a-z0-9$]")


@cache
def _stopwords() -> frozenset[str]:
    text = (DATA / "smart_common_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


@cache
def _exceptions() -> dict[str, str]:
    text = (DATA / "wordnet-2.0-exceptions.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)


@cache
def _porter() -> PorterStemmer:
    return PorterStemmer(mode=PorterStemmer.MARTIN_EXTENSIONS)


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    if len(token) <= 3:
        return token
    return _exceptions().get(token) or _porter().stem(token, to_lowercase=False)


def tokens(sentences: Sequence[str]) -> list[str]:
    """The token stream ROUGE-1.5.5 (``-m -s``) scores for a summary made of ``sentences``."""
    text = " ".join(s.lower() for s in sentences)
    text = _NON_ALNUM.sub(" ", text.replace("-", " - "))
    stop = _stopwords()
    return [_stem(t) for t in text.split() if t not in stop and _WORD_START.match(t)]


def ngram_counts(toks: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True, slots=True)
class Counts:
    """ROUGE-N counts: clipped hits, predicted n-grams (precision's denominator), reference
    n-grams (recall's denominator)."""

    hits: int
    pred: int
    ref: int


def rouge_counts(pred: Sequence[str], ref: Sequence[str], n: int) -> Counts:
    p = ngram_counts(tokens(pred), n)
    r = ngram_counts(tokens(ref), n)
    hits = sum(min(c, r[g]) for g, c in p.items())
    return Counts(hits, sum(p.values()), sum(r.values()))


def _approx_tokens(sentences: Sequence[str]) -> Counter[str]:
    return Counter(t for s in sentences for t in s.split() if t not in string.punctuation)


def approx_rouge1_f(pred: Sequence[str], ref: Sequence[str]) -> float:
    """tilse's fast ROUGE-1 F1 used only inside the alignment costs."""
    p, r = _approx_tokens(pred), _approx_tokens(ref)
    match = sum(min(c, r[t]) for t, c in p.items())
    np_, nr = sum(p.values()), sum(r.values())
    prec = match / np_ if np_ else 0.0
    rec = match / nr if nr else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def date_weight(a: date, b: date) -> float:
    return 1.0 / (abs(a.toordinal() - b.toordinal()) + 1)


def align_many_to_one(sources: Timeline, targets: Timeline,
                      pred_is_source: bool) -> dict[date, date]:
    """Each source date -> its cheapest target date (date distance x content dissimilarity)."""
    out: dict[date, date] = {}
    tdates = sorted(targets)
    for s in sorted(sources):
        best, best_cost = None, float("inf")
        for t in tdates:
            pred, ref = (sources[s], targets[t]) if pred_is_source else (targets[t], sources[s])
            cost = (1 - date_weight(s, t)) * (1 - approx_rouge1_f(pred, ref))
            if cost < best_cost:
                best, best_cost = t, cost
        if best is not None:
            out[s] = best
    return out


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def align_rouge(pred: Timeline, ref: Timeline, n: int) -> PRF:
    """``align_date_content_costs_many_to_one`` ROUGE-N against one reference timeline."""
    num = den = 0.0
    for p, r in align_many_to_one(pred, ref, pred_is_source=True).items():
        c = rouge_counts(pred[p], ref[r], n)
        num += date_weight(p, r) * c.hits
        den += c.pred
    precision = num / den if den else 0.0
    num = den = 0.0
    for r, p in align_many_to_one(ref, pred, pred_is_source=False).items():
        c = rouge_counts(pred[p], ref[r], n)
        num += date_weight(p, r) * c.hits
        den += c.ref
    if not pred:  # nothing predicted: every reference date stays unmatched
        den = sum(rouge_counts([], ref[r], n).ref for r in ref)
    recall = num / den if den else 0.0
    return PRF(precision, recall)


def date_f1(pred: Sequence[date], ref: Sequence[date]) -> PRF:
    """Exact-date precision/recall of the predicted date set."""
    ps, rs = set(pred), set(ref)
    hit = len(ps & rs)
    return PRF(hit / len(ps) if ps else 0.0, hit / len(rs) if rs else 0.0)
