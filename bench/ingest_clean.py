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
import resource
import sys
import tempfile
import time
from pathlib import Path

from kronologi.analyse import sentences
from kronologi.clean import clean
from kronologi.demo.synth import write_corpus
from kronologi.ingest import iter_docs
from kronologi.model import Article, RawDoc


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kronologi-bench-") as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.articles)
        # warm-up: language packs and the word-frequency list load once per process
        clean(RawDoc("warm-up", "Ini adalah kalimat yang cukup panjang. " * 10, "txt"))

        t0 = time.perf_counter()
        docs = [d for d in iter_docs([folder]) if isinstance(d, RawDoc)]
        t_ingest = time.perf_counter() - t0

        t0 = time.perf_counter()
        cleaned = [a for a in map(clean, docs) if isinstance(a, Article)]
        t_clean = time.perf_counter() - t0

        t0 = time.perf_counter()
        n_sent = sum(len(sentences.annotate(a).sentences) for a in cleaned)
        t_sent = time.perf_counter() - t0

    n = len(docs)
    total = t_ingest + t_clean
    print(f"corpus: {args.articles} generated articles, {n} ingested, {len(cleaned)} cleaned")
    print(f"{'stage':<22}{'seconds':>10}{'articles/s':>14}")
    for name, t in (("ingest", t_ingest), ("clean", t_clean), ("ingest+clean", total)):
        print(f"{name:<22}{t:>10.2f}{n / t:>14.0f}")
    rate = n_sent / t_sent
    print(f"{'sentences':<22}{t_sent:>10.2f}{n / t_sent:>14.0f}   ({rate:.0f} sentences/s)")
    print(f"peak memory (max RSS): {_peak_mb():.0f} MB; target ingest+clean >= 500 articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
