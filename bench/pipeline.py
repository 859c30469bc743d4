"""Benchmark: every stage of the pipeline, articles/second each, and peak memory.

    python bench/pipeline.py --articles 5000 [--db sqlite:///tmp/bench.db]

Generates a recombined corpus from the demo articles (kronologi.demo.synth), then runs the
stages one after another in one process on one core, timing each over the whole batch:
ingest, clean, sentences, time, entities, quotes (per article), aliases (corpus), store.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kronologi.analyse import aliases, entities, quotes, sentences, timex
from kronologi.clean import clean
from kronologi.demo.synth import write_corpus
from kronologi.ingest import iter_docs
from kronologi.model import Article, RawDoc
from kronologi.store import Store

T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _each(stage: Callable[[Article], Article], arts: Sequence[Article]) -> list[Article]:
    return [stage(a) for a in arts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--db", default=None, help="store URL (default: a temporary SQLite)")
    args = parser.parse_args(argv)
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="kronologi-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        write_corpus(folder, args.articles)
        docs, t = _timed(lambda: [d for d in iter_docs([folder]) if isinstance(d, RawDoc)])
        rows.append(("ingest", t))
        arts, t = _timed(lambda: [a for a in map(clean, docs) if isinstance(a, Article)])
        rows.append(("clean", t))
        for name, stage in (
            ("sentences", sentences.annotate),
            ("time", timex.annotate),
            ("entities", entities.annotate),
            ("quotes", quotes.annotate),
        ):
            arts, t = _timed(lambda stage=stage, arts=arts: _each(stage, arts))
            rows.append((name, t))
        (arts, _entities), t = _timed(lambda: aliases.resolve(arts))
        rows.append(("aliases (corpus)", t))
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Store(url) as store:
            _, t = _timed(lambda: store.add_articles(arts))
        rows.append(("store", t))
    n = len(docs)
    print(f"corpus: {args.articles} generated articles, {n} ingested, {len(arts)} analysed")
    print(f"{'stage':<20}{'seconds':>10}{'articles/s':>14}")
    for name, t in rows:
        print(f"{name:<20}{t:>10.2f}{n / t:>14.0f}")
    total = sum(t for _, t in rows)
    print(f"{'whole pipeline':<20}{total:>10.2f}{n / total:>14.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
