"""Benchmark: ingest + clean (+ sentence split) throughput and peak memory.

Generates a corpus by recombining the bundled demo articles (their paragraphs reshuffled
across articles, with their noise lines kept) into N files, then times each stage on one
core, single process:

    python bench/ingest_clean.py --articles 10000

Prints articles/second per stage and the peak resident memory of the process. The corpus is
written under a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _timing import Timing, peak_mb, table, timed

from kronologi.analyse import sentences
from kronologi.clean import clean
from kronologi.demo.synth import write_corpus
from kronologi.ingest import iter_docs
from kronologi.model import Article, RawDoc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kronologi-bench-") as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.articles)
        # warm-up: language packs and the word-frequency list load once per process
        clean(RawDoc("warm-up", "Ini adalah kalimat yang cukup panjang. " * 10, "txt"))
        docs, t_ingest = timed(lambda: [d for d in iter_docs([folder]) if isinstance(d, RawDoc)])
        cleaned, t_clean = timed(lambda: [a for a in map(clean, docs) if isinstance(a, Article)])
        n_sent, t_sent = timed(
            lambda: sum(len(sentences.annotate(a).sentences) for a in cleaned)
        )
    n = len(docs)
    both = Timing(t_ingest.wall + t_clean.wall, t_ingest.cpu + t_clean.cpu)
    print(f"corpus: {args.articles} generated articles, {n} ingested, {len(cleaned)} cleaned")
    rows = [("ingest", t_ingest), ("clean", t_clean), ("ingest+clean", both), ("sentences", t_sent)]
    print(table(rows, n))
    print(f"sentences/s (cpu): {n_sent / t_sent.cpu:.0f}")
    print(f"peak memory (max RSS): {peak_mb():.0f} MB; target ingest+clean >= 500 articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
