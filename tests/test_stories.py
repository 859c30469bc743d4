"""The story stage on invented articles: copies, stories across languages, timeline,
conflicts, incremental batches, stable ids, merges and persistence.

Every article below is our own invention (places are real, people, clubs and events are
not). They run through the real cleaning and analysis stages, so the story stage sees what
the pipeline gives it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kronologi.analyse import aliases, entities, quotes, sentences, timex
from kronologi.clean import clean
from kronologi.model import Article, Entity, RawDoc
from kronologi.pipeline import run
from kronologi.store import Store
from kronologi.store import stories as story_store
from kronologi.stories import StoryState, build, build_full, stories_table_rows, timeline_lines
from kronologi.stories.cluster import Clusterer, ClusterState, StoryNode, assign_batch
from kronologi.stories.features import article_features

TEXTS = {
    "L1": """Banjir Bandang Terjang Merapi Barat, Ribuan Warga Mengungsi

LAHAT (Antara) - Banjir bandang menerjang tiga desa di Kecamatan Merapi Barat, Kabupaten Lahat, Sumatera Selatan, pada Senin (6/3/2023) dini hari sehingga 1.200 warga mengungsi setelah Sungai Lematang meluap.

Kepala BPBD Lahat Hendra Wijaya mengatakan air naik dengan cepat dan merendam ratusan rumah hingga setinggi dada orang dewasa.

Menurut Hendra, posko pengungsian di balai desa sudah ada sejak 2 Januari 2021 dan kini dipakai lagi untuk menampung warga.

Petugas gabungan mengerahkan empat perahu karet untuk mengevakuasi warga lanjut usia dan anak-anak.
""",
    "L2": """Korban Banjir Lahat Bertambah, Jembatan Gantung Putus

Jumlah pengungsi banjir bandang di Kecamatan Merapi Barat, Kabupaten Lahat, terus bertambah pada Selasa (7/3/2023).

BPBD Lahat mencatat 1.500 warga mengungsi setelah Sungai Lematang meluap dan banjir bandang menerjang Merapi Barat pada Senin (6/3).

Sebuah jembatan gantung yang menghubungkan dua desa di tepi Sungai Lematang putus diterjang arus pada Selasa pagi.

Kepala BPBD Lahat Hendra Wijaya meminta warga tidak kembali ke rumah sebelum air benar-benar surut.

Dapur umum didirikan di halaman kantor kecamatan untuk melayani para pengungsi.
""",
    "L2copy": """Banjir Lahat: Pengungsi Bertambah, Jembatan Putus

Jumlah pengungsi banjir bandang di Kecamatan Merapi Barat, Kabupaten Lahat, terus bertambah pada Selasa (7/3/2023).

BPBD Lahat mencatat 1.500 warga mengungsi setelah Sungai Lematang meluap dan banjir bandang menerjang Merapi Barat pada Senin (6/3).

Sebuah jembatan gantung yang menghubungkan dua desa di tepi Sungai Lematang putus diterjang arus pada Selasa pagi.

Kepala BPBD Lahat Hendra Wijaya meminta warga tidak kembali ke rumah sebelum air benar-benar surut.
""",
    "L3": """Flash flood forces 1,500 from homes in South Sumatra

Flash floods swept through three villages in Merapi Barat district of Lahat regency, South Sumatra, on Monday, March 6, 2023, after the Lematang River burst its banks.

Lahat disaster agency head Hendra Wijaya said about 1,500 residents had fled to mosques and village halls in Merapi Barat.

A suspension bridge linking two villages on the Lematang River collapsed on Tuesday, March 7, 2023, Hendra Wijaya added.
""",
    "M1": """Wali Kota Pontianak dan Kuching Bahas Jalur Bus Lintas Batas

Wali Kota Pontianak Andi Saputra dan Wali Kota Kuching Lim Wei Ming bertemu di Kuching kemarin untuk membahas pembukaan jalur bus lintas batas kedua kota.

Keduanya sepakat menyusun jadwal uji coba bus Pontianak-Kuching melalui pos lintas batas Entikong, kata Andi Saputra, Sabtu (3/6/2023).

Dinas perhubungan kedua kota akan menghitung tarif dan jumlah armada yang dibutuhkan.
""",
    "M2": """Uji Coba Bus Pontianak-Kuching Disiapkan

Dalam pertemuan di Kuching pada 3 Juni 2023, Andi Saputra dan Lim Wei Ming menyepakati jadwal uji coba bus lintas batas melalui Entikong.

Andi Saputra mengatakan kepada wartawan di Pontianak, Senin (5/6/2023), bahwa dinas perhubungan sudah menghubungi tiga perusahaan otobus.

Uji coba direncanakan berlangsung selama dua pekan sebelum layanan dibuka untuk umum.
""",
    "F1": """Bintang Timur FC Tekuk Kartika Utama FC 2-1

Bintang Timur FC mengalahkan Kartika Utama FC dengan skor 2-1 dalam laga lanjutan liga di Stadion Sriwedari, Solo, Sabtu (4/3/2023).

Gol kemenangan dicetak penyerang Rendy Saputra pada menit ke-88 lewat sundulan kepala.

Pelatih Kartika Utama FC Joko Priyanto mengaku kecewa karena timnya kehilangan poin di menit akhir.
""",
    "F2": """Rendy Saputra Jadi Pahlawan Bintang Timur FC

Penyerang Bintang Timur FC Rendy Saputra mencetak gol penentu ke gawang Kartika Utama FC di Stadion Sriwedari pada Sabtu (4/3/2023).

Pelatih Bintang Timur FC Agus Salim memuji penyelesaian akhir Rendy dan kerja keras lini tengah.

Dengan kemenangan itu Bintang Timur FC naik ke peringkat ketiga klasemen sementara liga.
""",
}


def _analysed(keys: list[str]) -> tuple[list[Article], list[Entity]]:
    arts = []
    for key in keys:
        cleaned = clean(RawDoc(f"{key}.txt", TEXTS[key], "txt"))
        assert isinstance(cleaned, Article)
        arts.append(quotes.annotate(entities.annotate(timex.annotate(
            sentences.annotate(cleaned)))))
    return aliases.resolve(arts)


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, Article], list[Entity]]:
    arts, ents = _analysed(list(TEXTS))
    return dict(zip(TEXTS, arts, strict=True)), ents


def _story_of(stories: list[dict], article: Article) -> dict:
    return next(s for s in stories if article.id in s["articles"])


def test_stories_group_by_topic_across_languages(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    groups = sorted(sorted(k for k, a in arts.items() if a.id in s["articles"]) for s in stories)
    assert groups == [["F1", "F2"], ["L1", "L2", "L2copy", "L3"], ["M1", "M2"]]
    flood = _story_of(stories, arts["L1"])
    assert flood["id"] == "s-" + min(arts[k].id for k in ("L1",))
    assert flood["languages"] == ["en", "id"]


def test_copy_is_listed_as_also_published(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    flood = _story_of(stories, arts["L1"])
    assert flood["also_published_by"] == [
        {"article": arts["L2copy"].id, "outlet": arts["L2copy"].outlet, "copy_of": arts["L2"].id}
    ]
    cited = {c["article"] for e in flood["timeline"] for c in e["citations"]}
    assert arts["L2copy"].id not in cited and arts["L2"].id in cited


def test_timeline_is_dated_cited_and_skips_background(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    flood = _story_of(stories, arts["L1"])
    dates = [e["date"] for e in flood["timeline"]]
    assert "2021-01-02" not in dates  # "sejak 2 Januari 2021" is background
    assert dates == sorted(dates) and dates[0] == "2023-03-06"
    [monday] = [e for e in flood["timeline"] if e["date"] == "2023-03-06"]  # id and en merged
    assert {c["article"] for c in monday["citations"]} == {arts[k].id for k in ("L1", "L2", "L3")}
    for e in flood["timeline"]:
        assert e["citations"] and e["text"]


def test_conflicting_date_and_count_are_flagged(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    meeting = _story_of(stories, arts["M1"])
    dated = [c for c in meeting["conflicts"] if c["kind"] == "date"]
    assert len(dated) == 1
    sides = {cl["date"]: {x["article"] for x in cl["citations"]} for cl in dated[0]["claims"]}
    assert sides == {"2023-06-02": {arts["M1"].id}, "2023-06-03": {arts["M2"].id}}
    flood = _story_of(stories, arts["L1"])
    counts = [c for c in flood["conflicts"] if c["kind"] == "count"]
    assert [sorted(cl["value"] for cl in c["claims"]) for c in counts] == [[1200, 1500]]
    football = _story_of(stories, arts["F1"])
    assert football["conflicts"] == []


def test_summary_cites_sentences_without_repeating(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    for story in stories:
        texts = [s["text"] for s in story["summary"]]
        assert texts and len(set(texts)) == len(texts)
        by_id = {a.id: a for a in arts.values()}
        for s in story["summary"]:
            first = s["citations"][0]
            assert by_id[first["article"]].sentences[first["sentence"]].text.strip() == s["text"]


def test_incremental_batches_keep_ids_and_match_a_single_run(corpus):
    arts, ents = corpus
    first, state = build([arts["L1"], arts["F1"]], ents)
    assert len(first) == 2
    state = StoryState.from_dict(json.loads(json.dumps(state.to_dict())))  # as persisted
    rest = [arts[k] for k in ("L2", "L2copy", "L3", "F2", "M1", "M2")]
    second, state = build(rest, ents, state)
    once, _ = build(list(arts.values()), ents)
    assert {s["id"] for s in second} == {s["id"] for s in once}
    assert _story_of(second, arts["L2"])["id"] == _story_of(first, arts["L1"])["id"]
    assert {a.id: state.story_of(a.id) for a in arts.values()} == {
        a.id: _story_of(once, a)["id"] for a in arts.values()}


def test_rerun_is_byte_identical(corpus):
    arts, ents = corpus
    one = json.dumps(build(list(arts.values()), ents)[0], ensure_ascii=False)
    two = json.dumps(build(list(reversed(arts.values())), ents)[0], ensure_ascii=False)
    assert one == two


def test_developments_split_by_date_gaps(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    football = _story_of(stories, arts["F1"])
    assert [sorted(d["articles"]) for d in football["developments"]] == [
        sorted([arts["F1"].id, arts["F2"].id])]


def test_converged_stories_merge_and_the_merge_is_recorded(corpus):
    arts, _ = corpus
    feats = {k: article_features(arts[k]) for k in ("L2", "L2copy", "L3")}
    state = ClusterState()
    c = Clusterer(state)
    c.count(feats.values())
    # an earlier run left two reports of the flood in two stories
    for key in ("L2", "L2copy"):
        node = StoryNode("s-" + arts[key].id, [], {}, {}, {})
        state.stories[node.id] = node
        c._add(node, arts[key].id, c.vector(feats[key]))
    assign_batch([feats["L3"]], state)
    assert len(state.stories) == 1
    [event] = state.log
    assert event["event"] == "merge"
    assert {event["into"], event["from"]} == {"s-" + arts["L2"].id, "s-" + arts["L2copy"].id}
    assert set(state.story_of.values()) == {event["into"]}


def test_cli_views(corpus):
    arts, ents = corpus
    stories, _ = build(list(arts.values()), ents)
    rows = stories_table_rows(stories)
    assert [r[2] for r in rows] == [str(len(s["articles"])) for s in stories]
    meeting = _story_of(stories, arts["M1"])
    lines = timeline_lines(meeting)
    assert lines[0].startswith("2023-06-02  ") and f"[{arts['M1'].id[:8]}#0]" in lines[0]


def test_state_and_stories_persist(corpus, tmp_path: Path):
    arts, ents = corpus
    result = build_full(list(arts.values()), ents)
    with Store(str(tmp_path / "k.db")) as store:
        assert story_store.load_state(store) is None
        story_store.save(store, result.state, result.stories)
        loaded = story_store.load_state(store)
        assert loaded is not None and loaded.to_dict() == result.state.to_dict()
        assert story_store.stories(store) == result.stories
        flood = _story_of(result.stories, arts["L1"])
        assert story_store.story(store, flood["id"][2:10]) == flood
        again, state = build([arts["F2"]], ents, loaded)
        story_store.save(store, state, again)
        assert [s["id"] for s in story_store.stories(store)] == [s["id"] for s in result.stories]


def test_seed_story(seeds_dir: Path):
    arts, ents = _seed_articles(seeds_dir)
    stories, _ = build(arts, ents)
    assert len(stories) == 1
    [story] = stories
    devs = story["developments"]
    assert len(devs) == 2
    assert devs[0]["first"].startswith("2016-09") and devs[1]["last"].startswith("2016-12")
    dates = [e["date"] for e in story["timeline"]]
    assert dates[0] == "2016-09-23" and dates[-1] == "2016-12-14"
    assert len(set(zip(dates, [e["text"] for e in story["timeline"]], strict=True))) == len(dates)
    by_name = {Path(a.source).name[:3]: a.id for a in arts}
    [rome] = [c for c in story["conflicts"] if c["kind"] == "date"]
    sides = {cl["date"]: {x["article"] for x in cl["citations"]} for cl in rome["claims"]}
    assert sides == {"2016-12-02": {by_name["004"]}, "2016-12-03": {by_name["002"]}}


def _seed_articles(seeds_dir: Path) -> tuple[list[Article], list[Entity]]:
    result = run([seeds_dir], store=None)
    assert len(result.articles) == 5
    return result.articles, result.entities


def test_article_without_dates_or_mentions_still_gets_a_story():
    bare = Article(id="0123456789abcdef", source="bare.txt", language="id",
                   paragraphs=("Warga desa membersihkan lumpur sisa banjir di jalan kampung.",))
    stories, state = build([bare], [])
    [story] = stories
    assert story["articles"] == [bare.id] and story["timeline"] == []
    assert [d["articles"] for d in story["developments"]] == [[bare.id]]
    assert state.story_of(bare.id) == story["id"]


def test_long_timeline_keeps_the_best_supported_dates():
    from kronologi.stories.timeline import Candidate, Entry, rank

    def entry(day: int, articles: list[str]) -> Entry:
        date = f"2023-01-{day:02d}"
        return Entry(date, [Candidate(date, a, 3, "x", "2023-02-01") for a in articles])

    entries = [entry(d, ["a"]) for d in range(1, 31)] + [entry(5, ["b"]), entry(17, ["b", "c"])]
    kept = rank(entries, [])
    dates = [e.date for e in kept]
    assert len(set(dates)) == 20 and dates == sorted(dates)
    assert {"2023-01-05", "2023-01-17"} <= set(dates)
    assert "2023-01-30" not in dates  # one article, and later than the 20 kept on ties
