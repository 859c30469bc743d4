"""Entity mentions: the shipped CRF, the news rules on top of it, and English rules.

Sentences are our own; facts about public figures are used, sentences from articles are not.
"""

from __future__ import annotations

from importlib import resources

from kronologi.analyse import entities
from kronologi.analyse.ner_features import bio_spans, score, sentence_features, tokenize
from kronologi.analyse.sentences import split
from kronologi.model import Article


def _found(text: str, lang: str = "id") -> list[tuple[str, str]]:
    return [(text[a:b], kind) for a, b, kind in entities.sentence_mentions(text, lang)]


def _article(*paragraphs: str, lang: str = "id") -> Article:
    return Article(
        id="t",
        source="t.txt",
        language=lang,
        paragraphs=paragraphs,
        sentences=split(paragraphs, lang),
    )


def test_model_ships_in_the_package_and_tags() -> None:
    model = resources.files("kronologi") / "models" / entities.MODEL_FILE
    assert model.is_file()
    assert model.read_bytes()[:4] == b"lCRF"
    words = ["Presiden", "Joko", "Widodo", "berkunjung", "ke", "Surabaya", "."]
    tags = entities.tagger().tag(sentence_features(words))
    assert len(tags) == len(words)
    assert (1, 3, "PER") in bio_spans(tags)
    assert (5, 6, "LOC") in bio_spans(tags)


def test_span_scoring_is_exact_match() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    s = score(gold, pred)
    assert (s.tp, s.n_pred, s.n_gold) == (1, 2, 2)
    assert s.f1 == 0.5
    assert bio_spans(["I-ORG", "I-ORG", "B-ORG"]) == [(0, 2, "ORG"), (2, 3, "ORG")]


def test_tokens_carry_offsets_and_split_punctuation() -> None:
    toks = tokenize("Kerry (AS-Rusia) tiba.")
    assert [t.text for t in toks] == ["Kerry", "(", "AS", "-", "Rusia", ")", "tiba", "."]
    assert (toks[4].start, toks[4].end) == (10, 15)


def test_role_and_country_are_not_part_of_the_name() -> None:
    text = "Hal itu dikatakan Menteri Luar Negeri Rusia Sergei Lavrov di Moskow."
    spans = entities.sentence_mentions(text)
    assert (text.index("Sergei"), text.index(" di Moskow"), "PER") in spans
    assert ("Rusia", "GPE") in _found(text)
    assert ("Moskow", "GPE") in _found(text)


def test_spokesman_of_a_seat_of_power_after_a_comma() -> None:
    found = _found("Juru bicara Kremlin, Dmitry Peskov, menolak tuduhan itu pada Kamis.")
    assert found == [("Kremlin", "ORG"), ("Dmitry Peskov", "PER")]


def test_ministry_then_rank_then_name() -> None:
    found = _found(
        "Menurut juru bicara Kementerian Pertahanan Rusia Mayor Jenderal Igor Konashenkov, "
        "konvoi itu tiba kemarin."
    )
    assert found == [("Kementerian Pertahanan Rusia", "ORG"), ("Igor Konashenkov", "PER")]


def test_deputy_minister_and_abbreviated_rank() -> None:
    assert ("Mikhail Bogdanov", "PER") in _found(
        "Wakil Menteri Luar Negeri Rusia Mikhail Bogdanov tiba di Beirut."
    )
    assert ("Suharto", "PER") in _found("Pasukan itu dipimpin Mayjen. Suharto saat itu.")


def test_arabic_article_names_by_context() -> None:
    found = _found(
        "Letnan Jenderal Zaid al-Saleh menyebut distrik al-Farafira direbut dari "
        "Jabhat Fateh al-Sham."
    )
    assert ("Zaid al-Saleh", "PER") in found
    assert ("al-Farafira", "LOC") in found
    assert ("Jabhat Fateh al-Sham", "ORG") in found
    assert ("al-Nusra", "ORG") in _found("Militan front al-Nusra mundur ke utara.")


def test_agencies_outlets_and_acronyms() -> None:
    found = _found(
        "Laporan itu dikutip Sputnik, RIA Novosti dan Xinhua setelah sidang Dewan Keamanan "
        "PBB yang diminta AS."
    )
    assert found == [
        ("Sputnik", "ORG"),
        ("RIA Novosti", "ORG"),
        ("Xinhua", "ORG"),
        ("Dewan Keamanan PBB", "ORG"),
        ("AS", "GPE"),
    ]


def test_weekdays_and_pronouns_are_not_entities() -> None:
    found = _found("Pada Senin, Ia menyebut Kamis sebagai batas waktu.")
    assert found == []


def test_annotate_tags_a_surname_again_across_the_article() -> None:
    article = entities.annotate(
        _article(
            "Menteri Luar Negeri AS John Kerry tiba di Jenewa pada Jumat.",
            "Kerry lalu bertemu mitranya selama tiga jam.",
        )
    )
    per = [(m.sentence, m.text, m.start, m.end) for m in article.mentions if m.type == "PER"]
    assert per == [(0, "John Kerry", 23, 33), (1, "Kerry", 0, 5)]
    for m in article.mentions:
        assert article.sentences[m.sentence].text[m.start : m.end] == m.text


def test_english_uses_capitalised_runs_and_the_english_pack() -> None:
    found = _found(
        "Russian Foreign Minister Sergei Lavrov met officials of the Defence Ministry in "
        "Los Cabos, Reuters reported.",
        "en",
    )
    assert ("Sergei Lavrov", "PER") in found
    assert ("Defence Ministry", "ORG") in found
    assert ("Los Cabos", "LOC") in found
    assert ("Reuters", "ORG") in found
    assert all(kind != "PER" or "Russian" not in text for text, kind in found)


def test_english_organisation_names_keep_their_connectors() -> None:
    found = _found(
        "Rebels left the district of al-Farafira, the Syrian Observatory for Human Rights and "
        "the Ministry of Defence said.",
        "en",
    )
    assert found == [
        ("al-Farafira", "LOC"),
        ("Syrian Observatory for Human Rights", "ORG"),
        ("Ministry of Defence", "ORG"),
    ]


def test_known_ministry_company_and_regional_office_before_a_name() -> None:
    assert _found("Juru bicara Kementerian Luar Negeri Rina Wulandari menjawab singkat.") == [
        ("Kementerian Luar Negeri", "ORG"),
        ("Rina Wulandari", "PER"),
    ]
    assert _found("Direktur PT Sinar Abadi, Joko Santoso, hadir sebagai saksi.") == [
        ("PT Sinar Abadi", "ORG"),
        ("Joko Santoso", "PER"),
    ]
    article = entities.annotate(
        _article(
            "Hujan deras merendam tiga desa di Kabupaten Kudus.",
            "Kepala Pelaksana BPBD Kudus Budi Hartono meninjau tanggul yang jebol.",
        )
    )
    assert [m.text for m in article.mentions if m.type == "PER"] == ["Budi Hartono"]
