"""The Indonesian-aware sentence splitter."""

from __future__ import annotations

from kronologi.analyse.sentences import split


def _texts(*paragraphs: str, lang: str = "id") -> list[str]:
    return [s.text for s in split(paragraphs, lang)]


def test_abbreviations_and_initials_do_not_split() -> None:
    got = _texts(
        "Kantor itu berada di Jl. Diponegoro No. 12 dekat rumah Prof. Hadi. "
        "Mayjen. Suharto dan J. Kerry hadir."
    )
    assert got == [
        "Kantor itu berada di Jl. Diponegoro No. 12 dekat rumah Prof. Hadi.",
        "Mayjen. Suharto dan J. Kerry hadir.",
    ]


def test_acronym_at_sentence_end_splits() -> None:
    assert _texts("Bantuan itu dikirim PBB. Kemudian AS menyusul.") == [
        "Bantuan itu dikirim PBB.",
        "Kemudian AS menyusul.",
    ]


def test_decimals_and_thousands_do_not_split() -> None:
    got = _texts("Sebanyak 7.000 warga mengungsi dan inflasi naik 3,5 persen. Data 2.5 juta benar.")
    assert got == ["Sebanyak 7.000 warga mengungsi dan inflasi naik 3,5 persen.", "Data 2.5 juta benar."]


def test_multi_sentence_quote_stays_with_its_attribution() -> None:
    got = _texts(
        '"Kami sudah siap. Semua tim bergerak malam ini," kata Budi. Ia lalu pergi. '
        "“Ini bukan akhir.” Warga bertepuk tangan."
    )
    assert got == [
        '"Kami sudah siap. Semua tim bergerak malam ini," kata Budi.',
        "Ia lalu pergi.",
        "“Ini bukan akhir.”",
        "Warga bertepuk tangan.",
    ]


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    got = _texts('"Kami akan kembali. Itu janji kami. Sampai jumpa lagi.')
    assert len(got) == 3


def test_offsets_point_into_joined_text() -> None:
    paragraphs = ("Satu dua tiga. Empat lima.", "Enam tujuh delapan.")
    text = "\n\n".join(paragraphs)
    sents = split(paragraphs, "id")
    assert [s.paragraph for s in sents] == [0, 0, 1]
    for s in sents:
        assert text[s.start : s.end] == s.text
    assert [s.i for s in sents] == [0, 1, 2]


def test_english_abbreviations() -> None:
    got = _texts("Gen. Smith met Mr. Jones in Washington, D.C. on Monday. They spoke.", lang="en")
    assert got == ["Gen. Smith met Mr. Jones in Washington, D.C. on Monday.", "They spoke."]
