"""Benchmark: the ``kronologi timeline --as-one-story`` path on Timeline17 folders.

    python bench/tls.py [--data ../shared/data/timeline17] [--only bpoil_reuters ...]
                        [--dates 20] [--sentences 2]

One process, one core. Per folder: articles, seconds for the whole command (ingest, clean,
analysis, timeline), of which the timeline construction alone, articles/second, and the peak
resident memory of the process so far. The acceptance bar is a ~300-article folder in under
60 s with peak memory under 2 GB; news-tls reports about 16 s per topic.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from kronologi import pipeline
from kronologi.stories.tls import build_timeline, with_time

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--dates", type=int, default=20)
    ap.add_argument("--sentences", type=int, default=2)
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no Timeline17 data at {args.data}", file=sys.stderr)
        return 2
    folders = sorted(p for p in args.data.iterdir() if (p / "articles.jsonl").is_file())
    if args.only:
        folders = [f for f in folders if f.name in args.only]
    print(f"{'folder':24} {'articles':>8} {'total s':>8} {'tls s':>6} {'art/s':>6} {'peak MB':>8}")
    for folder in folders:
        t0 = time.perf_counter()
        articles = with_time(pipeline.run([folder / "articles.jsonl"]).articles)
        t1 = time.perf_counter()
        build_timeline(articles, args.dates, args.sentences)
        t2 = time.perf_counter()
        print(f"{folder.name:24} {len(articles):8d} {t2 - t0:8.1f} {t2 - t1:6.1f} "
              f"{len(articles) / (t2 - t0):6.1f} {_peak_mb():8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
