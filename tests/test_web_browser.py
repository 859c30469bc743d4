"""End-to-end: Debian's headless Chromium (Playwright, system browser) against a live
``kronologi serve`` (run as ``python -m kronologi serve``) over a store loaded with the demo
corpus.

What a reader does: open the stories list, open a story, follow a timeline citation to the
highlighted sentence, upload an article and find it in its story; plus the phone layout,
the print layout and the language switch. Screenshots go to ``tests/screenshots/``.

Waits are on selectors and page states only (Playwright auto-waits); the server is ready
when it has printed uvicorn's "running on" line.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from kronologi.cli import _demo_files, demo_corpus
from kronologi.pipeline import run
from kronologi.store import Store

CHROMIUM = os.environ.get("KRONOLOGI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TIMEOUT_MS = 15_000
STARTUP_SECONDS = 60

# An invented follow-up report on the demo corpus's Kudus flood (our own words).
UPLOAD_TITLE = "Perbaikan Darurat Tanggul Sungai Wulan di Kudus Dikebut"
UPLOAD_TEXT = f"""{UPLOAD_TITLE}

Kudus - Perbaikan darurat tanggul Sungai Wulan yang jebol saat banjir Kudus dikebut sejak Sabtu (19/3/2022). BPBD Kudus bersama warga menumpuk karung pasir dan memasang bronjong di dua titik tanggul yang rusak.

Kepala Pelaksana BPBD Kudus Muhammad Syaifuddin mengatakan perbaikan darurat itu ditargetkan rampung dalam sepekan agar banjir tidak kembali merendam desa di tepi Sungai Wulan.

"Kami kejar sebelum hujan deras datang lagi, karena tanggul Sungai Wulan masih rawan," kata Syaifuddin di Kudus.

Menurut BPBD Kudus, sebagian pengungsi banjir sudah kembali ke rumah, sementara ratusan warga lain masih bertahan di pengungsian karena rumah mereka rusak.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server on a free loopback port over a fresh store holding the demo corpus."""
    if not Path(CHROMIUM).exists():
        message = f"needs Debian's chromium at {CHROMIUM} (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} — CI=true, so the browser tests must not be skipped")
        pytest.skip(message)
    db = tmp_path_factory.mktemp("web") / "kronologi.db"
    with resources.as_file(demo_corpus()) as corpus, Store(str(db)) as store:
        assert run(_demo_files(corpus), store).articles
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kronologi", "serve", "--db", str(db), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    ready = threading.Event()

    def read_log() -> None:
        for line in proc.stderr or []:
            log.append(line)
            if "running on" in line.lower():
                ready.set()
        ready.set()  # the process ended: stop waiting

    threading.Thread(target=read_log, daemon=True).start()
    if not ready.wait(STARTUP_SECONDS) or proc.poll() is not None:
        proc.kill()
        pytest.fail("server did not start:\n" + "".join(log))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert not any("Traceback" in line for line in log), "".join(log)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _story_of(server: str, file_name: str) -> dict:
    """The story (contract record) holding the demo article read from ``file_name``."""
    with httpx.Client(base_url=server) as client:
        articles = client.get("/api/articles", params={"limit": 1000}).json()
        article = next(a for a in articles if Path(a["source"]).name == file_name)
        for row in client.get("/api/stories").json():
            story = client.get(f"/api/stories/{row['id']}").json()
            if article["id"] in story["articles"]:
                return story
    raise AssertionError(f"no story holds {file_name}")


def test_stories_list_story_and_citation(server: str, page: Page) -> None:
    story = _story_of(server, "banjir-01-antara.txt")
    page.goto(server + "/")
    rows = page.locator("tr.story-row")
    expect(rows.first).to_be_visible()
    with httpx.Client(base_url=server) as client:
        assert rows.count() == len(client.get("/api/stories").json()) >= 3
    _shot(page, "01-stories")

    page.click(f'a.story-link[href="/stories/{story["id"]}"]')
    expect(page.locator("h1")).to_have_text(story["title"])
    entries = page.locator("#timeline li.entry")
    assert entries.count() == len(story["timeline"]) > 0
    days = page.locator("#timeline li.day time")
    assert days.all_inner_texts() == sorted({e["date"] for e in story["timeline"]})
    _shot(page, "02-story")

    cited = story["timeline"][0]["citations"][0]
    with httpx.Client(base_url=server) as client:
        article = client.get(f"/api/articles/{cited['article']}").json()
    sentence = next(s["text"] for s in article["sentences"] if s["i"] == cited["sentence"])
    page.locator("#timeline a.cite").first.click()
    mark = page.locator("mark.hl")
    expect(mark).to_have_text(sentence)
    expect(mark).to_be_in_viewport()
    assert mark.get_attribute("id") == f"s{cited['sentence']}"
    expect(page.locator("h1")).to_have_text(article["title"])
    _shot(page, "03-article-highlight")


def test_upload_joins_its_story(server: str, page: Page, tmp_path: Path) -> None:
    flood = {
        _story_of(server, f)["id"]
        for f in ("banjir-01-antara.txt", "banjir-02-kompas.txt", "banjir-05-tempo.txt")
    }
    upload = tmp_path / "perbaikan-tanggul.txt"
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files('input[name="files"]', str(upload))
    page.click('form.add button[type="submit"]')
    joined = page.locator("a.job-story")
    expect(joined).to_be_visible()  # the job page polls until the job is done
    _shot(page, "04-upload-done")
    href = joined.get_attribute("href") or ""
    assert href.removeprefix("/stories/") in flood, "the flood report joined another story"
    with httpx.Client(base_url=server) as client:
        after = client.get("/api" + href).json()

    joined.click()
    added = page.locator("#sources a.source-article", has_text=UPLOAD_TITLE)
    expect(added).to_have_count(1)
    _shot(page, "05-story-after-upload")
    expect(page.locator("#sources a.source-article")).to_have_count(len(after["articles"]))


def test_phone_print_and_language(server: str, browser: Browser) -> None:
    story = _story_of(server, "sidang-01-cnnindonesia.txt")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.goto(f"{server}/stories/{story['id']}")
    expect(page.locator("h1")).to_have_text(story["title"])
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the story page scrolls sideways on a phone"
    _shot(page, "06-story-phone")

    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("#timeline")).to_be_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    (SCREENSHOTS / "07-story-print.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")

    for path in ("/", f"/articles/{story['articles'][0]}?hl=0", "/add"):
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone"
    _shot(page, "08-add-phone")

    page.goto(f"{server}/stories/{story['id']}")
    page.click("a.lang")
    expect(page.locator("#timeline h2")).to_have_text("Timeline")
    page.goto(server + "/")
    expect(page.locator("main h1")).to_have_text("Stories")  # the cookie keeps it
    phone.close()
