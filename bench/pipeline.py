"""Benchmark: every stage of the pipeline, articles/second each, and peak memory.

    python bench/pipeline.py --articles 5000 [--db sqlite:///tmp/bench.db]

Generates a recombined corpus from the demo articles (kronologi.demo.synth), then runs the
stages one after another in one process on one core, timing each over the whole batch
(wall clock and CPU seconds, as bench/_timing.py does for every benchmark):
ingest, clean, sentences, time, entities, quotes (per article), aliases and stories (corpus),
store.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from _timing import Timing, peak_mb, table, timed

from kronologi import stories
from kronologi.analyse import aliases, entities, quotes, sentences, timex
from kronologi.clean import clean
from kronologi.demo.synth import write_corpus
from kronologi.ingest import iter_docs
from kronologi.model import Article, RawDoc
from kronologi.store import Store


def _each(stage: Callable[[Article], Article], arts: Sequence[Article]) -> list[Article]:
    return [stage(a) for a in arts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--db", default=None, help="store URL (default: a temporary SQLite)")
    args = parser.parse_args(argv)
    rows: list[tuple[str, Timing]] = []
    with tempfile.TemporaryDirectory(prefix="kronologi-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        write_corpus(folder, args.articles)
        docs, t = timed(lambda: [d for d in iter_docs([folder]) if isinstance(d, RawDoc)])
        rows.append(("ingest", t))
        arts, t = timed(lambda: [a for a in map(clean, docs) if isinstance(a, Article)])
        rows.append(("clean", t))
        for name, stage in (
            ("sentences", sentences.annotate),
            ("time", timex.annotate),
            ("entities", entities.annotate),
            ("quotes", quotes.annotate),
        ):
            arts, t = timed(lambda stage=stage, arts=arts: _each(stage, arts))
            rows.append((name, t))
        (arts, _entities), t = timed(lambda: aliases.resolve(arts))
        rows.append(("aliases (corpus)", t))
        built, t = timed(lambda: stories.build_full(arts, _entities))
        arts = built.articles
        rows.append(("stories (corpus)", t))
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Store(url) as store:
            _, t = timed(lambda: store.add_articles(arts))
        rows.append(("store", t))
    n = len(docs)
    print(f"corpus: {args.articles} generated articles, {n} ingested, {len(arts)} analysed")
    whole = Timing(sum(t.wall for _, t in rows), sum(t.cpu for _, t in rows))
    print(table([*rows, ("whole pipeline", whole)], n))
    print(f"peak memory (max RSS): {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
