"""Larger corpora for benchmarks, recombined from the bundled demo articles.

Benchmarks need thousands of articles with realistic noise and language; the demo corpus has
fifteen. Recombining its paragraph blocks (header blocks kept with their noise, body blocks
shuffled across articles, a serial number appended so every text — and so every id — is
distinct) gives corpora of any size that exercise the same code paths. Deterministic for a
given seed, so benchmark runs are comparable.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from importlib import resources
from pathlib import Path


def _blocks() -> tuple[list[str], list[str]]:
    """Header blocks (first three of each .txt demo article) and all later body blocks."""
    heads: list[str] = []
    bodies: list[str] = []
    corpus = resources.files("kronologi") / "demo" / "corpus"
    for entry in sorted(corpus.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt"):
            continue
        blocks = [b for b in entry.read_text("utf-8").split("\n\n") if b.strip()]
        heads.append("\n\n".join(blocks[:3]))
        bodies.extend(blocks[3:])
    return heads, bodies


def texts(n: int, seed: int = 7) -> Iterator[str]:
    """``n`` recombined article texts (10–16 blocks each)."""
    rng = random.Random(seed)
    heads, bodies = _blocks()
    for i in range(n):
        picked = rng.sample(bodies, k=min(len(bodies), rng.randint(10, 16)))
        yield rng.choice(heads) + "\n\n" + "\n\n".join(picked) + f"\n\nNomor arsip {i}.\n"


def write_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` recombined articles as .txt files, 1,000 per subfolder."""
    for i, text in enumerate(texts(n, seed)):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
