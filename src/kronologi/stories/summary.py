"""Short extractive summaries of a story and of each development, every sentence cited.

Sentences are scored by how central they are to the group (cosine to the centroid of its
sentence vectors) and by position (news puts the gist first), then picked greedily with
maximal marginal relevance: a sentence too similar to one already chosen is skipped, so the
summary does not say one thing twice. A chosen sentence also cites the near-identical
sentences of other articles, which is where syndicated wording shows its support. Written by
hand because summarisation libraries (sumy, gensim's old summariser) bring no Indonesian
resources and no citations; the method is a few lines over the vectors we already have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kronologi.model import Article
from kronologi.stories.sentvec import Key, centroid, cosine

REDUNDANT = 0.45  # cosine to a chosen sentence above which a candidate is skipped
ALSO_CITED = 0.6  # cosine at which another article's sentence is cited as the same
MIN_WORDS = 6
MAX_WORDS = 60
POSITION_DECAY = 0.15


def summarise(articles: Sequence[Article], vectors: dict[Key, dict[str, float]],
              size: int) -> list[dict[str, Any]]:
    """Up to ``size`` sentences of ``articles``, in story order, each with citations."""
    keys = [(a.id, s.i) for a in articles for s in a.sentences
            if MIN_WORDS <= len(s.text.split()) <= MAX_WORDS]
    if not keys:
        return []
    text = {(a.id, s.i): s.text for a in articles for s in a.sentences}
    order = {a.id: n for n, a in enumerate(articles)}
    centre = centroid([vectors.get(k, {}) for k in keys])

    def score(k: Key) -> float:
        return cosine(vectors.get(k, {}), centre) / (1 + POSITION_DECAY * k[1])

    ranked = sorted(keys, key=lambda k: (-round(score(k), 6), order[k[0]], k[1]))
    chosen: list[Key] = []
    for k in ranked:
        if len(chosen) == size:
            break
        v = vectors.get(k, {})
        if all(cosine(v, vectors.get(c, {})) < REDUNDANT for c in chosen):
            chosen.append(k)
    chosen.sort(key=lambda k: (order[k[0]], k[1]))
    out = []
    for k in chosen:
        v = vectors.get(k, {})
        same = [o for o in keys if o[0] != k[0] and cosine(v, vectors.get(o, {})) >= ALSO_CITED]
        cites = [k, *sorted(same, key=lambda o: (order[o[0]], o[1]))]
        out.append({"text": text[k].strip(),
                    "citations": [{"article": a, "sentence": i} for a, i in cites]})
    return out
