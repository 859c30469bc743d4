"""Near-duplicates and syndication: republished and lightly edited copies of one text.

Agencies' copy (Antara, Reuters) is republished by many outlets with a new headline, a
trimmed paragraph or an added credit line. Such copies are one report, not independent
support: the timeline and summary count them once, and the story lists the others as
"also published by". Exact copies already share an article id (ids hash the text); this
finds the near ones.

MinHash signatures of word 4-shingles estimate Jaccard similarity, and an LSH index
(datasketch) finds candidates in about constant time per article, so grouping stays linear
in the corpus size; each candidate is confirmed on the estimated similarity. Signatures are
kept in the story state so a later batch is compared with everything seen before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from kronologi.model import Article

NUM_PERM = 64
SHINGLE = 4
SCHEME = "affine32"  # datasketch 2 hashing scheme; fixed so stored signatures stay comparable
LSH_THRESHOLD = 0.5  # the index's recall target ...
SAME_TEXT = 0.55  # ... and the estimated Jaccard that makes two articles copies
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """Word 4-grams of the lowercased text (the whole text when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(article: Article) -> list[int]:
    """The MinHash signature of an article's cleaned body (title left out: outlets rewrite
    headlines of agency copy)."""
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles(article.text))])
    return [int(v) for v in m.hashvalues]


def _minhash(sig: Sequence[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=list(sig), scheme=SCHEME)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / NUM_PERM


class DuplicateIndex:
    """Finds, for each new article, the earlier article it copies (if any).

    ``root`` maps every article seen to the first-seen member of its copy group; that first
    member is the one the clusterer places, the others follow it into its story.
    """

    def __init__(self, signatures: dict[str, list[int]], root: dict[str, str]) -> None:
        self.signatures = signatures
        self.root = root
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        for key, sig in signatures.items():
            self._lsh.insert(key, _minhash(sig))

    def add(self, article_id: str, sig: list[int]) -> str:
        """Index an article; return the root of its copy group (itself when it is new)."""
        if article_id in self.root:
            return self.root[article_id]
        best: tuple[float, str] | None = None
        for other in self._lsh.query(_minhash(sig)):
            sim = similarity(sig, self.signatures[other])
            if sim >= SAME_TEXT and (best is None or (sim, other) > best):
                best = (sim, other)
        root = self.root[best[1]] if best else article_id
        self.root[article_id] = root
        if root == article_id:  # only group roots need to be found again
            self.signatures[article_id] = sig
            self._lsh.insert(article_id, _minhash(sig))
        return root

