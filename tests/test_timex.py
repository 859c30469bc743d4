"""Time expressions: detection, values, anchors, weekday years, story anchoring, seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kronologi.analyse.timex import anchor_story, annotate, extract, resolve
from kronologi.analyse.timex_resolve import YearEvidence, weekday_year
from kronologi.lang import topic
from kronologi.model import Article, Removed, Sentence, Timex

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def make(*texts: str, lang: str = "id", removed: tuple[Removed, ...] = (),
         aid: str = "a") -> Article:
    sents, pos = [], 0
    for i, t in enumerate(texts):
        sents.append(Sentence(i, t, pos, pos + len(t), i))
        pos += len(t) + 2
    return Article(id=aid, source=f"{aid}.txt", language=lang, paragraphs=texts,
                   sentences=tuple(sents), removed=removed)


def values(article: Article) -> dict[str, Timex]:
    return {t.text: t for t in article.timexes}


def at(text: str, anchor: str, lang: str = "id") -> dict[str, Timex]:
    return values(resolve(make(text, lang=lang), date.fromisoformat(anchor)))


# --- detection -----------------------------------------------------------------------------

def test_weekday_with_day_month_is_one_expression_with_offsets() -> None:
    text = "Lavrov tiba pada Senin malam (12/12) di Beograd."
    [c] = extract(text, "id")
    assert (c.text, c.weekday, c.day, c.month, c.year) == ("Senin malam (12/12)", 0, 12, 12, None)
    assert text[c.start:c.end] == c.text


def test_spelling_variants_come_from_language_data() -> None:
    months = topic("id", "time")["months"]
    assert months["pebruari"] == months["februari"] == 2
    assert months["nopember"] == 11
    got = at("Proyek itu rampung pada Nopember 2017 dan diaudit Pebruari 2018.", "2019-01-01")
    assert got["Nopember 2017"].value == "2017-11"
    assert got["Pebruari 2018"].value == "2018-02"


@pytest.mark.parametrize("text", [
    "Skor akhir pertandingan itu 3/1 untuk tuan rumah.",
    "Panitia membagikan 2016 bibit pohon kepada warga.",
    "Sekitar 45 persen warga setuju.",
])
def test_numbers_that_are_not_dates_are_ignored(text: str) -> None:
    assert extract(text, "id") == []


def test_english_modal_may_is_not_a_month() -> None:
    assert extract("May officials speak freely about it?", "en") == []


# --- explicit dates and weekday years ------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value"), [
    ("Kesepakatan dicapai pada 3 Desember 2016 di Roma.", "3 Desember 2016", "2016-12-03"),
    ("Pesawat mendarat pada 25/12/2015 di Makassar.", "25/12/2015", "2015-12-25"),
    ("Berkas dilimpahkan pada 2016-12-03 ke kejaksaan.", "2016-12-03", "2016-12-03"),
    ("Bendungan mulai dibangun 3 Des 2016.", "3 Des 2016", "2016-12-03"),
    ("Aksi damai berlangsung di Monas (2/12) dengan tertib.", "2/12", "2016-12-02"),
    ("Laporan terbit pada Desember 2016.", "Desember 2016", "2016-12"),
])
def test_explicit_dates(text: str, span: str, value: str) -> None:
    got = at(text, "2016-12-05")
    assert got[span].value == value


def test_weekday_fixes_the_year_nearest_the_evidence() -> None:
    ev = YearEvidence(((2016, 3.0),))
    assert weekday_year(23, 9, 4, ev, 2026) == 2016  # Jumat (23/9)
    # with no evidence at all the search starts from the current year
    assert weekday_year(23, 9, 4, YearEvidence(), 2026) == 2022
    # a "sejak 2012" floor rules out 2011, where 14 December is also a Wednesday
    assert weekday_year(14, 12, 2, YearEvidence(((2012, 1.0),), floor=2012), 2026) == 2016


def test_weekday_year_crosses_new_year() -> None:
    got = at("Warga merayakan malam tahun baru pada Selasa (31/12).", "2020-01-06")
    assert got["Selasa (31/12)"].value == "2019-12-31"
    assert got["Selasa (31/12)"].anchor == "explicit"


def test_weekday_contradicting_written_year_is_flagged() -> None:
    got = at("Acara itu digelar Senin (25/12/2015) menurut jadwal.", "2016-01-02")
    t = got["Senin (25/12/2015)"]
    assert t.value == "2015-12-25"
    assert t.confidence < 0.5
    ok = at("Acara itu digelar Jumat (25/12/2015) menurut jadwal.", "2016-01-02")
    assert ok["Jumat (25/12/2015)"].confidence == 1.0


def test_yearless_date_rolls_to_the_nearest_year_of_the_anchor() -> None:
    assert at("Tarif berlaku pada 5 Januari.", "2015-12-27")["5 Januari"].value == "2016-01-05"
    assert at("Harga naik pada 15 Agustus.", "2017-01-10")["15 Agustus"].value == "2016-08-15"


# --- relative expressions ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value", "kind"), [
    ("Kedua menteri bertemu kemarin.", "kemarin", "2016-12-02", "date"),
    ("Surat dikirim kemarin lusa.", "kemarin lusa", "2016-12-01", "date"),
    ("Hasil diumumkan besok.", "besok", "2016-12-04", "date"),
    ("Tim tiba lusa.", "lusa", "2016-12-05", "date"),
    ("Hujan turun tadi malam.", "tadi malam", "2016-12-02", "date"),
    ("Perahu terbalik tiga hari lalu.", "tiga hari lalu", "2016-11-30", "date"),
    ("Ia terlihat dua hari yang lalu.", "dua hari yang lalu", "2016-12-01", "date"),
    ("Aturan diumumkan pekan lalu.", "pekan lalu", "2016-11-21/2016-11-27", "range"),
    ("Tim bertanding minggu depan.", "minggu depan", "2016-12-05/2016-12-11", "range"),
    ("Inflasi bulan lalu rendah.", "bulan lalu", "2016-11", "month"),
    ("Penumpang naik dibanding tahun lalu.", "tahun lalu", "2015", "year"),
])
def test_relative_days_and_periods(text: str, span: str, value: str, kind: str) -> None:
    t = at(text, "2016-12-03")[span]
    assert (t.value, t.kind, t.anchor) == (value, kind, "published")


def test_english_relatives() -> None:
    got = at("They met yesterday and the convoy left three days ago.", "2016-12-03", "en")
    assert got["yesterday"].value == "2016-12-02"
    assert got["three days ago"].value == "2016-11-30"


def test_offsets_after_a_written_date_use_the_previous_anchor() -> None:
    got = at("Perundingan dimulai pada 6 Maret, tetapi setelah tiga hari mereka berpisah.",
             "2017-03-15")
    assert got["setelah tiga hari"].value == "2017-03-09"
    assert got["setelah tiga hari"].anchor == "previous"
    got = at("Pemilihan digelar 10 Februari, dan tiga hari sebelumnya kampanye usai.", "2017-03-15")
    assert got["tiga hari sebelumnya"].value == "2017-02-07"


# --- weekday references --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value"), [
    ("Juru bicara menyampaikannya pada hari Kamis.", "hari Kamis", "2016-12-01"),
    ("Pasukan maju pesat Sabtu lalu.", "Sabtu lalu", "2016-11-26"),  # anchor is a Saturday
    ("Protes terjadi pada Sabtu siang ini.", "Sabtu siang ini", "2016-12-03"),
    ("Delegasi bertemu lagi Jumat mendatang.", "Jumat mendatang", "2016-12-09"),
    ("Hasil audit akan dibacakan pada Senin.", "Senin", "2016-12-05"),
    ("Warga mengungsi Senin pagi.", "Senin pagi", "2016-11-28"),
])
def test_weekday_references(text: str, span: str, value: str) -> None:
    assert at(text, "2016-12-03")[span].value == value


def test_weekday_closing_a_period_is_the_nearest_such_day() -> None:
    got = at("Para menteri tiba untuk pertemuan yang digelar hingga Jumat.", "2022-07-07")
    assert got["Jumat"].value == "2022-07-08"


def test_weekdays_in_a_named_week() -> None:
    got = at("Delegasi tiba pada Kamis dan Jumat pekan ini, lalu sidang Selasa pekan depan.",
             "2022-07-06")
    assert got["Kamis"].value == "2022-07-07"
    assert got["Jumat pekan ini"].value == "2022-07-08"
    assert got["Selasa pekan depan"].value == "2022-07-12"


def test_capitalised_minggu_inside_a_sentence_is_sunday() -> None:
    got = at("Listrik padam lagi Minggu lalu di Donggala.", "2018-10-11")
    assert got["Minggu lalu"].value == "2018-10-07"
    got = at("Pengumuman disampaikan minggu lalu.", "2018-10-11")
    assert got["minggu lalu"].value == "2018-10-01/2018-10-07"


def test_english_weekday_reference_with_future_marker() -> None:
    got = at("The president will visit on Thursday.", "2019-08-20", "en")
    assert got["Thursday"].value == "2019-08-22"


# --- parts of periods and durations --------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value"), [
    ("Serangan bermula pertengahan November.", "pertengahan November", "2016-11-11/2016-11-20"),
    ("Masalah itu selesai hingga akhir tahun ini.", "akhir tahun ini", "2016-10-01/2016-12-31"),
    ("Gaji dibayar akhir bulan.", "akhir bulan", "2016-12-21/2016-12-31"),
    ("Kesepakatan diteken awal September lalu.", "awal September lalu", "2016-09-01/2016-09-10"),
    ("Wisatawan datang akhir pekan lalu.", "akhir pekan lalu", "2016-11-26/2016-11-27"),
])
def test_parts_of_periods_are_ranges(text: str, span: str, value: str) -> None:
    t = at(text, "2016-12-03")[span]
    assert (t.value, t.kind) == (value, "range")


def test_english_part() -> None:
    assert at("It began in early December.", "2016-12-20", "en")["early December"].value == \
        "2016-12-01/2016-12-10"


def test_within_n_days_about_the_future_is_a_future_range() -> None:
    got = at("Ia berharap dalam dua hari situasi akan pulih.", "2016-12-14")
    assert got["dalam dua hari"].value == "2016-12-14/2016-12-16"
    got = at("Dalam dua hari polisi menangkap tiga orang.", "2016-12-14")
    assert got["Dalam dua hari"].value == "P2D"
    got = at("Jika tidak dibayar dalam satu bulan setelah putusan, rumahnya akan disita.",
             "2016-12-14")
    assert got["dalam satu bulan"].value == "P1M"


@pytest.mark.parametrize(("text", "span", "value", "kind"), [
    ("Dalam 24 jam terakhir ribuan warga pergi.", "Dalam 24 jam terakhir", "PT24H", "duration"),
    ("Perang berlangsung lebih dari empat tahun.", "lebih dari empat tahun", "P4Y", "duration"),
    ("Korban pria berusia 45 tahun.", "berusia 45 tahun", "P45Y", "duration"),
    ("Gencatan senjata dibekukan selama seminggu.", "selama seminggu", "P1W", "duration"),
    ("Ia berharap selesai dalam dua atau tiga hari mendatang.",
     "dalam dua atau tiga hari mendatang", "2016-12-03/2016-12-06", "range"),
])
def test_durations_are_never_calendar_dates(text: str, span: str, value: str, kind: str) -> None:
    t = at(text, "2016-12-03")[span]
    assert (t.value, t.kind) == (value, kind)


# --- per-article stage ---------------------------------------------------------------------

def test_annotate_dates_the_article_and_resolves_kemarin() -> None:
    art = annotate(make(
        "Menteri itu berbicara Sabtu (3/12) tentang pertemuan kemarin.",
        "Sebelumnya pada Rabu (30/11) ia berharap konflik usai akhir tahun ini.",
        removed=(Removed("Hak cipta 2016 milik penerbit.", "copyright", 40),)))
    assert art.published.date == "2016-12-03"
    got = values(art)
    assert got["kemarin"].value == "2016-12-02"
    assert got["kemarin"].anchor == "published"
    assert got["Rabu (30/11)"].value == "2016-11-30"


def test_caption_dates_never_date_an_article() -> None:
    caption = Removed("Leaders met in Mexico, June 18, 2012, the office said August 7, 2013.",
                      "foreign-caption", 5)
    art = annotate(make("Juru bicara itu mengatakan pada hari Kamis bahwa serangan berlanjut.",
                        removed=(caption,)))
    assert art.published.date is None
    assert all(t.value is None for t in art.timexes)


# --- story anchoring -----------------------------------------------------------------------

def _group() -> list[Article]:
    dated = make("Menteri Sutrisno bertemu Gubernur Halim di Palembang pada Selasa (27/9).",
                 "Sutrisno dan Halim membahas banjir di Palembang.",
                 removed=(Removed("Copyright © 2016 Warta", "copyright", 30),), aid="dated")
    undated = make("Gubernur Halim mengatakan pada hari Kamis bahwa Sutrisno menjanjikan bantuan.",
                   "Halim kemarin meninjau tanggul di Palembang.", aid="undated")
    weekday_only = make("Sutrisno kembali ke Palembang pada Senin (3/10) untuk rapat.",
                        aid="weekday-only")
    other = make("Pelatih Rossi memuji pemain muda di Milan pada Jumat (2/12/2016).", aid="other")
    return [dated, undated, weekday_only, other]


def test_anchor_story_dates_undated_articles_from_their_story() -> None:
    arts = {a.id: a for a in anchor_story(_group())}
    undated = arts["undated"]
    assert undated.published.date == "2016-09-29"
    assert undated.published.evidence.startswith("story: nearest dated article dated")
    assert undated.published.confidence < arts["dated"].published.confidence
    got = values(undated)
    assert (got["hari Kamis"].value, got["hari Kamis"].anchor) == ("2016-09-29", "story")
    assert got["kemarin"].value == "2016-09-28"


def test_anchor_story_repairs_a_year_resting_on_a_weekday_alone() -> None:
    alone = annotate(_group()[2])
    assert alone.published.date == "2022-10-03"  # 3 Oct is a Monday in 2022 and 2016
    assert "year from the weekday alone" in alone.published.evidence
    arts = {a.id: a for a in anchor_story(_group())}
    assert arts["weekday-only"].published.date == "2016-10-03"
    assert values(arts["weekday-only"])["Senin (3/10)"].value == "2016-10-03"


def test_anchor_story_scales_to_a_large_group_without_year_evidence() -> None:
    group = [make(f"Relawan {k} tiba di Palembang pada Senin (12/12) bersama Halim.", aid=f"r{k}")
             for k in range(40)]
    group.append(make("Halim membuka posko di Palembang pada Rabu (14/12).", aid="anchor",
                      removed=(Removed("Copyright © 2016 Warta", "copyright", 9),)))
    arts = anchor_story(group)
    assert {a.published.date for a in arts} == {"2016-12-12", "2016-12-14"}


# --- seeds (real articles, read from ../shared at test time) -------------------------------

@pytest.fixture(scope="module")
def seed_articles() -> dict[str, Article]:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds not present beside the repository")
    try:
        from kronologi.analyse import sentences
        from kronologi.clean import clean
        from kronologi.ingest import iter_docs
    except ImportError as exc:  # the ingest/clean/sentence stages are built in parallel
        pytest.skip(f"pipeline stages not importable yet: {exc}")
    arts = []
    for doc in iter_docs([str(SHARED / "seeds")]):
        art = clean(doc)
        if isinstance(art, Article):
            arts.append(sentences.annotate(art))
    return {Path(a.source).name: a for a in anchor_story(arts)}


def test_seed_weekday_dates_are_2016(seed_articles: dict[str, Article]) -> None:
    wd = [t for a in seed_articles.values() for t in a.timexes
          if t.text.endswith(")") and "/" in t.text]
    assert len(wd) == 8
    assert all(t.value and t.value.startswith("2016-") for t in wd)


def test_seed_kemarin_follows_sabtu_3_12(seed_articles: dict[str, Article]) -> None:
    art = seed_articles["004_7aea4bd5392cc0f6.txt"]
    assert art.published.date == "2016-12-03"
    kemarin = [t.value for t in art.timexes if t.text.lower() == "kemarin"]
    assert kemarin and set(kemarin) == {"2016-12-02"}


def test_seed_caption_years_are_not_used(seed_articles: dict[str, Article]) -> None:
    art = seed_articles["001_a6b00896d0934602.txt"]
    assert not [t for t in art.timexes if t.value and t.value[:4] in ("2012", "2013")]
    assert art.published.date is not None and art.published.date.startswith("2016-09")


def test_seed_publication_within_two_days_of_latest_event(
        seed_articles: dict[str, Article]) -> None:
    for name, art in seed_articles.items():
        days = [date.fromisoformat(t.value) for t in art.timexes
                if t.value and t.kind == "date" and len(t.value) == 10]
        assert art.published.date, name
        latest = max(days)
        assert abs((date.fromisoformat(art.published.date) - latest).days) <= 2, name
