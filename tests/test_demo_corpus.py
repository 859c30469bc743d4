"""The bundled demo corpus meets its spec, and the cleaning gold set points at real lines.

Why these checks: the demo corpus is what `kronologi demo` and the evaluation run on, so a
date like "Senin (14/3)" that is not a Monday in the story's year would teach the time stage
a wrong answer, and a gold annotation of a line that moved would silently score the cleaner
against noise. The weekday check reads weekday and month names from the Indonesian language
pack, which is data, not the code under test.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kronologi.lang import topic

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "src" / "kronologi" / "demo" / "corpus"
GOLD = REPO / "eval" / "gold" / "clean_gold.json"
ARCHITECTURE = REPO / "docs" / "ARCHITECTURE.md"
SHARED = REPO.parent / "shared"
NOT_ARTICLES = {"README.md", "corpus.toml"}
FILE_NAME = re.compile(r"^(?P<story>[a-z]+)-(?P<nn>\d{2})-(?P<outlet>[a-z0-9]+)\.(txt|html|jsonl)$")


def manifest() -> dict:
    return tomllib.loads((CORPUS / "corpus.toml").read_text("utf-8"))


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_ARTICLES)


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def dated_weekdays(text: str, default_year: int) -> list[tuple[str, date, int]]:
    """Every weekday written beside a date: "Senin (14/3)", "Jumat (18/3/2022)",
    "Kamis, 17 Mar 2022". Returns (matched text, the date, the weekday it names)."""
    time = topic("id", "time")
    weekdays: dict[str, int] = time["weekdays"]
    months: dict[str, int] = {**time["months"], **time["month_abbreviations"]}
    day = _alternation(list(weekdays))
    month = _alternation(list(months))
    numeric = re.compile(rf"\b({day})\s*\((\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?\)", re.I)
    named = re.compile(rf"\b({day}),?\s+(\d{{1,2}})\s+({month})\b\.?(?:\s+(\d{{4}}))?", re.I)
    found = []
    for m in numeric.finditer(text):
        year = int(m[4]) if m[4] else default_year
        found.append((m[0], date(year, int(m[3]), int(m[2])), weekdays[m[1].lower()]))
    for m in named.finditer(text):
        year = int(m[4]) if m[4] else default_year
        found.append((m[0], date(year, months[m[3].lower()], int(m[2])), weekdays[m[1].lower()]))
    return found


def reason_codes() -> set[str]:
    """The fixed removal reasons, as docs/ARCHITECTURE.md lists them."""
    text = ARCHITECTURE.read_text("utf-8")
    section = text.split("## Removal reasons", 1)[1].split("\n", 1)[1].split("`Removed.line`")[0]
    return set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", section))


def test_manifest_lists_exactly_the_corpus_files() -> None:
    listed = [f["name"] for f in manifest()["files"]]
    assert sorted(listed) == [p.name for p in corpus_files()]


def test_file_names_carry_the_manifest_story() -> None:
    data = manifest()
    for f in data["files"]:
        m = FILE_NAME.match(f["name"])
        assert m, f"{f['name']} is not <story>-<nn>-<outlet>.<ext>"
        assert m["story"] == f["story"] and f["story"] in data["stories"]


def test_corpus_size_outlets_and_stories() -> None:
    files = manifest()["files"]
    indonesian = sum(f["articles"] for f in files if f["language"] == "id")
    per_story = Counter()
    for f in files:
        per_story[f["story"]] += f["articles"]
    assert indonesian >= 12
    assert len({f["outlet"] for f in files}) >= 4
    assert len(per_story) >= 3
    assert all(4 <= n <= 6 for n in per_story.values()), per_story


def test_jsonl_files_hold_the_articles_the_manifest_says() -> None:
    for f in manifest()["files"]:
        if f["name"].endswith(".jsonl"):
            lines = (CORPUS / f["name"]).read_text("utf-8").splitlines()
            records = [json.loads(line) for line in lines if line.strip()]
            assert len(records) == f["articles"]
            assert all({"text", "title", "url", "date"} <= r.keys() for r in records)


def test_every_weekday_date_pair_is_on_the_calendar() -> None:
    data = manifest()
    checked = 0
    for f in data["files"]:
        text = (CORPUS / f["name"]).read_text("utf-8")
        for written, day, weekday in dated_weekdays(text, data["stories"][f["story"]]["year"]):
            assert day.weekday() == weekday, f"{f['name']}: {written!r} is a {day:%A}"
            checked += 1
    assert checked >= 15  # the corpus has 20; finding few means the patterns broke


def test_weekday_check_catches_a_wrong_pair() -> None:
    ((written, day, weekday),) = dated_weekdays("pada Selasa (14/3/2022) sore", 2000)
    assert written == "Selasa (14/3/2022)" and day == date(2022, 3, 14)
    assert day.weekday() != weekday  # 14 March 2022 was a Monday


def gold_entries() -> list[dict]:
    return json.loads(GOLD.read_text("utf-8"))["files"]


def test_gold_covers_seeds_every_corpus_txt_and_enough_articles() -> None:
    paths = [e["path"] for e in gold_entries()]
    assert len(paths) == len(set(paths)) >= 30
    assert sum(p.startswith("shared:seeds/") for p in paths) == 5
    corpus_txt = {
        f"src/kronologi/demo/corpus/{p.name}" for p in corpus_files() if p.suffix == ".txt"
    }
    assert corpus_txt <= set(paths)
    assert sum(p.startswith("eval/gold/clean/") for p in paths) >= 12


def _check_gold_entry(entry: dict, text: str, reasons: set[str]) -> None:
    lines = text.split("\n")
    non_empty = {no for no, line in enumerate(lines, start=1) if line.strip()}
    marked = {int(no): reason for no, reason in entry["boilerplate"].items()}
    assert set(marked) <= non_empty, f"{entry['path']}: empty or absent {set(marked) - non_empty}"
    assert set(marked.values()) <= reasons, f"{entry['path']}: {set(marked.values()) - reasons}"
    title = entry["title_line"]
    assert title is None or (title in non_empty and title not in marked), entry["path"]


def test_gold_references_only_existing_lines_of_our_files() -> None:
    reasons = reason_codes()
    assert len(reasons) == 11 and "repeated-caption" in reasons
    for entry in gold_entries():
        if not entry["path"].startswith("shared:"):
            _check_gold_entry(entry, (REPO / entry["path"]).read_text("utf-8"), reasons)


def test_gold_references_only_existing_lines_of_the_seeds() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"needs the shared folder beside the repository: {SHARED} is missing")
    reasons = reason_codes()
    for entry in gold_entries():
        if entry["path"].startswith("shared:"):
            path = SHARED / entry["path"].removeprefix("shared:")
            _check_gold_entry(entry, path.read_text("utf-8"), reasons)
