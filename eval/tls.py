"""Timeline summarisation on Timeline17, scored as the published results are.

Usage::

    python eval/tls.py [--data ../shared/data/timeline17] [--only MJ_bbc ...] [--dump DIR]

For every folder and each of its reference timelines this runs the ``kronologi timeline``
command's function (``kronologi.stories.tls.timeline_command``) on the folder's
``articles.jsonl`` with ``--as-one-story``, N = the reference's number of dates, K = its mean
sentences per date (rounded, at least 1), and the reference's first and last date as the
range — the news-tls protocol. The reference is never shown to the method.

Scores (``eval/rouge_align.py``): alignment-based ROUGE-1 and ROUGE-2 F1
(``align_date_content_costs_many_to_one``, Martschat & Markert 2017, as tilse computes it with
its Perl-ROUGE defaults) and date F1. Prints one line per reference with wall time per folder
(ingest + analysis + timeline), the means, and the published table beside them.
``--dump`` writes each predicted timeline in the references' own text format, so the scores
can be recomputed with tilse itself.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rouge_align import align_rouge, date_f1

from kronologi.stories.tls import timeline_command

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "timeline17"

PUBLISHED = """\
published (news-tls, Table 4, whole T17)     AR1-F  AR2-F  Date-F1
  DATEWISE (supervised date ranker)          0.120  0.035  0.544
  MARTSCHAT2018 (tilse, submodular)          0.105  0.030  0.544
  CLUST                                      0.082  0.020  0.407
  PUBCOUNT                                   0.105  0.027  0.481
  CHIEU2004                                  0.066  0.019  0.251"""

Timeline = dict[date, list[str]]


def read_timeline(path: Path) -> Timeline:
    """A Timeline17 reference: a date line, its sentences, a line of dashes; repeated.

    A block whose date line is not a valid date (MJ_bbc has "2011-04-0") is left out, with a
    note on stderr: there is no date to align it to.
    """
    out: Timeline = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line:
            continue
        if set(line) == {"-"} and len(line) > 5:
            current = None
        elif current is None:
            try:
                current = out.setdefault(date.fromisoformat(line), [])
            except ValueError:
                print(f"{path}: block with bad date line {line!r} left out", file=sys.stderr)
                current = []
        else:
            current.append(line)
    return out


def write_timeline(tl: Timeline, path: Path) -> None:
    blocks = [f"{d.isoformat()}\n" + "".join(f"{s}\n" for s in tl[d]) + "-" * 32 + "\n"
              for d in sorted(tl)]
    path.write_text("".join(blocks), encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Score:
    folder: str
    reference: str
    n_dates: int
    k: int
    ar1: float
    ar2: float
    date_f1: float
    seconds: float


def predict(articles: Path, ref: Timeline) -> Timeline:
    dates = sorted(ref)
    k = max(1, round(sum(len(v) for v in ref.values()) / len(ref)))
    result = timeline_command([str(articles)], True, dates[0], dates[-1], len(dates), k, None)
    tl: Timeline = {}
    for story in result.stories:
        for e in story["timeline"]:
            tl.setdefault(date.fromisoformat(e["date"]), []).append(e["text"])
    return tl


def evaluate_folder(folder: Path, dump: Path | None) -> list[Score]:
    scores = []
    for ref_path in sorted((folder / "timelines").glob("*.txt")):
        ref = read_timeline(ref_path)
        t0 = time.perf_counter()
        pred = predict(folder / "articles.jsonl", ref)
        seconds = time.perf_counter() - t0
        if dump is not None:
            (dump / folder.name).mkdir(parents=True, exist_ok=True)
            write_timeline(pred, dump / folder.name / ref_path.name)
        k = max(1, round(sum(len(v) for v in ref.values()) / len(ref)))
        scores.append(Score(folder.name, ref_path.name, len(ref), k,
                            align_rouge(pred, ref, 1).f1, align_rouge(pred, ref, 2).f1,
                            date_f1(list(pred), list(ref)).f1, seconds))
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--only", nargs="*", default=None, help="folder names to run")
    ap.add_argument("--dump", type=Path, default=None, help="write predicted timelines here")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no Timeline17 data at {args.data}", file=sys.stderr)
        return 2
    folders = sorted(p for p in args.data.iterdir() if (p / "articles.jsonl").is_file())
    if args.only:
        folders = [f for f in folders if f.name in args.only]
    print(f"{'folder/reference':48} {'N':>3} {'K':>2} {'AR1-F':>6} {'AR2-F':>6} "
          f"{'Date-F1':>7} {'sec':>6}")
    all_scores: list[Score] = []
    for folder in folders:
        for s in evaluate_folder(folder, args.dump):
            all_scores.append(s)
            print(f"{s.folder + '/' + s.reference:48} {s.n_dates:3d} {s.k:2d} {s.ar1:6.4f} "
                  f"{s.ar2:6.4f} {s.date_f1:7.3f} {s.seconds:6.1f}", flush=True)
    if not all_scores:
        return 1
    n = len(all_scores)
    print(f"{'mean over ' + str(n) + ' references':48} {'':3} {'':2} "
          f"{sum(s.ar1 for s in all_scores) / n:6.3f} {sum(s.ar2 for s in all_scores) / n:6.3f} "
          f"{sum(s.date_f1 for s in all_scores) / n:7.3f} "
          f"{sum(s.seconds for s in all_scores) / n:6.1f}")
    print()
    print(PUBLISHED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
