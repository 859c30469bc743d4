"""Canonical actors across a corpus, quote speakers, and pronoun/role references.

The corpus sentences are our own; the seed test reads ../shared and only counts entities.
"""

from __future__ import annotations

from pathlib import Path

from kronologi.analyse import aliases, entities
from kronologi.analyse.sentences import split
from kronologi.model import Article, Entity, Quote


def _article(ident: str, *paragraphs: str, quotes: tuple[Quote, ...] = ()) -> Article:
    article = Article(
        id=ident,
        source=f"{ident}.txt",
        language="id",
        paragraphs=paragraphs,
        sentences=split(paragraphs, "id"),
        quotes=quotes,
    )
    return entities.annotate(article)


def _entity_of(articles: list[Article], text: str) -> set[str | None]:
    return {m.entity for a in articles for m in a.mentions if m.text == text}


def _by_id(found: list[Entity], ident: str) -> Entity:
    return next(e for e in found if e.id == ident)


CORPUS = [
    _article(
        "a1",
        "Menteri Luar Negeri Rusia Sergei Lavrov bertemu Menteri Luar Negeri AS John Kerry "
        "di Jenewa pada Kamis.",
        "Lavrov dan Kerry menyebut pembicaraan itu berjalan lama. Washington belum menanggapi.",
    ),
    _article(
        "a2",
        "Diplomat senior Sergey Lavrov tiba di Roma untuk bertemu Kerry.",
        "Juru bicara Kremlin Dmitri Peskov menyebut kunjungan itu penting.",
    ),
    _article(
        "a3",
        "Lavrov kembali mengkritik kelompok an-Nusra dan Front al-Nusra di Suriah.",
        "Juru bicara Dmitry Peskov menambahkan bahwa Jabhat al-Nusra tetap jadi sasaran.",
    ),
]


def test_transliterations_and_surname_join_one_person() -> None:
    out, found = aliases.resolve(CORPUS)
    ids = _entity_of(out, "Sergei Lavrov") | _entity_of(out, "Sergey Lavrov")
    ids |= _entity_of(out, "Lavrov")
    assert ids == {"e-sergei-lavrov"}
    lavrov = _by_id(found, "e-sergei-lavrov")
    assert lavrov.type == "PER"
    assert lavrov.mentions == 4
    assert set(lavrov.aliases) | {lavrov.name} == {"Sergei Lavrov", "Sergey Lavrov", "Lavrov"}
    assert _entity_of(out, "Dmitri Peskov") == _entity_of(out, "Dmitry Peskov")
    assert _entity_of(out, "Kerry") == _entity_of(out, "John Kerry")


def test_arabic_article_and_front_variants_join() -> None:
    out, found = aliases.resolve(CORPUS)
    nusra = _entity_of(out, "an-Nusra") | _entity_of(out, "Front al-Nusra")
    nusra |= _entity_of(out, "Jabhat al-Nusra")
    assert len(nusra) == 1
    assert _by_id(found, nusra.pop()).name == "Jabhat al-Nusra"


def test_seats_of_power_stand_for_their_state() -> None:
    _, found = aliases.resolve(CORPUS)
    assert _by_id(found, "e-washington").stands_for == "Amerika Serikat"
    assert _by_id(found, "e-kremlin").stands_for == "Rusia"
    assert _by_id(found, "e-sergei-lavrov").stands_for is None


def test_ids_are_stable_across_runs_and_order() -> None:
    _, first = aliases.resolve(CORPUS)
    _, again = aliases.resolve(list(reversed(CORPUS)))
    assert sorted((e.id, e.name) for e in first) == sorted((e.id, e.name) for e in again)


def test_shared_surname_does_not_merge_different_people() -> None:
    corpus = [
        _article("b1", "Bupati Budi Santoso meresmikan pasar. Santoso memotong pita."),
        _article("b2", "Kapolres Agus Santoso memimpin razia. Santoso menyita dua truk."),
        _article("b3", "Warga menunggu Santoso di balai desa."),
    ]
    out, _ = aliases.resolve(corpus)
    budi, agus = _entity_of(out, "Budi Santoso"), _entity_of(out, "Agus Santoso")
    assert budi != agus
    assert {m.entity for m in out[0].mentions if m.text == "Santoso"} == budi
    assert {m.entity for m in out[1].mentions if m.text == "Santoso"} == agus
    assert {m.entity for m in out[2].mentions if m.text == "Santoso"}.isdisjoint(budi | agus)


def test_quote_speaker_gets_the_entity() -> None:
    quote = Quote(sentence=1, text="pembicaraan itu berjalan lama", direct=False, speaker="Lavrov")
    article = _article(
        "q1",
        "Menteri Luar Negeri Rusia Sergey Lavrov tiba di Jenewa.",
        "Lavrov menyebut pembicaraan itu berjalan lama.",
        quotes=(quote,),
    )
    out, _ = aliases.resolve([article])
    assert out[0].quotes[0].speaker_entity == "e-sergei-lavrov"


def test_resolve_reference_pronoun_role_and_quoted_names() -> None:
    article = _article(
        "r1",
        "Menteri Luar Negeri Rusia Sergey Lavrov tiba di Jenewa pada Kamis.",
        "Juru bicara Kremlin Dmitry Peskov menyebut jadwalnya padat.",
        "“Kami sudah bertemu John Kerry,” katanya.",
        "Sang menteri lalu menolak menjawab pertanyaan wartawan.",
    )
    assert aliases.resolve_reference(article, 1, "jadwalnya") == "Dmitry Peskov"
    assert aliases.resolve_reference(article, 2, "katanya") == "Dmitry Peskov"
    assert aliases.resolve_reference(article, 3, "sang menteri") == "Sergey Lavrov"
    assert aliases.resolve_reference(article, 0, "ia") is None


def test_seed_lavrov_is_one_entity(seeds_dir: Path) -> None:
    from kronologi.analyse import sentences
    from kronologi.clean import clean
    from kronologi.ingest import iter_docs

    articles = [
        entities.annotate(sentences.annotate(a))
        for doc in iter_docs([seeds_dir])
        if isinstance(a := clean(doc), Article)
    ]
    out, found = aliases.resolve(articles)
    lavrov = {m.entity for a in out for m in a.mentions if "Lavrov" in m.text}
    assert lavrov == {"e-sergei-lavrov"}
    with_lavrov = sum(any("Lavrov" in m.text for m in a.mentions) for a in out)
    assert with_lavrov == 4  # every seed article that names him in its body
    entity = _by_id(found, "e-sergei-lavrov")
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= {entity.name, *entity.aliases}
