"""Datewise timeline summarisation (``kronologi.stories.tls``) and the PTB detokeniser.

All article text here is invented for the tests (a flood in an imaginary river town).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kronologi.ingest.ptb import detokenize, looks_ptb
from kronologi.model import Article, Published, Sentence, Timex
from kronologi.stories.tls import TlsConfig, build_timeline, rank_dates, timeline_command

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def art(aid: str, published: str, sentences: list[str],
        days: dict[int, list[str]] | None = None) -> Article:
    """An analysed article: ``days`` maps a sentence index to the days it mentions."""
    sents, start = [], 0
    for i, text in enumerate(sentences):
        sents.append(Sentence(i, text, start, start + len(text), i))
        start += len(text) + 2
    timexes = tuple(Timex(i, "that day", 0, 8, d, "date", "explicit")
                    for i, ds in (days or {}).items() for d in ds)
    return Article(id=aid, source=f"{aid}.txt", language="en", paragraphs=tuple(sentences),
                   published=Published(published, 1.0, "test"), sentences=tuple(sents),
                   timexes=timexes)


FLOOD = [
    art("a1", "2021-03-02", [
        "Heavy rain flooded the river town of Marlow and forced two hundred residents out.",
        "Rescue teams carried the residents to the school gym in small boats overnight.",
    ], {0: ["2021-03-01"]}),
    art("a2", "2021-03-05", [
        "The flood in Marlow damaged four hundred homes along the river, officials said.",
        "The mayor asked the province for emergency money to rebuild the river wall.",
    ], {0: ["2021-03-01"], 1: ["2021-03-04"]}),
    art("a3", "2021-03-10", [
        "Engineers said the old river wall of Marlow failed after four days of rain.",
        "Repair crews started rebuilding the broken river wall with steel and concrete.",
    ], {0: ["2021-03-01"], 1: ["2021-03-09"]}),
    art("a4", "2021-03-12", [
        "The province approved emergency money for Marlow to rebuild the river wall.",
        "Residents who lost their homes will receive grants from the fund in April.",
    ], {0: ["2021-03-11"]}),
]


def test_rank_dates_prefers_days_the_collection_looks_back_at() -> None:
    ranked = rank_dates(FLOOD)
    # three later articles refer back to the flood day; no other day has more than one voice
    assert ranked[0][0] == date(2021, 3, 1)
    assert ranked[0][1] > 2 * ranked[1][1]


def test_rank_dates_restricts_to_the_range() -> None:
    ranked = rank_dates(FLOOD, date(2021, 3, 4), date(2021, 3, 10))
    assert {d for d, _ in ranked} <= {date(2021, 3, d) for d in range(4, 11)}
    assert date(2021, 3, 1) not in {d for d, _ in ranked}
    assert ranked  # days inside the range are still ranked


def test_rank_dates_counts_an_article_once_per_day() -> None:
    once = art("b1", "2021-03-05", ["Rain again.", "Rain again and again."], {0: ["2021-03-01"]})
    twice = art("b1", "2021-03-05", ["Rain again.", "Rain again and again."],
                {0: ["2021-03-01"], 1: ["2021-03-01"]})
    assert dict(rank_dates([once])) == dict(rank_dates([twice]))


def test_build_timeline_limits_dates_and_sentences_and_cites_verbatim() -> None:
    entries = build_timeline(FLOOD, max_dates=2, sentences_per_date=1)
    assert len({e.date for e in entries}) == 2
    assert all(sum(e.date == d for e in entries) == 1 for d in {e.date for e in entries})
    assert entries[0].date == "2021-03-01"
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    by_id = {a.id: a for a in FLOOD}
    for e in entries:
        assert by_id[e.article].sentences[e.sentence].text == e.text


def test_build_timeline_picks_the_central_sentence_of_a_day() -> None:
    day = {0: ["2021-05-01"]}
    arts = [
        art("d1", "2021-06-01", ["Flood water covered the main street of Marlow overnight."], day),
        art("d2", "2021-06-02", ["Flood water covered the main street and market of Marlow."],
            day),
        art("d3", "2021-06-03", ["The mayor spoke on local radio about insurance claims."], day),
    ]
    entries = build_timeline(arts, max_dates=1, sentences_per_date=1)
    # the outlier about the radio interview is furthest from what the witnesses share
    assert len(entries) == 1 and entries[0].date == "2021-05-01"
    assert entries[0].article in {"d1", "d2"}


def test_build_timeline_never_repeats_a_near_duplicate_across_days() -> None:
    dup = "Crews finished the new river wall of Marlow and the road reopened to traffic."
    arts = [art("c1", "2021-04-02", [dup], {0: ["2021-04-01"]}),
            art("c2", "2021-04-03", [dup.replace("traffic", "cars")], {0: ["2021-04-02"]})]
    entries = build_timeline(arts, max_dates=5, sentences_per_date=1)
    assert len(entries) == 1


def test_build_timeline_zero_budget_is_empty() -> None:
    assert build_timeline(FLOOD, 0, 2) == []
    assert build_timeline(FLOOD, 3, 0) == []


def test_config_weights_change_the_ranking() -> None:
    # eight articles published on one day, none naming a day: by default three later
    # articles looking back at the flood (3 x 1.0) outweigh them (8 x 0.3); when publication
    # counts weigh as much as references, the busy day wins
    busy = [art(f"p{i}", "2021-03-20", ["Marlow holds a town meeting about the river wall."])
            for i in range(8)]
    assert rank_dates([*FLOOD, *busy])[0][0] == date(2021, 3, 1)
    assert rank_dates([*FLOOD, *busy], cfg=TlsConfig(pub_weight=1.0))[0][0] == date(2021, 3, 20)


JSONL_RECORDS = [
    {"id": "t/1", "date": "2021-03-02", "text":
        "Heavy rain flooded the river town of Marlow on Monday , forcing residents out . \n"
        "Rescue teams carried two hundred people to the school gym in boats . \n"},
    {"id": "t/2", "date": "2021-03-05", "text":
        "The flood that hit Marlow on March 1 damaged four hundred homes , officials said . \n"
        "The mayor 's office asked the province for emergency money -LRB- grants -RRB- . \n"},
    {"id": "t/3", "date": "2021-03-10", "text":
        "Engineers said the river wall of Marlow failed on 1 March 2021 after days of rain . \n"
        "Repair crews began rebuilding the wall yesterday with steel and concrete . \n"},
]


def test_timeline_command_as_one_story_writes_the_contract(tmp_path: Path) -> None:
    src = tmp_path / "flood.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in JSONL_RECORDS), encoding="utf-8")
    out = tmp_path / "out.json"
    result = timeline_command([str(src)], True, "2021-03-01", "2021-03-31", 2, 1, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["stories"]) == 1 and len(result.stories) == 1
    story = data["stories"][0]
    assert sorted(story["articles"]) == sorted(a["id"] for a in data["articles"])
    timeline = story["timeline"]
    assert 1 <= len(timeline) <= 2
    assert timeline[0]["date"] == "2021-03-01"
    texts = {(a["id"], s["i"]): s["text"] for a in data["articles"] for s in a["sentences"]}
    for entry in timeline:
        cite = entry["citations"][0]
        assert texts[(cite["article"], cite["sentence"])] == entry["text"]
        assert "2021-03-01" <= entry["date"] <= "2021-03-31"


def test_timeline_command_without_one_story_keeps_story_clustering(tmp_path: Path) -> None:
    src = tmp_path / "flood.jsonl"
    other = {"id": "t/9", "date": "2021-03-04", "text":
             "The city orchestra played a new symphony for a full concert hall on Wednesday . \n"
             "Critics praised the young violinist who led the strings in the second movement . \n"}
    src.write_text("".join(json.dumps(r) + "\n" for r in [*JSONL_RECORDS, other]),
                   encoding="utf-8")
    one = timeline_command([str(src)], True, None, None, 5, 1, None)
    many = timeline_command([str(src)], False, None, None, 5, 1, None)
    assert len(one.stories) == 1 and len(many.stories) >= 2
    for story in many.stories:
        members = set(story["articles"])
        assert all(e["citations"][0]["article"] in members for e in story["timeline"])
        assert len({e["date"] for e in story["timeline"]}) <= 5


@pytest.mark.parametrize(("ptb", "prose"), [
    ("The doctor 's clinic -LRB- in Texas -RRB- was searched , police said .",
     "The doctor's clinic (in Texas) was searched, police said."),
    ("He said the bill was `` far too high '' and they ca n't pay .",
     'He said the bill was "far too high" and they can\'t pay.'),
    ("It cost $ 75,000 -LSB- about 50 % -RSB- ; the guards ' union agreed ?",
     "It cost $75,000 [about 50%]; the guards' union agreed?"),
    ("She called it ` a mistake ' . . .", "She called it 'a mistake'..."),
    ("Hosts Ann Lee\\/Bo Park rate it 5 \\* .", "Hosts Ann Lee/Bo Park rate it 5 *."),
    ("Acme Corp. 's well -LRB- the old one -RRB- 's cap held .",
     "Acme Corp.'s well (the old one)'s cap held."),
])
def test_detokenize(ptb: str, prose: str) -> None:
    assert detokenize(ptb) == prose


def test_detokenize_keeps_lines() -> None:
    assert detokenize("Rain fell .\nRivers rose , again .\n") == "Rain fell.\nRivers rose, again.\n"


def test_looks_ptb() -> None:
    assert looks_ptb("Rain fell on the town . \nThe river rose , officials said . \n")
    assert looks_ptb("Storm hits coast -LRB- AP -RRB- -- Rain fell, Mr. Lee said.")
    assert looks_ptb("A short caption about the storm . \n")
    assert not looks_ptb("Rain fell on the town. The river rose, officials said. Roads shut.")
    assert not looks_ptb("Harga naik, kata dia. Warga antre di pasar; sebagian pulang.")


def test_timeline17_records_are_detected_as_ptb() -> None:
    path = SHARED / "data" / "timeline17" / "MJ_bbc" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"Timeline17 data not found at {path}")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    share = sum(looks_ptb(r["text"]) for r in records) / len(records)
    assert share > 0.98
