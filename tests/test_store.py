"""The store on SQLite and on a real PostgreSQL: idempotent upserts, lookups, listings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from kronologi.model import Article, Published, Skipped
from kronologi.store import AmbiguousKeyError, ArticleSummary, Store, resolve_url
from kronologi.store.schema import SentenceRow

Factory = Callable[..., Article]


def _three(make_article: Factory) -> list[Article]:
    return [
        make_article(("Gempa kecil terasa di kota pesisir.",), source="a.txt",
                     outlet="Kabar Satu", date="2023-05-02"),
        make_article(("Harga cabai turun di pasar induk.",), source="b.txt",
                     outlet="Kabar Dua", date="2023-01-15"),
        make_article(("Kereta malam kembali beroperasi.",), source="c.txt",
                     outlet="kabar satu", date=None),
    ]


def test_add_then_count(db_url: str, make_article: Factory) -> None:
    with Store(db_url) as store:
        assert store.count() == 0
        assert store.add_articles(_three(make_article)) == 3
        assert store.count() == 3


def test_re_adding_is_idempotent(db_url: str, make_article: Factory) -> None:
    articles = _three(make_article)
    with Store(db_url) as store:
        store.add_articles(articles)
    with Store(db_url) as store:  # a second run opens the same database again
        assert store.add_articles(articles) == 0
        assert store.count() == 3
        assert [s.id for s in store.list_articles()] == [
            articles[1].id, articles[0].id, articles[2].id
        ]


def test_same_article_from_second_source_adds_source_not_article(
    db_url: str, make_article: Factory
) -> None:
    original = make_article(source="dir1/taman.txt")
    copy = replace(original, source="dir2/taman-copy.txt")
    with Store(db_url) as store:
        assert store.add_articles([original]) == 1
        assert store.add_articles([copy]) == 0
        assert store.count() == 1
        assert store.sources(original.id) == ["dir1/taman.txt", "dir2/taman-copy.txt"]
        assert store.get(original.id) == original  # the first source stays the article's
        assert store.add_articles([copy, original]) == 0
        assert store.sources(original.id) == ["dir1/taman.txt", "dir2/taman-copy.txt"]


def test_copies_in_one_batch(db_url: str, make_article: Factory) -> None:
    original = make_article(source="x/1.txt")
    with Store(db_url) as store:
        assert store.add_articles([original, replace(original, source="x/2.txt")]) == 1
        assert store.sources(original.id) == ["x/1.txt", "x/2.txt"]


def test_changed_payload_updates_in_place(db_url: str, make_article: Factory) -> None:
    article = make_article()
    reanalysed = replace(
        article,
        title="Judul yang diperbaiki",
        published=Published(date="2024-06-04", confidence=0.7, evidence="weekday"),
        sentences=article.sentences[:1],
    )
    with Store(db_url) as store:
        store.add_articles([article])
        assert store.add_articles([reanalysed]) == 0
        assert store.count() == 1
        assert store.get(article.id) == reanalysed
        [summary] = store.list_articles()
        assert (summary.title, summary.published, summary.n_sentences) == (
            "Judul yang diperbaiki", "2024-06-04", 1
        )
        engine = create_engine(store.url)
        with engine.connect() as conn:
            rows = conn.execute(select(SentenceRow.i).where(SentenceRow.article_id == article.id))
            assert [r.i for r in rows] == [0]
        engine.dispose()


def test_get_by_id_prefix_and_source(db_url: str, make_article: Factory) -> None:
    articles = _three(make_article)
    with Store(db_url) as store:
        store.add_articles(articles)
        first = articles[0]
        assert store.get(first.id) == first
        assert store.get(first.id[:6]) == first
        assert store.get(first.id[:6].upper()) == first
        assert store.get("a.txt") == first
        assert store.get(first.id[:3]) is None  # prefixes need 4 characters
        assert store.get("no-such-thing") is None


def test_ambiguous_prefix_raises(db_url: str, make_article: Factory) -> None:
    a = make_article(("Satu.",))
    b = make_article(("Dua.",))
    a = replace(a, id="abcd000000000001")
    b = replace(b, id="abcd000000000002", source="other.txt")
    with Store(db_url) as store:
        store.add_articles([a, b])
        with pytest.raises(AmbiguousKeyError, match="abcd000000000001, abcd000000000002"):
            store.get("abcd")
        assert store.get("abcd0000000000011") is None  # longer than any id: no prefix match
        assert store.get("abcd000000000002") == b


def test_list_ordering_paging_and_outlet_filter(db_url: str, make_article: Factory) -> None:
    a, b, c = _three(make_article)
    with Store(db_url) as store:
        store.add_articles([a, b, c])
        listing = store.list_articles()
        assert listing[0] == ArticleSummary(
            id=b.id, title=b.title, outlet="Kabar Dua", language="id",
            published="2023-01-15", n_sentences=1, source="b.txt",
        )
        assert [s.id for s in listing] == [b.id, a.id, c.id]  # undated last
        assert [s.id for s in store.list_articles(limit=1, offset=1)] == [a.id]
        assert [s.id for s in store.list_articles(offset=2)] == [c.id]
        assert [s.id for s in store.list_articles(outlet="Kabar Satu")] == [a.id, c.id]
        assert store.list_articles(outlet="Kabar Tiga") == []
        assert [s.id for s in store.list_articles(outlet="kabar")] == [b.id, a.id, c.id]
        assert store.list_articles(outlet="50%") == []  # LIKE wildcards are literal


def test_list_ties_on_date_order_by_id(db_url: str, make_article: Factory) -> None:
    same_day = [make_article((f"Berita nomor {n}.",), source=f"{n}.txt") for n in range(5)]
    with Store(db_url) as store:
        store.add_articles(same_day)
        assert [s.id for s in store.list_articles()] == sorted(a.id for a in same_day)


def test_skipped_is_idempotent(db_url: str) -> None:
    skipped = [Skipped("z.bin", "binary file"), Skipped("e.txt", "empty"),
               Skipped("e.txt", "empty")]
    with Store(db_url) as store:
        assert store.add_skipped(skipped) == 2
        assert store.add_skipped(skipped) == 0
        assert store.add_skipped([Skipped("e.txt", "too small")]) == 1
        assert store.skipped() == [Skipped("e.txt", "empty"), Skipped("e.txt", "too small"),
                                   Skipped("z.bin", "binary file")]


def test_full_article_round_trip(db_url: str, make_article: Factory) -> None:
    article = make_article()
    with Store(db_url) as store:
        store.add_articles([article])
    with Store(db_url) as store:
        back = store.get(article.id)
    assert back == article
    assert back is not None and back.timexes[1].confidence == 0.5


def test_two_thousand_articles_in_one_call(db_url: str, make_article: Factory) -> None:
    articles = [
        make_article((f"Laporan harian nomor {n} tentang cuaca.",), source=f"bulk/{n}.txt",
                     date=f"2022-{n % 12 + 1:02d}-{n % 28 + 1:02d}", sentences=5)
        for n in range(2000)
    ]
    with Store(db_url) as store:
        assert store.add_articles(articles) == 2000
        assert store.count() == 2000
        assert store.add_articles(articles) == 0
        assert len(store.list_articles(limit=50)) == 50
        assert store.get("bulk/1999.txt") == articles[1999]


def test_rejects_values_the_schema_cannot_hold(db_url: str, make_article: Factory) -> None:
    article = make_article()
    bad_date = replace(article, published=Published(date="2024-06", confidence=0.5))
    with Store(db_url) as store:
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            store.add_articles([bad_date])
        with pytest.raises(ValueError, match="id must have"):
            store.add_articles([replace(article, id="f" * 33)])
        assert store.count() == 0


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_url("postgresql://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert resolve_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert resolve_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    plain = tmp_path / "sub" / "k.db"
    assert resolve_url(str(plain)) == f"sqlite:///{plain}"
    assert plain.parent.is_dir()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with Store() as store:
        assert store.url == f"sqlite:///{tmp_path / 'xdg' / 'kronologi' / 'kronologi.db'}"
        assert store.count() == 0


def test_repr_masks_password(db_url: str) -> None:
    with Store(db_url) as store:
        shown = repr(store)
    if db_url.startswith("sqlite"):
        assert shown == f"Store({db_url!r})"
    else:
        assert shown.startswith("Store('postgresql+psycopg://")
        assert ":***@" in shown
        assert shown == f"Store({store.display_url!r})"
        assert store.url.split("@")[0].rsplit(":", 1)[1] != "***"  # the real URL is kept


def test_iter_articles_streams_all_or_chosen(db_url: str, make_article: Factory) -> None:
    articles = [
        make_article((f"Berita nomor {n} tentang jalan desa yang diperbaiki warga.",), source=f"{n}.txt")
        for n in range(1203)
    ]
    with Store(db_url) as store:
        store.add_articles(articles)
        streamed = list(store.iter_articles())
        assert len(streamed) == 1203
        assert [a.id for a in streamed] == sorted(a.id for a in articles)
        chosen = {articles[5].id, articles[700].id}
        assert {a.id for a in store.iter_articles(chosen)} == chosen
        assert list(store.iter_articles([])) == []
