"""Publication date inference: evidence order, background and future dates, removed text."""

from __future__ import annotations

from kronologi.analyse import pubdate
from kronologi.analyse.timex import candidates
from kronologi.model import Article, DocMeta, Published, Removed, Sentence


def make(*texts: str, removed: tuple[Removed, ...] = (), meta: DocMeta | None = None,
         url: str | None = None) -> Article:
    sents, pos = [], 0
    for i, t in enumerate(texts):
        sents.append(Sentence(i, t, pos, pos + len(t), i))
        pos += len(t) + 2
    return Article(id="p", source="p.txt", language="id", paragraphs=texts,
                   sentences=tuple(sents), removed=removed, meta=meta or DocMeta(), url=url)


def infer(article: Article) -> Published:
    return pubdate.infer(article, candidates(article), default_year=2026)


def test_metadata_date_wins() -> None:
    art = make("Rapat digelar Rabu (14/12).", meta=DocMeta(date="2016-12-15"))
    pub = infer(art)
    assert (pub.date, pub.evidence) == ("2016-12-15", "metadata date 2016-12-15")
    assert pub.confidence >= 0.9


def test_url_date() -> None:
    pub = infer(make("Tidak ada tanggal di sini.", url="https://contoh.id/2016/12/03/berita"))
    assert pub.date == "2016-12-03"
    assert pub.evidence.startswith("URL date")


def test_latest_weekday_consistent_date_with_evidence() -> None:
    art = make("Pada Senin (12/12) pasukan maju.", "Menteri berbicara Rabu (14/12) di Moskow.",
               removed=(Removed("Copyright © 2016 Contoh", "copyright", 9),))
    pub = infer(art)
    assert pub.date == "2016-12-14"
    assert pub.evidence == ("latest weekday-consistent date Rabu (14/12) → 2016-12-14; "
                            "copyright 2016")


def test_background_since_date_bounds_the_year_but_is_not_the_date() -> None:
    art = make("Menteri berbicara Rabu (14/12).",
               "Konflik itu, menurut para analis, sudah berjalan sejak 19 Juli 2012.")
    pub = infer(art)
    assert pub.date == "2016-12-14"  # 2011 also has Wednesday 14/12, but precedes 2012
    assert "written year 2012" in pub.evidence


def test_future_dates_are_not_publication_dates() -> None:
    art = make("Menteri berbicara Sabtu (3/12) di Roma.",
               "Kedua pihak akan bertemu lagi pada 20 Desember 2016.",
               removed=(Removed("Copyright 2016", "copyright", 9),))
    assert infer(art).date == "2016-12-03"


def test_copyright_year_alone_gives_no_date() -> None:
    pub = infer(make("Juru bicara itu berbicara pada hari Kamis.",
                     removed=(Removed("Copyright © 2016 - Contoh.net", "copyright", 31),)))
    assert pub.date is None
    assert pub.evidence == "year only: copyright 2016"


def test_removed_lines_other_than_copyright_are_never_evidence() -> None:
    caption = Removed("File photo taken June 18, 2012 in Los Cabos.", "foreign-caption", 5)
    art = make("Juru bicara itu berbicara pada hari Kamis.", removed=(caption,))
    assert pubdate.copyright_years(art) == []
    assert infer(art) == Published(None, 0.0, "none")


def test_end_of_period_dates_are_not_the_latest_event() -> None:
    art = make("Status darurat berlaku 14 hari, sejak Senin (14/3) hingga Minggu (27/3).",
               "Menurut data Rabu (16/3), sebelas desa masih tergenang.",
               removed=(Removed("Copyright 2022 Contoh", "copyright", 30),))
    pub = infer(art)
    assert pub.date == "2022-03-16"
