"""Evaluate the quotes stage on the hand-written gold articles and the seed references.

Usage: python eval/quotes.py [--verbose]

Gold articles (eval/gold/quotes/*.txt, format in eval/gold/README-quotes.md) carry their
quotes inline as ``[[span]]{d|speaker|verb|relay|date}``. A predicted quote matches a gold
quote when both have the same direct flag and their word multisets overlap by at least half
of the shorter one (one-to-one, best overlap first). Reported: detection P/R/F1 overall, by
direct/indirect and by language; speaker, verb, relay and date accuracy over matched pairs;
and a baseline (text between quote marks of 3+ words, speaker = the nearest capitalised word
after the closing mark) beside ours. Seed references (eval/gold/quotes_seeds.toml) name a
seed file, a line and the quote's ordinal among quotes of the same kind on that line.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kronologi.analyse import quotes
from kronologi.analyse import sentences as splitter
from kronologi.model import Article, DocMeta, Published

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "gold" / "quotes"
SEEDS_GOLD = ROOT / "gold" / "quotes_seeds.toml"
SHARED = Path(os.environ.get("KRONOLOGI_SHARED") or ROOT.parents[1] / "shared")
_MARK = re.compile(r"\[\[|\]\]\{([^}]*)\}")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Gold:
    text: str
    direct: bool
    speakers: tuple[str, ...]  # accepted names (first is canonical)
    verb: str | None
    relay: str | None
    date: str | None


@dataclass(frozen=True)
class Pred:
    text: str
    direct: bool
    speaker: str | None
    verb: str | None
    relay: str | None
    date: str | None


def _opt(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def parse_gold(path: Path) -> tuple[Article, list[Gold]]:
    """An Article (paragraphs, language, date) and its gold quotes from one gold file."""
    raw = path.read_text(encoding="utf-8")
    header, _, body = raw.partition("\n---\n")
    meta = dict(line.split(" = ", 1) for line in header.splitlines() if " = " in line)
    body = body.strip("\n")
    pieces: list[str] = []
    stack: list[int] = []
    spans: list[tuple[int, int, list[str]]] = []
    pos = length = 0
    for m in _MARK.finditer(body):
        pieces.append(body[pos:m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group() == "[[":
            stack.append(length)
        else:
            spans.append((stack.pop(), length, [*m.group(1).split("|"), "", "", "", ""]))
    pieces.append(body[pos:])
    text = "".join(pieces)
    golds = [Gold(text[a:b], f[0] == "d", tuple(s.strip() for s in f[1].split("/")),
                  _opt(f[2]), _opt(f[3]), _opt(f[4])) for a, b, f in sorted(spans)]
    paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
    article = Article(id=path.stem, source=str(path), language=meta.get("lang", "id"),
                      paragraphs=paragraphs, title=meta.get("title"),
                      meta=DocMeta(date=meta.get("published")),
                      published=Published(meta.get("published"), 1.0, "gold"))
    golds = [g if g.date else Gold(g.text, g.direct, g.speakers, g.verb, g.relay,
                                   meta.get("published")) for g in golds]
    return article, golds


def analyse(article: Article) -> tuple[Article, list[str]]:
    """Run the stages before quotes that exist in this tree, then quotes."""
    used = ["sentences"]
    article = splitter.annotate(article)
    for name in ("timex", "entities"):
        try:
            module = __import__(f"kronologi.analyse.{name}", fromlist=["annotate"])
        except ImportError:
            continue
        article = module.annotate(article)
        used.append(name)
    return quotes.annotate(article), used


def _bag(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def overlap(a: str, b: str) -> float:
    ba, bb = _bag(a), _bag(b)
    shorter = min(sum(ba.values()), sum(bb.values()))
    return sum((ba & bb).values()) / shorter if shorter else 0.0


def match(golds: list[Gold], preds: list[Pred]) -> list[tuple[Gold, Pred]]:
    pairs = sorted(((overlap(g.text, p.text), gi, pi) for gi, g in enumerate(golds)
                    for pi, p in enumerate(preds) if g.direct == p.direct), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, gi, pi in pairs:
        if score < 0.5 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((golds[gi], preds[pi]))
    return out


def norm(name: str | None) -> str:
    if not name:
        return ""
    name = re.sub(r"^(the|a|an|para|sejumlah|beberapa|seorang)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"\s+", " ", name).lower()


def baseline(article: Article) -> list[Pred]:
    """Text between quote marks of 3+ words; speaker = nearest capitalised word after."""
    out = []
    for par in article.paragraphs:
        for m in re.finditer(r"[“\"«‘']([^“”\"«»‘’']+)[”\"»’']", par):
            if len(_WORD.findall(m.group(1))) < 3:
                continue
            after = re.search(r"\b([A-Z][\w-]+)", par[m.end():])
            out.append(Pred(m.group(1), True, after.group(1) if after else None, None, None,
                            None))
    return out


def to_preds(article: Article) -> list[Pred]:
    return [Pred(q.text, q.direct, q.speaker, q.verb, q.relay, q.date) for q in article.quotes]


def _acc(n: int, d: int) -> str:
    return f"{n / d:.3f}" if d else "  -  "


class Score:
    """Counts for one slice (all, direct, indirect, id, en)."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.speaker = self.verb = self.relay = self.date = 0
        self.verb_n = self.date_n = 0

    def add(self, golds: list[Gold], preds: list[Pred], pairs: list[tuple[Gold, Pred]]) -> None:
        self.tp += len(pairs)
        self.fp += len(preds) - len(pairs)
        self.fn += len(golds) - len(pairs)
        for g, p in pairs:
            self.speaker += norm(p.speaker) in {norm(s) for s in g.speakers}
            self.relay += norm(p.relay) == norm(g.relay)
            if g.verb:
                self.verb_n += 1
                self.verb += p.verb == g.verb
            if g.date:
                self.date_n += 1
                self.date += p.date == g.date

    def row(self, label: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (f"{label:<10} gold={self.tp + self.fn:<4} pred={self.tp + self.fp:<4} "
                f"P={p:.3f} R={r:.3f} F1={f:.3f}  speaker={_acc(self.speaker, self.tp)} "
                f"verb={_acc(self.verb, self.verb_n)} relay={_acc(self.relay, self.tp)} "
                f"date={_acc(self.date, self.date_n)}")


def evaluate_gold(folder: Path, label: str, verbose: bool) -> None:
    ours: dict[str, Score] = {k: Score() for k in ("all", "direct", "indirect", "id", "en")}
    base = Score()
    used: list[str] = []
    files = sorted(folder.glob("*.txt"))
    for path in files:
        article, golds = parse_gold(path)
        analysed, used = analyse(article)
        preds = to_preds(analysed)
        pairs = match(golds, preds)
        ours["all"].add(golds, preds, pairs)
        ours[article.language].add(golds, preds, pairs)
        for kind, flag in (("direct", True), ("indirect", False)):
            ours[kind].add([g for g in golds if g.direct == flag],
                           [p for p in preds if p.direct == flag],
                           [(g, p) for g, p in pairs if g.direct == flag])
        b_preds = baseline(article)
        base.add(golds, b_preds, match(golds, b_preds))
        if verbose:
            _report_errors(path.name, golds, preds, pairs)
    print(f"== {label}: {len(files)} articles; stages run before quotes: {', '.join(used)}")
    for label, score in ours.items():
        print(score.row(label))
    print(base.row("baseline"))


def _report_errors(name: str, golds: list[Gold], preds: list[Pred],
                   pairs: list[tuple[Gold, Pred]]) -> None:
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in golds:
        if id(g) not in matched_g:
            print(f"  MISS {name} {'D' if g.direct else 'I'} [{g.speakers[0]}] {g.text[:70]}")
    for p in preds:
        if id(p) not in matched_p:
            print(f"  FP   {name} {'D' if p.direct else 'I'} [{p.speaker}] {p.text[:70]}")
    for g, p in pairs:
        bad = []
        if norm(p.speaker) not in {norm(s) for s in g.speakers}:
            bad.append(f"speaker {p.speaker!r}≠{g.speakers[0]!r}")
        if norm(p.relay) != norm(g.relay):
            bad.append(f"relay {p.relay!r}≠{g.relay!r}")
        if g.verb and p.verb != g.verb:
            bad.append(f"verb {p.verb!r}≠{g.verb!r}")
        if g.date and p.date != g.date:
            bad.append(f"date {p.date!r}≠{g.date!r}")
        if bad:
            print(f"  ERR  {name} {'; '.join(bad)} :: {g.text[:50]}")


def seed_articles() -> dict[str, tuple[Article, list[str]]]:
    """Seed file name -> (analysed article, raw lines); empty when ../shared is missing."""
    from kronologi.clean import clean
    from kronologi.ingest import iter_docs

    out = {}
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for doc in iter_docs([path]):
            article = clean(doc)
            if isinstance(article, Article):
                out[path.name] = (analyse(article)[0],
                                  path.read_text(encoding="utf-8").splitlines())
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def line_of(text: str, sentence: str, lines: list[str]) -> int | None:
    """1-based line of the seed file holding both the quote's start and its sentence's start
    (whitespace normalised: the cleaner turns no-break spaces into spaces)."""
    probe, context = _squash(text[:60]), _squash(sentence[:60])
    for n, line in enumerate(lines, 1):
        flat = _squash(line)
        if probe in flat and context in flat:
            return n
    return None


def seed_quotes(article: Article, lines: list[str]) -> dict[tuple[int, bool, int], Pred]:
    """(line, direct, ordinal among same-kind quotes on that line) -> predicted quote."""
    placed: dict[tuple[int, bool], list[tuple[int, Pred]]] = {}
    sentences = {s.i: s.text for s in article.sentences}
    for q in article.quotes:
        p = Pred(q.text, q.direct, q.speaker, q.verb, q.relay, q.date)
        n = line_of(q.text, sentences.get(q.sentence, ""), lines)
        if n is not None:
            where = _squash(lines[n - 1]).find(_squash(q.text[:30]))
            placed.setdefault((n, q.direct), []).append((where, p))
    return {(n, d, k + 1): p for (n, d), items in placed.items()
            for k, (_, p) in enumerate(sorted(items, key=lambda x: x[0]))}


def evaluate_seeds(verbose: bool) -> None:
    if not (SHARED / "seeds").is_dir() or not SEEDS_GOLD.exists():
        print("seeds: ../shared/seeds not found, skipped")
        return
    refs = tomllib.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["quote"]
    seeds = seed_articles()
    found = speaker = relay = 0
    by_file = {name: seed_quotes(a, lines) for name, (a, lines) in seeds.items()}
    for ref in refs:
        pred = by_file.get(ref["file"], {}).get((ref["line"], ref["direct"], ref["ordinal"]))
        if pred is None:
            if verbose:
                print(f"  SEED MISS {ref['file']}:{ref['line']} #{ref['ordinal']}")
            continue
        found += 1
        ok_s = norm(pred.speaker) == norm(ref["speaker"])
        ok_r = norm(pred.relay) == norm(ref.get("relay"))
        speaker += ok_s
        relay += ok_r
        if verbose and not (ok_s and ok_r):
            print(f"  SEED ERR {ref['file']}:{ref['line']} {pred.speaker!r} {pred.relay!r}")
    total_pred = sum(len(v) for v in by_file.values())
    lavrov = {quotes.speaker_key(p.speaker) for v in by_file.values() for p in v.values()
              if p.speaker and "lavrov" in p.speaker.lower()}
    print(f"seeds: refs={len(refs)} found={found} speaker={speaker}/{found} "
          f"relay={relay}/{found}; predicted quotes on seed lines={total_pred}; "
          f"Lavrov speaker keys={sorted(lavrov)}")


def main() -> None:
    verbose = "--verbose" in sys.argv
    evaluate_gold(GOLD, "development gold (rules tuned on it)", verbose)
    evaluate_gold(GOLD / "heldout", "held-out gold (written after tuning, not tuned on)", verbose)
    evaluate_seeds(verbose)


if __name__ == "__main__":
    main()
