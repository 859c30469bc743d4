"""Reader of the story-clustering gold manifests ``A-manifest.toml`` and ``B-manifest.toml``.

Each manifest lists ``[[article]]`` tables with ``file`` (relative to this folder), ``story``,
``development``, ``language``, ``published`` and ``outlet``. Half A is used to choose the
story stage's thresholds, half B only to check them (see ../README-stories.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
HALVES = ("A", "B")


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold article: its file and the story and development it belongs to."""

    path: Path
    story: str
    development: str
    language: str
    published: str
    outlet: str
    half: str


def read(half: str, folder: Path = HERE) -> list[GoldArticle]:
    """The articles of one half (``"A"`` or ``"B"``), in manifest order."""
    with (folder / f"{half}-manifest.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return [
        GoldArticle(folder / a["file"], a["story"], a["development"], a["language"],
                    a["published"], a["outlet"], half)
        for a in data["article"]
    ]


def read_all(halves: tuple[str, ...] = HALVES, folder: Path = HERE) -> list[GoldArticle]:
    """The articles of several halves, A before B."""
    return [a for h in halves for a in read(h, folder)]
