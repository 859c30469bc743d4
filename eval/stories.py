"""Story and development clustering on the gold set ``eval/gold/stories`` (B-cubed P/R/F1).

Usage::

    python eval/stories.py [--halves A B] [--batches 4] [--verbose]

Every gold article is read and analysed by the pipeline (``kronologi.pipeline.run``: clean,
sentences, time, entities, quotes, corpus aliases), then clustered by the story stage three
ways:

- ``kronologi`` — all articles in one call of ``kronologi.stories.build``;
- ``kronologi/incremental`` — the same articles shuffled (fixed seed) and given in
  ``--batches`` batches, each continuing from the previous batch's state, as a growing store
  would see them;
- ``baseline`` — TF-IDF (scikit-learn, sublinear tf, title + body) and agglomerative
  clustering (average link, cosine), one distance threshold for stories and one for
  developments, each the best of a grid *on half A* (so on half A the baseline is tuned on
  its test data, which flatters it; half B is the fair comparison).

B-cubed (Bagga & Baldwin 1998): for each article, precision is the share of its predicted
cluster that is in its gold cluster, recall the share of its gold cluster that is in its
predicted cluster; both averaged over articles, F1 their harmonic mean. Developments are
scored as a flat clustering of all articles (an article in the wrong story is then also in
a wrong development). The story stage's thresholds were chosen on half A; see
eval/gold/README-stories.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "eval" / "gold" / "stories"))

from manifest import GoldArticle, read_all  # noqa: E402

from kronologi.model import Article, Entity  # noqa: E402
from kronologi.pipeline import run  # noqa: E402
from kronologi.stories import StoryState, build  # noqa: E402

GRID = [round(0.05 * i, 2) for i in range(4, 20)]
SHUFFLE_SEED = 7
Labels = Mapping[str, str]  # article id -> cluster label


def bcubed(pred: Labels, gold: Labels) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold`` (same keys)."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in gold:
        by_pred.setdefault(pred[item], set()).add(item)
        by_gold.setdefault(gold[item], set()).add(item)
    p = r = 0.0
    for item in gold:
        c, g = by_pred[pred[item]], by_gold[gold[item]]
        both = len(c & g)
        p += both / len(c)
        r += both / len(g)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def analyse(gold: Sequence[GoldArticle]) -> tuple[dict[Path, Article], list[Entity]]:
    """Gold file -> analysed article (the pipeline, no store)."""
    result = run([g.path for g in gold], store=None)
    by_source = {Path(a.source).resolve(): a for a in result.articles}
    missing = [g.path for g in gold if g.path.resolve() not in by_source]
    if missing or result.skipped:
        raise SystemExit(f"gold files not analysed: {missing} {result.skipped}")
    return {g.path: by_source[g.path.resolve()] for g in gold}, result.entities


def labels(stories: Sequence[Mapping]) -> tuple[dict[str, str], dict[str, str]]:
    """Article id -> story id, and article id -> development id, from story records."""
    story = {a: s["id"] for s in stories for a in s["articles"]}
    dev = {a: d["id"] for s in stories for d in s["developments"] for a in d["articles"]}
    return story, dev


def ours(arts: Sequence[Article], entities: Sequence[Entity], batches: int
         ) -> tuple[dict[str, str], dict[str, str]]:
    """Story and development labels from the story stage, in ``batches`` calls."""
    state: StoryState | None = None
    latest: dict[str, Mapping] = {}
    size = -(-len(arts) // batches)
    by_id = {a.id: a for a in arts}

    def fetch(ids: Sequence[str]) -> list[Article]:  # what a store gives back
        return [by_id[i] for i in ids]

    for start in range(0, len(arts), size):
        stories, state = build(arts[start : start + size], entities, state, fetch)
        for s in stories:
            latest[s["id"]] = s
        live = set(state.cluster.stories)
        latest = {k: v for k, v in latest.items() if k in live}
    return labels(list(latest.values()))


def tfidf(arts: Sequence[Article]) -> np.ndarray:
    texts = [f"{a.title or ''}\n{a.text}" for a in arts]
    return TfidfVectorizer(sublinear_tf=True, lowercase=True).fit_transform(texts).toarray()


def agglomerative(x: np.ndarray, threshold: float) -> list[int]:
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold)
    return [int(v) for v in model.fit_predict(x)]


def baseline_labels(arts: Sequence[Article], threshold: float) -> dict[str, str]:
    found = agglomerative(tfidf(arts), threshold)
    return {a.id: str(c) for a, c in zip(arts, found, strict=True)}


def best_threshold(arts: Sequence[Article], gold: Labels) -> float:
    return max(GRID, key=lambda t: (bcubed(baseline_labels(arts, t), gold)[2], -t))


def _row(half: str, level: str, method: str, scores: tuple[float, float, float]) -> str:
    p, r, f = scores
    return f"{half:<5} {level:<13} {method:<24} {p:6.3f} {r:6.3f} {f:6.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--halves", nargs="+", default=["A", "B"])
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    gold = read_all(tuple(args.halves))
    t0 = time.perf_counter()
    by_path, entities = analyse(gold)
    analysed = time.perf_counter() - t0
    gold_story = {by_path[g.path].id: g.story for g in gold}
    gold_dev = {by_path[g.path].id: g.development for g in gold}
    half_of = {by_path[g.path].id: g.half for g in gold}
    arts = [by_path[g.path] for g in gold]

    t0 = time.perf_counter()
    story, dev = ours(arts, entities, 1)
    clustered = time.perf_counter() - t0
    shuffled = list(arts)
    random.Random(SHUFFLE_SEED).shuffle(shuffled)
    inc_story, inc_dev = ours(shuffled, entities, args.batches)

    tune = [a for a in arts if half_of[a.id] == "A"] or arts
    t_story = best_threshold(tune, {a.id: gold_story[a.id] for a in tune})
    t_dev = best_threshold(tune, {a.id: gold_dev[a.id] for a in tune})

    print(f"{len(arts)} articles, {len(set(gold_story.values()))} stories, "
          f"{len(set(gold_dev.values()))} developments; analysis {analysed:.1f}s, "
          f"story stage {clustered:.2f}s; baseline thresholds (best on A): "
          f"stories {t_story}, developments {t_dev}")
    print(f"{'half':<5} {'level':<13} {'method':<24} {'P':>6} {'R':>6} {'F1':>6}")
    for half in [*args.halves, "all"] if len(args.halves) > 1 else args.halves:
        part = [a for a in arts if half in ("all", half_of[a.id])]
        ids = [a.id for a in part]
        base_story = baseline_labels(part, t_story)
        base_dev = baseline_labels(part, t_dev)
        for level, g, mine, inc, base in (
            ("stories", gold_story, story, inc_story, base_story),
            ("developments", gold_dev, dev, inc_dev, base_dev),
        ):
            gl = {i: g[i] for i in ids}
            print(_row(half, level, "kronologi", bcubed({i: mine[i] for i in ids}, gl)))
            print(_row(half, level, f"kronologi/incremental{args.batches}",
                       bcubed({i: inc[i] for i in ids}, gl)))
            print(_row(half, level, "baseline tfidf+agglo", bcubed(base, gl)))
    if args.verbose:
        names = {by_path[g.path].id: g.path.relative_to(g.path.parents[1]) for g in gold}
        for a in arts:
            print(f"{gold_story[a.id]:<4} {gold_dev[a.id]:<40} {story[a.id]:<20} "
                  f"{dev[a.id]:<20} {names[a.id]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
