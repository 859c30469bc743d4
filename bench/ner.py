"""NER accuracy on the IndoNLU validation splits, beside the figures there are to compare with.

    python bench/ner.py [--data ../shared/data/indonlu]

Scores are entity-level exact-match precision/recall/F1 (seqeval's default reading of BIO),
per dataset and per type, on the **valid** splits: both IndoNLU test splits are label-masked
(the benchmark scored them privately), so no test figure can be computed here. Each dataset is
scored with its own label set: predictions of a type the dataset does not annotate (EVT on
NERGrit) are dropped, and NERP's FNB spans, which the model does not learn, are reported both
left out and counted as misses.

Two systems are scored: the shipped CRF alone, and the full mention stage (CRF + role,
phrase, gazetteer and acronym rules, ``entities.sentence_mentions`` on the tokens joined by
spaces, GPE scored as LOC). NERP is ~90% lowercased, where the case-driven rules rarely fire.

Comparison: the IndoNLU paper's NER table (Wilie et al. 2020, test splits) is not available
offline, so no IndoNLU figure is printed; for scale, IndoLEM (Koto et al. 2020) reports F1
82.2 (Bi-LSTM-CRF) and 90.1 (IndoBERT) on NER-UI, a different Indonesian dataset
(PER/LOC/ORG, its own test split). These are not the same sets and are printed as context only.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from kronologi.analyse import entities
from kronologi.analyse.ner_features import LABEL_MAP, read_conll, score, sentence_features

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "indonlu"
# Types each dataset annotates (in the common scheme) and its own label names for them.
LABEL_SETS = {
    "nergrit": {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORGANISATION"},
    "nerp": {"PER": "PPL", "LOC": "PLC", "ORG": "IND", "EVT": "EVT", "FNB": "FNB"},
}
CONTEXT = [
    ("IndoNLU NERGrit / NERP (test, paper)", "not available offline"),
    ("IndoLEM NER-UI Bi-LSTM-CRF (other dataset)", "F1 82.2"),
    ("IndoLEM NER-UI IndoBERT (other dataset)", "F1 90.1"),
]


def gold_tags(tags: Sequence[str]) -> list[str]:
    """Dataset tags in the common scheme, FNB kept as FNB (so it can count as a miss)."""
    out = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        out.append("O" if tag == "O" else f"{prefix}-{LABEL_MAP.get(label) or label}")
    return out


def keep(tags: Sequence[str], allowed: set[str]) -> list[str]:
    return [t if t == "O" or t[2:] in allowed else "O" for t in tags]


def pipeline_tags(words: Sequence[str]) -> list[str]:
    """Tags from the full mention stage run on the words joined by spaces."""
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    text = " ".join(words)
    tags = ["O"] * len(words)
    for a, b, kind in entities.sentence_mentions(text):
        kind = "LOC" if kind == "GPE" else kind
        inside = [i for i, s in enumerate(starts) if s >= a and s + len(words[i]) <= b]
        for n, i in enumerate(inside):
            tags[i] = f"{'B' if n == 0 else 'I'}-{kind}"
    return tags


def report(name: str, system: str, gold: list[list[str]], pred: list[list[str]]) -> None:
    labels = LABEL_SETS[name]
    scored = {k for k in labels if k != "FNB"}
    no_fnb = [keep(g, scored) for g in gold]
    overall = score(no_fnb, pred)
    print(f"  {system:<14} all types{' (no FNB)' if 'FNB' in labels else '':<9} "
          f"P {overall.precision:.3f}  R {overall.recall:.3f}  F1 {overall.f1:.3f}")
    if "FNB" in labels:
        s = score(gold, pred)
        print(f"  {'':<14} FNB as misses     P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}")
    for kind, own in labels.items():
        if kind == "FNB":
            continue
        s = score(no_fnb, pred, kind)
        print(f"  {'':<14} {own:<12} ({kind})  P {s.precision:.3f}  R {s.recall:.3f}  "
              f"F1 {s.f1:.3f}  n={s.n_gold}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    tagger = entities.tagger()
    for name, labels in LABEL_SETS.items():
        sents = read_conll(str(args.data / name / "valid_preprocess.txt"))
        gold = [gold_tags(t) for _, t in sents]
        allowed = set(labels)
        t0 = time.process_time()  # CPU time of this process: one core, whatever else runs
        crf = [keep(tagger.tag(sentence_features(w)), allowed) for w, _ in sents]
        seconds = time.process_time() - t0
        tokens = sum(len(w) for w, _ in sents)
        print(f"{name} valid: {len(sents)} sentences, {tokens} tokens; "
              f"CRF {tokens / seconds:,.0f} tokens/s per CPU second (features + tagging)")
        report(name, "CRF", gold, crf)
        report(name, "CRF + rules", gold, [keep(pipeline_tags(w), allowed) for w, _ in sents])
    print("comparison (context; not the same evaluation):")
    for label, figure in CONTEXT:
        print(f"  {label:<45} {figure}")


if __name__ == "__main__":
    main()
