"""Shared test fixtures: database URLs for both backends, the shared seed folder, and a
factory for fully populated articles written in our own words.

``db_url`` runs a test on SQLite (a file in ``tmp_path``) and on a real PostgreSQL given by
``KRONOLOGI_TEST_PG_URL``. Each PostgreSQL test gets its own freshly created schema (chosen
through ``search_path`` in the connection options) that is dropped afterwards, so tests are
independent and can share one database. Without the variable PostgreSQL tests are skipped,
except under ``CI=true``, where they fail: CI must really run them.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from kronologi.model import (
    Article,
    DocMeta,
    Event,
    Mention,
    Published,
    Quote,
    Removed,
    Repair,
    Sentence,
    Timex,
)

PG_ENV = "KRONOLOGI_TEST_PG_URL"


def _psycopg_url(url: str) -> str:
    """``url`` with the psycopg 3 driver, which is the one the package depends on."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An engine on the PostgreSQL test database (skips, or fails under CI, without one)."""
    url = os.environ.get(PG_ENV)
    if not url:
        message = (
            f"PostgreSQL tests need {PG_ENV} "
            "(e.g. postgresql://kronologi:kronologi@localhost:5432/kronologi_test; "
            ".ci/run sets one up)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} — CI=true, so they must not be skipped", pytrace=False)
        pytest.skip(message)
    engine = create_engine(_psycopg_url(url), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kronologi.db'}"
        return
    admin: Engine = request.getfixturevalue("pg_admin")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``shared`` folder beside the repository (seed articles, tools), or the one named by
    ``KRONOLOGI_SHARED``."""
    beside = Path(__file__).resolve().parents[1].parent / "shared"
    path = Path(os.environ.get("KRONOLOGI_SHARED") or beside)
    if not path.is_dir():
        pytest.skip(f"needs the shared folder beside the repository: {path} is missing")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    """The real seed articles (read them; never copy their sentences into the repo)."""
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip(f"needs the seed articles: {path} is missing")
    return path


def build_article(
    paragraphs: tuple[str, ...] = (
        "Jakarta - Dinas pertamanan kota membuka taman baru di tepi sungai pada Senin (3/6).",
        "Kepala dinas berkata taman itu dibuka setiap hari sampai pukul sepuluh malam.",
    ),
    *,
    source: str = "corpus/taman.txt",
    outlet: str | None = "Warta Kota Contoh",
    date: str | None = "2024-06-03",
    title: str | None = "Taman tepi sungai dibuka",
    sentences: int | None = None,
) -> Article:
    """A fully populated article (every field set) with an id derived from its text.

    ``sentences`` overrides how many sentences the article has (one per paragraph by
    default), for tests that need many rows.
    """
    body = "\n\n".join(paragraphs)
    article_id = hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:16]
    spans: list[Sentence] = []
    start = 0
    for i, paragraph in enumerate(paragraphs):
        spans.append(Sentence(i=i, text=paragraph, start=start, end=start + len(paragraph),
                              paragraph=i))
        start += len(paragraph) + 2
    if sentences is not None:
        spans = [Sentence(i=i, text=f"kalimat {i}", start=0, end=9, paragraph=0)
                 for i in range(sentences)]
    return Article(
        id=article_id,
        source=source,
        language="id",
        paragraphs=paragraphs,
        title=title,
        title_evidence="meta",
        outlet=outlet,
        outlet_evidence="dateline",
        dateline="Jakarta",
        url="https://contoh.invalid/taman",
        author="Redaksi Contoh",
        meta=DocMeta(title=title, url="https://contoh.invalid/taman", date=date,
                     sitename=outlet, author="Redaksi Contoh"),
        removed=(Removed(text="Baca juga: berita lain", reason="read-more", line=4),
                 Removed(text="Foto: arsip redaksi", reason="credit", line=6)),
        repairs=(Repair(before="tamanbaru", after="taman baru", reason="glued-words"),),
        published=Published(date=date, confidence=0.9 if date else 0.0,
                            evidence="dateline" if date else "none"),
        sentences=tuple(spans),
        timexes=(Timex(sentence=0, text="Senin (3/6)", start=70, end=81, value=date,
                       kind="date", anchor="published", confidence=1.0),
                 Timex(sentence=1, text="setiap hari", start=30, end=41, value=None,
                       kind="set", anchor="none", confidence=0.5)),
        mentions=(Mention(sentence=0, text="Jakarta", start=0, end=7, type="GPE",
                          entity="e-jakarta"),
                  Mention(sentence=0, text="Dinas pertamanan kota", start=10, end=31,
                          type="ORG")),
        quotes=(Quote(sentence=1, text="taman itu dibuka setiap hari", direct=False,
                      speaker="Kepala dinas", speaker_entity=None, verb="berkata",
                      relay=outlet, date=date),),
        events=(Event(sentence=0, date=date, action="membuka", actor="Dinas pertamanan kota",
                      target="taman baru"),),
    )


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """The :func:`build_article` factory, as a fixture."""
    return build_article
