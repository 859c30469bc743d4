"""The web app in process (FastAPI's test client): JSON API, exports, search, uploads, errors
and the server-rendered pages, over the demo corpus with the real story stage.

Search and uploads run on SQLite and PostgreSQL (``db_url``); the rest on SQLite.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kronologi.cli import _demo_files, demo_corpus
from kronologi.export import CONTRACT_KEYS, article_record
from kronologi.model import Article
from kronologi.pipeline import run
from kronologi.store import Store
from kronologi.store import stories as persisted
from kronologi.web import create_app
from kronologi.web.app import MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES
from kronologi.web.jobs import safe_name
from kronologi.web.search import START, STOP, terms

JOB_SECONDS = 60

# An invented follow-up report on the demo corpus's Kudus flood (our own words).
FLOOD_FOLLOW_UP = """Warga Kudus Gotong Royong Bersihkan Lumpur Sisa Banjir

Kudus - Ratusan warga di tepi Sungai Wulan, Kabupaten Kudus, bergotong royong membersihkan lumpur sisa banjir pada Minggu (20/3/2022). BPBD Kudus mengirim mobil tangki untuk menyemprot jalan desa yang tertutup lumpur setelah tanggul jebol.

Kepala Pelaksana BPBD Kudus Muhammad Syaifuddin mengatakan sebagian besar pengungsi banjir sudah pulang, tetapi puluhan rumah masih rusak berat dan belum bisa ditempati.

"Setelah air surut, lumpurnya setebal betis. Kami bantu warga supaya rumah bisa dihuni lagi," kata Syaifuddin di Kudus.
"""


def _load_demo(store: Store) -> None:
    with resources.as_file(demo_corpus()) as corpus:
        assert run(_demo_files(corpus), store).articles


def _manifest() -> dict[str, str]:
    """Demo file name -> its story key, from the corpus manifest."""
    data = tomllib.loads((demo_corpus() / "corpus.toml").read_text("utf-8"))
    return {f["name"]: f["story"] for f in data["files"]}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(str(tmp_path_factory.mktemp("web") / "demo.db")) as store:
        _load_demo(store)
        yield store


@pytest.fixture(scope="module")
def client(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store)) as c:
        yield c


@pytest.fixture
def fresh(db_url: str) -> Iterator[tuple[FastAPI, TestClient]]:
    """An app over a new store (either backend) holding the demo corpus."""
    with Store(db_url) as store:
        _load_demo(store)
        app = create_app(store)
        with TestClient(app) as c:
            yield app, c


def _stories_of_demo(client: TestClient, key: str) -> set[str]:
    """Ids of the stories holding an article of demo story ``key`` (banjir, sidang, ...)."""
    files = [name for name, story in _manifest().items() if story == key]
    return {_story_with(client, name)["id"] for name in files}


def _story_with(client: TestClient, file_name: str) -> dict:
    article = next(
        a for a in client.get("/api/articles?limit=1000").json()
        if Path(a["source"]).name == file_name
    )
    for row in client.get("/api/stories").json():
        story = client.get(f"/api/stories/{row['id']}").json()
        if article["id"] in story["articles"]:
            return story
    raise AssertionError(f"no story holds {file_name}")


# -- interface text --------------------------------------------------------------------------


def test_interface_languages_have_the_same_keys() -> None:
    folder = resources.files("kronologi.web") / "i18n"
    id_keys = set(tomllib.loads((folder / "id.toml").read_text("utf-8")))
    en_keys = set(tomllib.loads((folder / "en.toml").read_text("utf-8")))
    assert id_keys == en_keys
    assert len(id_keys) > 50


# -- stories and articles ------------------------------------------------------------------


def test_stories_are_the_story_stage_records(client: TestClient, demo_store: Store) -> None:
    rows = client.get("/api/stories").json()
    stored = {s["id"]: s for s in persisted.stories(demo_store)}
    assert {r["id"] for r in rows} == set(stored) and len(rows) >= 3
    article_ids = [a["id"] for a in client.get("/api/articles?limit=1000").json()]
    memberships = [a for s in stored.values() for a in s["articles"]]
    assert sorted(memberships) == sorted(article_ids), "every article is in exactly one story"
    for row in rows:
        story = client.get(f"/api/stories/{row['id']}").json()
        assert story == json.loads(json.dumps(stored[row["id"]]))
        assert row["title"] == story["title"]
        assert row["n_articles"] == len(story["articles"])
        assert 1 <= row["n_outlets"] <= row["n_articles"]
        if story["timeline"]:
            assert row["first"] == min(e["date"] for e in story["timeline"])
            assert row["last"] == max(e["date"] for e in story["timeline"])
        assert row["updated"] is not None
    lasts = [r["last"] or "" for r in rows]
    assert lasts == sorted(lasts, reverse=True), "most recent story first"


def test_article_is_the_contract_record(client: TestClient, demo_store: Store) -> None:
    first = client.get("/api/articles?limit=1").json()[0]
    body = client.get(f"/api/articles/{first['id']}").json()
    assert body == json.loads(json.dumps(article_record(demo_store.get(first["id"]))))
    assert client.get(f"/api/articles/{first['id'][:8]}").json()["id"] == first["id"]
    assert len(client.get("/api/articles?limit=5&offset=2").json()) == 5


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/stories/s-0000000000000000", 404, "no story 's-0000000000000000'"),
        ("/api/stories/s-0000000000000000/timeline.csv", 404, "no story"),
        ("/api/articles/ffffffffffffffff", 404, "no article 'ffffffffffffffff'"),
        ("/api/articles/not-an-id", 422, "article_id"),
        ("/api/jobs/0123456789ab", 404, "no job"),
        ("/api/articles?limit=0", 422, "limit"),
        ("/api/nothing-here", 404, "Not Found"),
    ],
)
def test_unknown_ids_and_bad_parameters(
    client: TestClient, url: str, status: int, detail: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert detail in response.json()["detail"]


def test_pages_answer_errors_in_html(client: TestClient) -> None:
    response = client.get("/stories/s-0000000000000000")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no story &#39;s-0000000000000000&#39;" in response.text
    assert "Traceback" not in response.text


# -- exports -----------------------------------------------------------------------------------


def test_story_exports(client: TestClient) -> None:
    story = _story_with(client, "sidang-03-detik.txt")
    base = f"/api/stories/{story['id']}"

    contract = client.get(f"{base}/export.json")
    assert contract.headers["content-disposition"].endswith('.json"')
    data = contract.json()
    assert tuple(data) == CONTRACT_KEYS
    assert data["stories"] == [story]
    assert {a["id"] for a in data["articles"]} == set(story["articles"])
    assert all(q["article"] in story["articles"] for q in data["quotes"])

    rows = list(csv.reader(io.StringIO(client.get(f"{base}/timeline.csv").text)))
    assert rows[0] == ["date", "text", "citations", "outlets"]
    assert [r[0] for r in rows[1:]] == sorted(e["date"] for e in story["timeline"])
    first = story["timeline"][0]
    cited = "; ".join(f"{c['article']}#{c['sentence']}" for c in first["citations"])
    assert [first["date"], first["text"], cited] in [r[:3] for r in rows[1:]]

    quotes = list(csv.DictReader(io.StringIO(client.get(f"{base}/quotes.csv").text)))
    assert len(quotes) == len(data["quotes"]) > 0
    assert {(q["article"], int(q["sentence"])) for q in quotes} == {
        (q["article"], q["sentence"]) for q in data["quotes"]
    }

    markdown = client.get(f"{base}/report.md").text
    assert markdown.startswith(f"# {story['title']}\n")
    for heading in ("## Timeline", "## Quotes by speaker", "## Sources", "## Articles"):
        assert heading in markdown
    assert all(f"### {e['date']}" in markdown for e in story["timeline"])

    html = client.get(f"{base}/report.html").text
    assert "<style>" in html and "/static/" not in html  # one file, nothing to fetch
    anchors = set(re.findall(r'id="(a-[0-9a-f]+(?:-s\d+)?)"', html))
    links = set(re.findall(r'href="#(a-[0-9a-f]+(?:-s\d+)?)"', html))
    assert {f"a-{a}" for a in story["articles"]} <= links  # the sources panel
    assert links and links <= anchors, "a citation in the report points nowhere"


# -- pages -------------------------------------------------------------------------------------


def test_story_page_shows_timeline_quotes_sources(client: TestClient) -> None:
    story = _story_with(client, "banjir-02-kompas.txt")
    html = client.get(f"/stories/{story['id']}").text
    assert html.count('class="entry"') == len(story["timeline"])
    cite = story["timeline"][0]["citations"][0]
    assert f'href="/articles/{cite["article"]}?hl={cite["sentence"]}#s{cite["sentence"]}"' in html
    assert 'id="quotes"' in html and 'class="speaker"' in html
    outlets = {a["outlet"] for a in client.get("/api/articles?limit=1000").json()
               if a["id"] in story["articles"]}
    assert all(f"<h3>{o}</h3>" in html for o in outlets)


def test_article_page_highlights_the_cited_sentence(client: TestClient) -> None:
    article = client.get("/api/articles?limit=1").json()[0]
    record = client.get(f"/api/articles/{article['id']}").json()
    html = client.get(f"/articles/{article['id']}?hl=1").text
    assert f'<mark class="s hl" id="s1">{record["sentences"][1]["text"]}</mark>' in html
    assert html.count("<mark") == 1
    assert "<details class=\"removed\">" in html or not record["removed"]


def test_language_switch_sets_a_cookie(client: TestClient) -> None:
    english = client.get("/?lang=en")
    assert "<h1>Stories</h1>" in english.text and english.cookies.get("lang") == "en"
    assert "<h1>Stories</h1>" in client.get("/").text
    assert "<h1>Cerita</h1>" in client.get("/?lang=id").text
    assert "<h1>Cerita</h1>" in client.get("/").text


def test_empty_store_says_so(tmp_path: Path) -> None:
    with Store(str(tmp_path / "empty.db")) as store, TestClient(create_app(store)) as c:
        assert "Belum ada cerita" in c.get("/").text
        assert c.get("/api/stories").json() == []


# -- search (both backends) ---------------------------------------------------------------------


def test_search_finds_sentences_titles_and_stories(fresh: tuple[FastAPI, TestClient]) -> None:
    _, c = fresh
    result = c.get("/api/search", params={"q": "tanggul Wulan"}).json()
    assert result["hits"]
    for hit in result["hits"]:
        marked = re.findall(f"{START}(.*?){STOP}", hit["snippet"])
        assert {m.lower() for m in marked} >= {"wulan"} or "tanggul" in {m.lower() for m in marked}
    flood_ids = _stories_of_demo(c, "banjir")
    assert result["stories"] and {s["id"] for s in result["stories"]} <= flood_ids
    titles = c.get("/api/search", params={"q": "Lavrov"}).json()
    assert any(h["sentence"] is None for h in titles["hits"])  # a title matches
    for odd in ('"', "AND (", "*", "-", "a'b", "NEAR(x y)"):
        assert c.get("/api/search", params={"q": odd}).status_code == 200
    page = c.get("/search", params={"q": "Wulan"}).text
    assert "<mark>Wulan</mark>" in page


# -- adding articles (both backends) --------------------------------------------------------------


def test_pasted_text_joins_its_story(fresh: tuple[FastAPI, TestClient]) -> None:
    app, c = fresh
    flood_ids = _stories_of_demo(c, "banjir")
    response = c.post("/api/jobs", json={"texts": [FLOOD_FOLLOW_UP]})
    assert response.status_code == 202
    job = app.state.jobs.wait(response.json()["id"], JOB_SECONDS)
    assert job is not None and job.state == "done", job
    body = c.get(f"/api/jobs/{job.id}").json()
    assert body["new"] == 1 and body["done"] == body["total"] == 1
    assert len(body["stories"]) == 1 and body["stories"][0] in flood_ids
    article = c.get(f"/api/articles/{body['articles'][0]}").json()
    assert re.fullmatch(r"pasted/[0-9a-f]{12}\.txt", article["source"])
    assert article["title"] == FLOOD_FOLLOW_UP.splitlines()[0]
    after = c.get(f"/api/stories/{body['stories'][0]}").json()
    assert article["id"] in after["articles"]


def test_file_upload_and_unreachable_url(fresh: tuple[FastAPI, TestClient]) -> None:
    app, c = fresh
    files = [("files", ("gotong-royong.txt", FLOOD_FOLLOW_UP.encode(), "text/plain"))]
    response = c.post("/api/jobs/files", files=files)
    assert response.status_code == 202
    job = app.state.jobs.wait(response.json()["id"], JOB_SECONDS)
    assert job is not None and job.state == "done"
    assert c.get(f"/api/articles/{job.articles[0]}").json()["source"] == "upload/gotong-royong.txt"

    response = c.post("/api/jobs", json={"urls": ["http://127.0.0.1:9/artikel"]})
    job = app.state.jobs.wait(response.json()["id"], JOB_SECONDS)
    assert job is not None and job.state == "done" and job.articles == []
    assert [s.source for s in job.skipped] == ["http://127.0.0.1:9/artikel"]
    assert job.skipped[0].reason.startswith("could not fetch")


def test_browser_form_redirects_to_the_job_page(client: TestClient) -> None:
    response = client.post("/add", data={"text": "", "urls": ""}, follow_redirects=False)
    assert response.status_code == 400
    assert "nothing to add" in response.text
    response = client.post(
        "/add", files=[("files", ("x.txt", FLOOD_FOLLOW_UP.encode(), "text/plain"))],
        data={"text": "", "urls": ""}, follow_redirects=False,
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/jobs/[0-9a-f]{12}", response.headers["location"])
    job_page = client.get(response.headers["location"])
    assert job_page.status_code == 200 and 'id="job"' in job_page.text
    client.app.state.jobs.wait(response.headers["location"].rsplit("/", 1)[1], JOB_SECONDS)


@pytest.mark.parametrize(
    ("request_kwargs", "status", "detail"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}},
         400, "malformed JSON body"),
        ({"json": {"texts": "one text"}}, 422, "texts"),
        ({"json": {"texts": ["x"], "extra": 1}}, 422, "extra"),
        ({"json": {}}, 400, "nothing to add"),
        ({"json": {"urls": ["file:///etc/passwd"]}}, 400, "not an http(s) URL"),
        ({"json": {"texts": ["a\x00b\x00c\x00d" * 100]}}, 415, "binary"),
    ],
)
def test_bad_submissions(client: TestClient, request_kwargs: dict, status: int, detail: str) -> None:
    response = client.post("/api/jobs", **request_kwargs)
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]


def test_binary_and_huge_uploads_are_refused(client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    response = client.post("/api/jobs/files", files=[("files", ("foto.txt", png, "image/png"))])
    assert response.status_code == 415
    assert response.json()["detail"] == "foto.txt: binary file (PNG image); send text, HTML, JSONL or WARC"

    big = b"kata " * (MAX_UPLOAD_BYTES // 5 + 1)
    response = client.post("/api/jobs/files", files=[("files", ("besar.txt", big, "text/plain"))])
    assert response.status_code == 413
    assert "besar.txt: larger than" in response.json()["detail"]

    response = client.post(
        "/api/jobs/files",
        content=b"x",
        headers={"content-length": str(MAX_REQUEST_BYTES + 1), "content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413
    assert "request body larger than" in response.json()["detail"]


def test_a_crash_is_a_bare_500(demo_store: Store) -> None:
    def broken(_store: Store) -> list[dict]:
        raise RuntimeError("secret internals")

    app = create_app(demo_store, provider=broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        api = c.get("/api/stories")
        page = c.get("/")
    assert api.status_code == page.status_code == 500
    assert api.json() == {"detail": "internal error; the server log has the details"}
    for response in (api, page):
        assert "secret internals" not in response.text and "Traceback" not in response.text


# -- small pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\berita banjir.txt", "berita_banjir.txt"),
        ("arsip.jsonl.gz", "arsip.jsonl.gz"),
        ("...", "upload.txt"),
    ],
)
def test_upload_names_lose_folders_and_odd_characters(given: str, kept: str) -> None:
    assert safe_name(given) == kept


def test_search_terms_drop_operators() -> None:
    assert terms('"banjir" AND (Kudus* OR -tanggul)') == ["banjir", "AND", "Kudus", "OR", "tanggul"]
    assert terms("  ") == []


def test_stored_text_is_never_trusted_as_html(tmp_path: Path, make_article: Callable[..., Article]) -> None:
    article = replace(
        make_article(title="<script>alert(1)</script> Taman"), url="javascript:alert(1)"
    )
    with Store(str(tmp_path / "x.db")) as store, TestClient(create_app(store)) as c:
        store.add_articles([article])
        html = c.get(f"/articles/{article.id}").text
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
        assert 'href="javascript:' not in html
        hits = c.get("/search", params={"q": "script alert"}).text
        assert "<script>alert(1)" not in hits


def test_stories_list_pages(tmp_path: Path) -> None:
    def many(store: Store) -> list[dict]:
        return [{"id": f"s-{n:03d}", "title": f"Cerita {n:03d}", "articles": []} for n in range(250)]

    with Store(str(tmp_path / "x.db")) as store, TestClient(create_app(store, provider=many)) as c:
        first, last = c.get("/").text, c.get("/?page=3").text
        assert first.count('class="story-row"') == 100 and last.count('class="story-row"') == 50
        assert "250 cerita" in first and 'href="/?page=2"' in first and "3 / 3" in last
        assert c.get("/?page=0").status_code == 422


def test_conflicting_claims_stand_side_by_side(demo_store: Store) -> None:
    first, second = (a.id for a in demo_store.list_articles(limit=2))

    def one_story(_store: Store) -> list[dict]:
        claim = [
            {"text": "Korban tewas dua orang.", "citations": [{"article": first, "sentence": 1}]},
            {"text": "Korban tewas tiga orang.", "citations": [{"article": second, "sentence": 2}]},
        ]
        return [{
            "id": "s-uji", "title": "Cerita uji", "articles": [first, second],
            "developments": [{"id": "d-uji", "title": "Awal", "articles": [first]}],
            "timeline": [{"date": "2022-03-14", "text": "Tanggul jebol.",
                          "citations": [{"article": first, "sentence": 0}]}],
            "summary": [{"text": "Ringkasan uji.", "citations": [{"article": second, "sentence": 0}]}],
            "conflicts": [{"about": "jumlah korban", "claims": claim}],
        }]

    with TestClient(create_app(demo_store, provider=one_story)) as c:
        html = c.get("/stories/s-uji?lang=en").text
    conflict = html[html.index('id="conflicts"'):]
    assert "<h3>jumlah korban</h3>" in conflict
    assert conflict.count('class="claim"') == 2
    assert conflict.index("dua orang") < conflict.index("tiga orang")
    assert f'href="/articles/{second}?hl=2#s2"' in conflict
    assert '<h2>Developments</h2>' in html and "<strong>Awal</strong>" in html
    assert "Ringkasan uji." in html[html.index('id="summary"'):html.index('id="timeline"')]
