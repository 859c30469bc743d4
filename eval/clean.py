"""Accuracy of the cleaning stage on the gold set ``eval/gold/clean_gold.json``.

Usage::

    python eval/clean.py [--verbose] [--min-precision 0.9] [--min-recall 0.9]

Each gold file lists, per 1-based line, which lines are boilerplate and why (reason codes of
docs/ARCHITECTURE.md), which line is the headline and which outlet the text names. The file
is read and decoded exactly as the pipeline does (``kronologi.ingest.iter_docs``), cleaned
with ``kronologi.clean.clean``, and scored:

- line-level precision/recall/F1 of boilerplate removal over non-empty lines (positive =
  boilerplate), with recall per gold reason and how often the predicted reason matches;
- title accuracy and outlet accuracy;
- the same P/R/F1 for a naive baseline, "drop exact-duplicate lines and lines under four
  words", so the figures have something to be compared with. (Running trafilatura on text
  that is already flattened to lines is not a meaningful baseline: it expects HTML.)

Seeds (``shared:seeds/...``) are read from the ``shared`` folder beside the repository and
skipped, with a message, when it is absent. See eval/gold/README-clean.md for the gold set.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kronologi.clean import clean
from kronologi.ingest import iter_docs
from kronologi.model import Article, Skipped

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KRONOLOGI_SHARED") or REPO.parent / "shared")
GOLD = REPO / "eval" / "gold" / "clean_gold.json"
SHARED_PREFIX = "shared:"
BASELINE_MIN_WORDS = 4
_DOMAIN_SUFFIX = re.compile(r"\.(co\.id|com|co|net|org|id)$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BRAND_SUFFIX = "com"  # "detikcom": a brand that spells its domain without the dot


@dataclass(slots=True)
class Counts:
    """Confusion counts of one binary decision (is this line boilerplate?)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[int], pred: set[int]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass(slots=True)
class Totals:
    """Everything the report prints, summed over the scored files."""

    ours: Counts = field(default_factory=Counts)
    baseline: Counts = field(default_factory=Counts)
    reason_gold: Counter[str] = field(default_factory=Counter)
    reason_found: Counter[str] = field(default_factory=Counter)
    reason_exact: Counter[str] = field(default_factory=Counter)
    files: int = 0
    skipped: int = 0
    title_ok: int = 0
    outlet_ok: int = 0


def resolve(path: str) -> Path:
    """Gold paths are repo-relative, or ``shared:<path>`` for the shared folder's files."""
    if path.startswith(SHARED_PREFIX):
        return SHARED / path.removeprefix(SHARED_PREFIX)
    return REPO / path


def norm_outlet(name: str | None) -> str | None:
    """Compare outlets loosely: case, punctuation, a leading "the" and a domain suffix aside
    ("KOMPAS.com" = "Kompas.com" = "kompas", "detikcom" = "Detik.com", "The Jakarta Post" =
    "Jakarta Post")."""
    if name is None:
        return None
    key = name.strip().casefold().removeprefix("www.").removeprefix("the ")
    return _NON_ALNUM.sub("", _DOMAIN_SUFFIX.sub("", key)).removesuffix(_BRAND_SUFFIX) or None


def norm_text(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def baseline(lines: dict[int, str]) -> set[int]:
    """The naive heuristic: every copy of a repeated line, and every line under 4 words."""
    counts = Counter(lines.values())
    return {
        no
        for no, text in lines.items()
        if counts[text] > 1 or len(text.split()) < BASELINE_MIN_WORDS
    }


def title_correct(article: Article, gold_line: int | None, lines: dict[int, str]) -> bool:
    """With a gold headline the title must be that line; without one, no line of the text
    may have been promoted to title (a title made up from the first sentence is fine)."""
    title = norm_text(article.title)
    if gold_line is not None:
        return title == norm_text(lines[gold_line])
    return title not in {norm_text(t) for t in lines.values()}


def score_file(entry: dict, totals: Totals, verbose: bool) -> list[str]:
    """Score one gold file into ``totals``; return its error lines (for --verbose)."""
    path = resolve(entry["path"])
    docs = list(iter_docs([path]))
    if len(docs) != 1:
        raise SystemExit(f"{entry['path']}: expected one document, ingest gave {len(docs)}")
    doc = docs[0]
    if isinstance(doc, Skipped):
        raise SystemExit(f"{entry['path']}: ingest skipped it: {doc.reason}")
    lines = {no: t.strip() for no, t in enumerate(doc.text.split("\n"), start=1) if t.strip()}
    gold = {int(no): reason for no, reason in entry["boilerplate"].items()}
    missing = sorted(set(gold) - set(lines))
    if missing:
        raise SystemExit(f"{entry['path']}: gold marks empty or absent lines {missing}")

    result = clean(doc)
    errors: list[str] = []
    if isinstance(result, Skipped):
        totals.skipped += 1
        pred: dict[int, str] = {}
        errors.append(f"  cleaner skipped it: {result.reason}")
    else:
        pred = {r.line: r.reason for r in result.removed if r.line in lines}
        if title_correct(result, entry["title_line"], lines):
            totals.title_ok += 1
        else:
            want = lines[entry["title_line"]] if entry["title_line"] else None
            errors.append(f"  title: got {result.title!r}, want {want!r}")
        if norm_outlet(result.outlet) == norm_outlet(entry["outlet"]):
            totals.outlet_ok += 1
        else:
            errors.append(f"  outlet: got {result.outlet!r}, want {entry['outlet']!r}")

    totals.files += 1
    totals.ours.add(set(gold), set(pred))
    totals.baseline.add(set(gold), baseline(lines))
    for no, reason in gold.items():
        totals.reason_gold[reason] += 1
        if no in pred:
            totals.reason_found[reason] += 1
            totals.reason_exact[reason] += pred[no] == reason
    if verbose:
        for no in sorted(set(gold) | set(pred)):
            g, p = gold.get(no), pred.get(no)
            if g != p:
                kind = "missed" if p is None else "extra " if g is None else "reason"
                errors.append(f"  {kind} line {no:>3} gold={g} pred={p}: {lines[no][:70]}")
    return errors


def report(totals: Totals) -> None:
    print(f"files scored: {totals.files} (cleaner skipped {totals.skipped})")
    print(f"{'':10} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
    for name, c in (("kronologi", totals.ours), ("baseline", totals.baseline)):
        p, r, f = c.prf()
        print(f"{name:10} {p:6.3f} {r:6.3f} {f:6.3f}  {c.tp}/{c.fp}/{c.fn}")
    print("\nper reason (gold lines: recall, predicted reason matches)")
    for reason, n in sorted(totals.reason_gold.items()):
        found, exact = totals.reason_found[reason], totals.reason_exact[reason]
        print(f"  {reason:18} {n:4}  recall {found / n:6.3f}  reason {exact / n:6.3f}")
    if totals.files:
        print(
            f"\ntitle accuracy  {totals.title_ok / totals.files:.3f} "
            f"({totals.title_ok}/{totals.files})"
        )
        print(
            f"outlet accuracy {totals.outlet_ok / totals.files:.3f} "
            f"({totals.outlet_ok}/{totals.files})"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--verbose", "-v", action="store_true", help="print per-file errors")
    ap.add_argument("--min-precision", type=float, default=None)
    ap.add_argument("--min-recall", type=float, default=None)
    args = ap.parse_args(argv)

    totals = Totals()
    for entry in json.loads(args.gold.read_text("utf-8"))["files"]:
        if entry["path"].startswith(SHARED_PREFIX) and not SHARED.is_dir():
            print(f"skip {entry['path']}: {SHARED} not found beside the repository")
            continue
        errors = score_file(entry, totals, args.verbose)
        if args.verbose and errors:
            print(entry["path"])
            print("\n".join(errors))
    report(totals)

    p, r, _ = totals.ours.prf()
    failed = [
        f"{name} {got:.3f} < {want}"
        for name, got, want in (
            ("precision", p, args.min_precision),
            ("recall", r, args.min_recall),
        )
        if want is not None and got < want
    ]
    if failed:
        print("FAIL: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
