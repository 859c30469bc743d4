"""The quotes stage on sentences written for these tests, and on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kronologi.analyse import quotes, sentences
from kronologi.model import Article, DocMeta, Published, Quote

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def article(*paragraphs: str, lang: str = "id", published: str = "2024-05-08") -> Article:
    a = Article(id="t", source="test", language=lang, paragraphs=paragraphs,
                meta=DocMeta(date=published), published=Published(published, 1.0, "test"))
    return sentences.annotate(a)


def run(*paragraphs: str, lang: str = "id") -> list[Quote]:
    return list(quotes.annotate(article(*paragraphs, lang=lang)).quotes)


def only(qs: list[Quote], direct: bool) -> list[Quote]:
    return [q for q in qs if q.direct == direct]


INTRO = "Menteri Luar Negeri Rusia Sergey Lavrov tiba di Jakarta pada Selasa malam."


@pytest.mark.parametrize("opening,closing", [
    ("“", "”"), ('"', '"'), ("'", "'"), ("‘", "’"), ("«", "»"),
])
def test_every_quote_style(opening: str, closing: str) -> None:
    qs = run(INTRO, f"{opening}Kami datang untuk berdagang, bukan berdebat{closing}, kata Lavrov.")
    assert [(q.text, q.speaker, q.verb, q.direct) for q in qs] == [
        ("Kami datang untuk berdagang, bukan berdebat", "Sergey Lavrov", "kata", True)]


def test_apostrophes_are_not_quote_marks() -> None:
    qs = run("Russia's envoy said the talks would resume in May, the ministry's spokesman added.",
             lang="en")
    assert all(q.direct is False for q in qs)


def test_quote_split_around_its_attribution_is_one_quote() -> None:
    qs = run(INTRO, "“Kalau harga turun,” ujar Lavrov, “kami akan menambah pembelian.”")
    assert [(q.text, q.speaker, q.verb) for q in qs] == [
        ("Kalau harga turun, kami akan menambah pembelian.", "Sergey Lavrov", "ujar")]


def test_multi_sentence_quote_keeps_all_sentences() -> None:
    qs = run(INTRO, "“Pasar kami terbuka. Tarif akan turun tahun depan. Itu janji kami,” "
                    "tegas Lavrov.")
    assert qs[0].text == "Pasar kami terbuka. Tarif akan turun tahun depan. Itu janji kami"
    assert (qs[0].speaker, qs[0].verb) == ("Sergey Lavrov", "tegas")


def test_quote_across_paragraphs_is_joined_and_cites_first_sentence() -> None:
    a = quotes.annotate(article(
        INTRO,
        "“Kami sudah menunggu kesepakatan ini selama sepuluh tahun.",
        "“Sekarang saatnya para pengusaha bekerja,” kata Lavrov.",
    ))
    assert len(a.quotes) == 1
    q = a.quotes[0]
    assert q.text == ("Kami sudah menunggu kesepakatan ini selama sepuluh tahun. "
                      "Sekarang saatnya para pengusaha bekerja")
    assert a.sentences[q.sentence].paragraph == 1
    assert q.speaker == "Sergey Lavrov"


def test_stray_unclosed_mark_is_not_a_quote_but_a_chain_missing_its_closer_is() -> None:
    assert only(run("Pedagang menyebut harga “naik tiga kali lipat sejak Senin."), True) == []
    qs = run(INTRO, "Lavrov berkata: “Kami sudah menunggu kesepakatan ini selama sepuluh tahun.",
             "“Sekarang saatnya para pengusaha bekerja keras.",
             "Perundingan dilanjutkan di Jenewa pekan depan.")
    assert [(q.speaker, q.text) for q in only(qs, True)] == [
        ("Sergey Lavrov", "Kami sudah menunggu kesepakatan ini selama sepuluh tahun. "
                          "Sekarang saatnya para pengusaha bekerja keras.")]


def test_partial_quote_inside_reported_speech() -> None:
    qs = run("Juru bicara PBB Stephane Dujarric mengatakan bahwa situasi di kamp itu "
             "“sudah di luar batas kemanusiaan” dan bantuan harus segera masuk.")
    assert [(q.text, q.speaker) for q in only(qs, True)] == [
        ("sudah di luar batas kemanusiaan", "Stephane Dujarric")]
    reported = only(qs, False)
    assert len(reported) == 1 and reported[0].text.startswith("situasi di kamp itu")
    assert reported[0].verb == "kata"


@pytest.mark.parametrize("sentence,speaker,verb,clause", [
    ("Gubernur Jawa Barat Ridwan Kamil mengatakan bahwa jalan tol baru akan dibuka bulan depan.",
     "Ridwan Kamil", "kata", "jalan tol baru akan dibuka bulan depan"),
    ("Gubernur Jawa Barat Ridwan Kamil mengatakan jalan tol baru akan dibuka bulan depan.",
     "Ridwan Kamil", "kata", "jalan tol baru akan dibuka bulan depan"),
    ("Menurut Ridwan Kamil, jalan tol baru akan dibuka bulan depan.",
     "Ridwan Kamil", "menurut", "jalan tol baru akan dibuka bulan depan"),
    ("Ridwan Kamil menegaskan pembangunan tidak akan ditunda lagi.",
     "Ridwan Kamil", "tegas", "pembangunan tidak akan ditunda lagi"),
    ("Ridwan Kamil menyebut biaya proyek naik dua kali lipat.",
     "Ridwan Kamil", "sebut", "biaya proyek naik dua kali lipat"),
    ("Ridwan Kamil menuduh kontraktor lalai mengawasi pekerja.",
     "Ridwan Kamil", "tuduh", "kontraktor lalai mengawasi pekerja"),
    ("Ridwan Kamil memperingatkan bahwa denda akan dijatuhkan bagi kontraktor yang telat.",
     "Ridwan Kamil", "peringat", "denda akan dijatuhkan bagi kontraktor yang telat"),
    ("Jalan tol baru akan dibuka bulan depan, kata Ridwan Kamil.",
     "Ridwan Kamil", "kata", "Jalan tol baru akan dibuka bulan depan"),
])
def test_reported_speech_indonesian(sentence: str, speaker: str, verb: str, clause: str) -> None:
    qs = run(sentence)
    assert [(q.speaker, q.verb, q.text, q.direct) for q in qs] == [(speaker, verb, clause, False)]


@pytest.mark.parametrize("sentence,clause", [
    ("Mayor Sadiq Khan said that the new line would open in spring.",
     "the new line would open in spring"),
    ("Mayor Sadiq Khan said the new line would open in spring.",
     "the new line would open in spring"),
    ("The new line would open in spring, Mayor Sadiq Khan said.",
     "The new line would open in spring"),
    ("The new line would open in spring, said Mayor Sadiq Khan.",
     "The new line would open in spring"),
])
def test_reported_speech_english(sentence: str, clause: str) -> None:
    qs = run(sentence, lang="en")
    assert [(q.speaker, q.verb, q.text) for q in qs] == [("Sadiq Khan", "say", clause)]


@pytest.mark.parametrize("attribution,verb", [
    ("kata Lavrov", "kata"), ("ujar Lavrov", "ujar"), ("ucap Lavrov", "ucap"),
    ("tutur Lavrov", "tutur"), ("papar Lavrov", "papar"), ("jelas Lavrov", "jelas"),
    ("terang Lavrov", "terang"), ("tegas Lavrov", "tegas"), ("tambah Lavrov", "tambah"),
    ("imbuh Lavrov", "imbuh"), ("ungkap Lavrov", "ungkap"), ("tandas Lavrov", "tandas"),
    ("katanya", "kata"), ("ujarnya", "ujar"), ("tambahnya", "tambah"), ("imbuhnya", "imbuh"),
    ("tegasnya", "tegas"), ("jelasnya", "jelas"), ("ungkapnya", "ungkap"),
    ("Lavrov menegaskan", "tegas"), ("Lavrov menambahkan", "tambah"),
])
def test_speech_verb_lexicon_keeps_the_lemma(attribution: str, verb: str) -> None:
    qs = run(INTRO, f"“Perdagangan kedua negara harus naik dua kali lipat,” {attribution}.")
    assert [(q.speaker, q.verb) for q in qs] == [("Sergey Lavrov", verb)]


def test_passive_form_needs_an_agent() -> None:
    qs = run("Sejumlah kelompok yang dikatakan “moderat” itu ikut bertempur di utara.")
    assert qs == []
    qs = run(INTRO, "Dituturkan Lavrov, kedua negara akan membuka jalur penerbangan baru.")
    assert [(q.speaker, q.verb, q.text) for q in qs] == [
        ("Sergey Lavrov", "tutur", "kedua negara akan membuka jalur penerbangan baru")]


@pytest.mark.parametrize("tail,relay", [
    ("kata Lavrov seperti dikutip Sputnik", "Sputnik"),
    ("kata Lavrov, seperti dikutipSputnik", "Sputnik"),
    ("kata Lavrov, dikutip RT", "RT"),
    ("kata Lavrov kepada Reuters", "Reuters"),
    ("kata Lavrov, dilaporkan Xinhua", "Xinhua"),
    ("kata Lavrov, seperti dikutip kantor berita RIA Novosti", "RIA Novosti"),
    ("kata Lavrov kepada wartawan", None),
])
def test_relay(tail: str, relay: str | None) -> None:
    qs = run(INTRO, f"“Kami tidak akan mundur dari perundingan,” {tail}.")
    assert [(q.speaker, q.relay) for q in qs] == [("Sergey Lavrov", relay)]


def test_relay_in_reported_speech_and_menurut_kantor_berita() -> None:
    qs = run(INTRO, "Lavrov mengatakan jalur kereta baru akan dibangun, menurut kantor berita "
                    "RIA Novosti.")
    assert [(q.speaker, q.relay, q.text) for q in qs] == [
        ("Sergey Lavrov", "RIA Novosti", "jalur kereta baru akan dibangun")]


@pytest.mark.parametrize("tail,relay", [
    ("Lavrov told Reuters", "Reuters"),
    ("Lavrov said, as reported by the BBC", "BBC"),
    ("Lavrov told reporters", None),
])
def test_relay_english(tail: str, relay: str | None) -> None:
    qs = run("Russian Foreign Minister Sergei Lavrov arrived on Tuesday.",
             f'"We will not leave the negotiating table," {tail}.', lang="en")
    assert [(q.speaker, q.relay) for q in qs] == [("Sergei Lavrov", relay)]


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    qs = run("Kelompok “moderat” itu menolak hadir di “Pusat Implementasi Gabungan” pada Senin.",
             "Film “Laut yang Hilang” diputar di Bangkok bersama film “Tanah Air Kita”.")
    assert qs == []


def test_short_quote_with_attribution_is_a_quote() -> None:
    qs = run(INTRO, "“Tidak!” tegas Lavrov.")
    assert [(q.text, q.speaker) for q in qs] == [("Tidak!", "Sergey Lavrov")]


def test_pronouns_resolve_to_the_last_fitting_person() -> None:
    qs = run(
        "Menteri Perdagangan Budi Santoso membuka pameran dagang di Surabaya.",
        "“Ekspor kita harus tumbuh sepuluh persen,” katanya.",
        "Ia menambahkan bahwa pameran itu diikuti 300 perusahaan.",
        "Menurutnya, pembeli dari Afrika paling banyak datang tahun ini.",
        "Posisi Indonesia di pasar Afrika masih kecil, kata sang menteri.",
    )
    assert [q.speaker for q in qs] == ["Budi Santoso"] * 4
    assert [q.verb for q in qs] == ["kata", "tambah", "menurut", "kata"]


def test_unresolvable_pronoun_leaves_no_speaker() -> None:
    qs = run("“Kami akan kembali tahun depan,” katanya.",
             "Ia mengatakan jembatan itu akan dibuka bulan depan.")
    assert [(q.direct, q.speaker, q.verb) for q in qs] == [(True, None, "kata"),
                                                           (False, None, "kata")]


def test_surname_resolves_to_full_name() -> None:
    qs = run(INTRO, "Lavrov menyebut kunjungan itu bersejarah bagi kedua negara.")
    assert [q.speaker for q in qs] == ["Sergey Lavrov"]


def test_quote_date_from_attribution_else_publication() -> None:
    pytest.importorskip("kronologi.analyse.timex")
    from kronologi.analyse import timex

    a = timex.annotate(article(INTRO, "“Kami siap,” kata Lavrov, Rabu (14/12).",
                               "“Kami juga optimistis,” tambah Lavrov.",
                               published="2016-12-16"))
    qs = quotes.annotate(a).quotes
    assert [q.date for q in qs] == ["2016-12-14", a.published.date]


def test_table_rows_filter_by_speaker() -> None:
    a = quotes.annotate(article(INTRO, "“Kami siap berunding,” kata Lavrov.",
                                "Menteri Perdagangan Budi Santoso menyebut ekspor naik tajam."))
    rows = quotes.quotes_table_rows([a], speaker="lavrov")
    assert [(r[1], r[2], r[4], r[6]) for r in rows] == [
        ("Sergey Lavrov", "kata", "direct", "Kami siap berunding")]
    assert len(quotes.quotes_table_rows([a], None)) == 2
    assert quotes.speaker_key("Sergei Lavrov") == quotes.speaker_key("Sergey Lavrov")


def _seed_articles() -> list[Article]:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"seed articles not found at {SHARED / 'seeds'}")
    from kronologi.clean import clean
    from kronologi.ingest import iter_docs

    out = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for doc in iter_docs([path]):
            cleaned = clean(doc)
            if isinstance(cleaned, Article):
                out.append(quotes.annotate(sentences.annotate(cleaned)))
    return out


def test_seeds() -> None:
    arts = _seed_articles()
    qs = [q for a in arts for q in a.quotes]
    direct = [q for q in qs if q.direct]
    pronouns = {"ia", "dia", "beliau", "nya", "katanya", "menurutnya", "sang menteri", "he", "she"}
    assert direct and all(q.speaker and q.speaker.lower() not in pronouns for q in direct)
    lavrov = {quotes.speaker_key(q.speaker) for q in qs if q.speaker and "Lavrov" in q.speaker}
    assert lavrov == {"lavrov, s"}
    assert sum(q.speaker is not None and "Lavrov" in q.speaker for q in qs) >= 15
    assert {"Sputnik", "RT", "RIA Novosti"} <= {q.relay for q in qs}
    assert all(len(q.text.split()) > 1 for q in direct)


def test_name_in_apposition_after_role_and_place_is_the_speaker() -> None:
    [q] = run(
        '"Dua jembatan darurat selesai dibangun pagi ini," ungkap Kepala Dinas PU Kabupaten '
        "Lebak, Hendra Gunawan, kepada wartawan."
    )
    assert q.speaker == "Hendra Gunawan"
    assert q.verb == "ungkap"


def test_pihaknya_resolves_to_the_last_person_named() -> None:
    qs = run(
        "Kepala BPBD Hendra Gunawan mengatakan air mulai surut sejak pagi. Pihaknya meminta "
        "warga tetap waspada selama dua hari ke depan."
    )
    assert {q.speaker for q in qs} == {"Hendra Gunawan"}
    assert any(q.verb == "minta" for q in qs)
