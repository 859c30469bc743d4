"""Evaluate the time stage on the hand-written gold set, with dateparser as the baseline.

Usage: python eval/timex.py [--no-baseline] [--misses] [--timeline17]

Gold: eval/gold/timex.jsonl (development) and eval/gold/timex_heldout.jsonl (written after
the rules), both described in eval/gold/README-timex.md. Each record is
``[lang, publication date, sentence, ...]`` with expressions marked
``[[span|value|kind|family]]``. Every record becomes one small article resolved against its
publication date, so relative expressions have their anchor and "N hari kemudian" its
previous date.

Scores, for ours and for dateparser's ``search_dates(languages=["id", "en"],
settings={"RELATIVE_BASE": anchor})`` side by side:

* detection precision / recall / F1 — a prediction matches a gold expression when their
  spans overlap in the same sentence (one-to-one);
* value accuracy — share of *all* gold expressions whose matched prediction has exactly the
  gold value (a miss counts as wrong). dateparser returns a datetime only: it is credited at
  the gold's granularity (date → YYYY-MM-DD, month → YYYY-MM, year → YYYY) and cannot express
  ranges or durations.

HeidelTime is not run: it has no Indonesian resources and needs Java plus a POS tagger,
so offline here it could only be run on the English part, and not usefully.

Then, when ../shared/seeds exists, the seed references (eval/gold/timex_seeds.jsonl: file,
line, span — never text) are checked through the real pipeline with story anchoring, with
each article's publication date against its expected window.

``--timeline17`` adds an independent check of publication dates on real English news:
../shared/data/timeline17 (2,286 articles with known dates), inferred from the text alone,
per article and with each topic folder anchored as one story.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kronologi.analyse.timex import anchor_story, resolve
from kronologi.model import Article, Sentence

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
SHARED = Path(os.environ.get("KRONOLOGI_SHARED") or ROOT.parent / "shared")
FAMILIES = {"ex": "explicit", "wd": "weekday+date", "rel": "relative", "wk": "weekday ref",
            "part": "part of period", "dur": "duration"}
_MARK = re.compile(r"\[\[(.+?)\|(.+?)\|(.+?)\|(.+?)\]\]")


@dataclass(frozen=True)
class GoldTimex:
    doc: int
    sentence: int
    start: int
    end: int
    text: str
    value: str
    kind: str
    family: str


@dataclass(frozen=True)
class GoldDoc:
    lang: str
    anchor: date
    sentences: tuple[str, ...]


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int, str, str, str, str]]]:
    """Plain text and ``(start, end, text, value, kind, family)`` of each marked span."""
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        spans.append((length, length + len(m[1]), m[1], m[2], m[3], m[4]))
        out.append(m[1])
        length += len(m[1])
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def load_gold(path: Path = GOLD / "timex.jsonl") -> tuple[list[GoldDoc], list[GoldTimex]]:
    docs, golds = [], []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        lang, anchor, *marked = json.loads(line)
        texts = []
        for si, m in enumerate(marked):
            text, spans = parse_marked(m)
            texts.append(text)
            golds.extend(GoldTimex(len(docs), si, *span) for span in spans)
        docs.append(GoldDoc(lang, date.fromisoformat(anchor), tuple(texts)))
    return docs, golds


def article_of(i: int, doc: GoldDoc) -> Article:
    sents, offset = [], 0
    for si, text in enumerate(doc.sentences):
        sents.append(Sentence(si, text, offset, offset + len(text), si))
        offset += len(text) + 2
    return Article(id=f"gold{i}", source="gold", language=doc.lang, paragraphs=doc.sentences,
                   sentences=tuple(sents))


# prediction: (doc, sentence, start, end, value)
Prediction = tuple[int, int, int, int, str | None]


def ours(docs: list[GoldDoc]) -> list[Prediction]:
    preds = []
    for i, doc in enumerate(docs):
        art = resolve(article_of(i, doc), doc.anchor, "published")
        preds.extend((i, t.sentence, t.start, t.end, t.value) for t in art.timexes)
    return preds


def dateparser_baseline(docs: list[GoldDoc]) -> list[Prediction]:
    from dateparser.search import search_dates

    preds = []
    for i, doc in enumerate(docs):
        base = datetime(doc.anchor.year, doc.anchor.month, doc.anchor.day, 12)
        for si, text in enumerate(doc.sentences):
            found = search_dates(text, languages=["id", "en"],
                                 settings={"RELATIVE_BASE": base}) or []
            pos = 0
            for sub, dt in found:
                start = text.find(sub, pos)
                if start < 0:
                    start = text.find(sub)
                pos = start + len(sub)
                preds.append((i, si, start, start + len(sub), dt.date().isoformat()))
    return preds


def _granular(value: str | None, kind: str) -> str | None:
    """dateparser's datetime at the gold's granularity."""
    if value is None:
        return None
    return {"month": value[:7], "year": value[:4]}.get(kind, value)


def score(golds: list[GoldTimex], preds: list[Prediction], baseline: bool) -> dict:
    by_sent: dict[tuple[int, int], list[Prediction]] = defaultdict(list)
    for p in preds:
        by_sent[(p[0], p[1])].append(p)
    used: set[Prediction] = set()
    tp = 0
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # gold, detected, value ok
    misses = []
    for g in golds:
        f = fam[g.family]
        f[0] += 1
        match = next((p for p in by_sent[(g.doc, g.sentence)]
                      if p not in used and p[2] < g.end and g.start < p[3]), None)
        if match is None:
            misses.append((g, None))
            continue
        used.add(match)
        tp += 1
        f[1] += 1
        value = _granular(match[4], g.kind) if baseline else match[4]
        if value == g.value:
            f[2] += 1
        else:
            misses.append((g, match[4]))
    n_pred, n_gold = len(preds), len(golds)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    value_ok = sum(v[2] for v in fam.values())
    return {"P": p, "R": r, "F1": f1, "value": value_ok / n_gold, "tp": tp, "pred": n_pred,
            "gold": n_gold, "families": dict(fam), "misses": misses}


def _print_scores(ours_s: dict, base_s: dict | None) -> None:
    print(f"gold expressions: {ours_s['gold']}")
    head = f"{'':28}{'ours':>10}" + (f"{'dateparser':>12}" if base_s else "")
    print(head)
    for key, label in (("P", "detection precision"), ("R", "detection recall"),
                       ("F1", "detection F1"), ("value", "value accuracy")):
        row = f"{label:28}{ours_s[key]:>10.3f}"
        if base_s:
            row += f"{base_s[key]:>12.3f}"
        print(row)
    print("\nper family (n, recall, value accuracy):")
    for code, name in FAMILIES.items():
        n, det, ok = ours_s["families"].get(code, [0, 0, 0])
        if not n:
            continue
        row = f"  {name:16} n={n:<4} ours R={det / n:.3f} V={ok / n:.3f}"
        if base_s:
            _bn, bdet, bok = base_s["families"].get(code, [n, 0, 0])
            row += f"   dateparser R={bdet / n:.3f} V={bok / n:.3f}"
        print(row)


def _seed_articles() -> list[Article] | None:
    try:
        from kronologi.analyse import sentences
        from kronologi.clean import clean
        from kronologi.ingest import iter_docs
    except ImportError:
        return None
    arts = []
    for doc in iter_docs([str(SHARED / "seeds")]):
        art = clean(doc)  # type: ignore[arg-type]
        if isinstance(art, Article):
            arts.append(sentences.annotate(art))
    return anchor_story(arts)


def seeds() -> None:
    if not (SHARED / "seeds").is_dir():
        print("\nseeds: ../shared/seeds not found, skipped")
        return
    arts = _seed_articles()
    if arts is None:
        print("\nseeds: clean/sentences stages not importable, skipped")
        return
    by_file = {Path(a.source).name: a for a in arts}
    refs = [json.loads(x) for x in (GOLD / "timex_seeds.jsonl").read_text("utf-8").splitlines()
            if x.strip()]
    found = ok = 0
    used: set[tuple[str, int]] = set()
    print(f"\nseeds: {len(refs)} referenced expressions in {len(by_file)} articles")
    for ref in refs:
        art = by_file.get(ref["file"])
        line = (SHARED / "seeds" / ref["file"]).read_text("utf-8").splitlines()[ref["line"] - 1]
        cands = [(k, t) for k, t in enumerate(art.timexes if art else ())
                 if t.text == ref["text_span"] and (ref["file"], k) not in used
                 and art is not None and art.sentences[t.sentence].text[:40] in line]
        if not cands:
            print(f"  MISS {ref['file']}:{ref['line']} {ref['text_span']!r}")
            continue
        k, t = cands[0]
        used.add((ref["file"], k))
        found += 1
        if t.value == ref["value"]:
            ok += 1
        else:
            print(f"  WRONG {ref['file']}:{ref['line']} {ref['text_span']!r} "
                  f"{t.value} (gold {ref['value']})")
    print(f"  detected {found}/{len(refs)}, value accuracy {ok / len(refs):.3f}")
    wd = [r for r in refs if r["family"] == "wd"]
    wd_ok = sum(1 for r in wd for a in [by_file[r["file"]]] for t in a.timexes
                if t.text == r["text_span"] and t.value == r["value"])
    print(f"  weekday (d/m) expressions with the right 2016 date: {wd_ok}/{len(wd)}")
    windows = json.loads((GOLD / "timex_seeds_published.json").read_text("utf-8"))
    for name, art in sorted(by_file.items()):
        lo, hi = windows[name]
        good = art.published.date is not None and lo <= art.published.date <= hi
        years = {t.value[:4] for t in art.timexes if t.value and t.value[:1].isdigit()}
        print(f"  {'ok ' if good else 'BAD'} {name} published {art.published.date} "
              f"(expected {lo}..{hi}, conf {art.published.confidence}) years {sorted(years)}"
              f"\n      evidence: {art.published.evidence}")


# Timeline17 is PTB-tokenised ("Jackson 's", "-LRB-"); undo that so dates read as in print.
_DETOK = [(re.compile(r" ([,.;:!?%)])"), r"\1"), (re.compile(r"\( "), "("),
          (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"), (re.compile(r"-LRB-"), "("),
          (re.compile(r"-RRB-"), ")"), (re.compile(r"``|''"), '"')]


def _detok(line: str) -> str:
    for rx, rep in _DETOK:
        line = rx.sub(rep, line)
    return line.strip()


def _t17_article(rec: dict) -> Article:
    lines = tuple(_detok(x) for x in rec["text"].split("\n") if x.strip())
    sents, pos = [], 0
    for i, t in enumerate(lines):
        sents.append(Sentence(i, t, pos, pos + len(t), i))
        pos += len(t) + 2
    return Article(id=rec["id"], source=rec["id"], language="en", paragraphs=lines,
                   sentences=tuple(sents))


def _pub_report(label: str, pairs: list[tuple[str | None, str]]) -> None:
    dated = [abs((date.fromisoformat(p) - date.fromisoformat(g)).days) for p, g in pairs if p]
    n = len(pairs)
    within = sum(x <= 2 for x in dated)
    print(f"  {label}: dated {len(dated)}/{n} ({len(dated) / n:.1%}); of those exact "
          f"{sum(x == 0 for x in dated) / max(1, len(dated)):.1%}, within 2 days "
          f"{within / max(1, len(dated)):.1%}; within 2 days of all {within / n:.1%}")


def timeline17() -> None:
    """Publication dates on Timeline17 (English, known dates, text only, no metadata)."""
    root = SHARED / "data" / "timeline17"
    if not root.is_dir():
        print("timeline17: ../shared/data/timeline17 not found, skipped")
        return
    from kronologi.analyse.timex import annotate

    art_pairs, story_pairs = [], []
    for f in sorted(root.glob("*/articles.jsonl")):
        recs = [json.loads(x) for x in f.read_text("utf-8").splitlines() if x.strip()]
        arts = [_t17_article(r) for r in recs]
        art_pairs += [(annotate(a).published.date, r["date"]) for a, r in zip(arts, recs,
                                                                              strict=True)]
        story_pairs += [(a.published.date, r["date"])
                        for a, r in zip(anchor_story(arts), recs, strict=True)]
    print(f"\ntimeline17 publication dates ({len(art_pairs)} English articles, text only):")
    _pub_report("article level", art_pairs)
    _pub_report("story level (one folder = one story)", story_pairs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list our misses and wrong values")
    ap.add_argument("--timeline17", action="store_true",
                    help="also score publication dates on ../shared/data/timeline17 (~1 min)")
    args = ap.parse_args()
    for name in ("timex.jsonl", "timex_heldout.jsonl"):
        docs, golds = load_gold(GOLD / name)
        print(f"== {name}: {len(docs)} documents, "
              f"{sum(len(d.sentences) for d in docs)} sentences")
        ours_s = score(golds, ours(docs), baseline=False)
        base_s = (None if args.no_baseline
                  else score(golds, dateparser_baseline(docs), baseline=True))
        _print_scores(ours_s, base_s)
        if args.misses:
            for g, got in ours_s["misses"]:
                print(f"  {g.family:4} {g.text!r}: got {got}, gold {g.value}")
        print()
    seeds()
    if args.timeline17:
        timeline17()
    return 0


if __name__ == "__main__":
    sys.exit(main())
