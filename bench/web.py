"""Benchmark: latency of the web app (story page, article page, JSON API, search) under
concurrent load, on a store of at least 10,000 articles.

    python bench/web.py [--articles 10000] [--db bench-web.db] [--requests 300] [--concurrency 8]

1. The store: ``--articles`` generated analysed articles in about ``--articles``/8 stories
   (invented words, so nothing is copied from real articles; each article has an outlet, a
   date, ten sentences, entity mentions, a time expression and two quotes; one in twenty is
   a syndicated copy), stored with ``Store.add_articles`` and grouped into stories by the
   real story stage (``catch_up``, 1,000 articles per run, as successive imports would).
   Recombining the demo articles instead (kronologi.demo.synth) gives one story of 10,000
   near-identical reports, which measures the story stage's worst case rather than a
   reader's. With ``--db`` the store is kept and reused by later runs when it already holds
   enough articles.
2. A live server: ``kronologi serve`` (one uvicorn process) on a free loopback port. Every
   page and endpoint is requested once to warm the caches, as any reader's first visit would.
3. A bounded load generator (httpx + asyncio, loopback only): ``--concurrency`` clients send
   ``--requests`` requests per endpoint, interleaved; latency is client-measured.

Prints p50/p95/max latency and throughput per endpoint and overall (target: p95 < 200 ms),
and the server's peak resident memory.
The generator runs on the same machine as the server and competes with it for the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import httpx

from kronologi.model import Article, Mention, Published, Quote, Sentence, Timex
from kronologi.store import Store
from kronologi.web.data import catch_up

STARTUP_SECONDS = 600  # the server brings stories up to date before it listens
ARTICLES_PER_STORY = 8
SENTENCES = 10
COPY_SHARE = 20
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "tu",
    "sen",
    "dar",
    "pe",
    "gan",
    "ri",
    "bo",
    "na",
    "su",
    "ta",
    "wan",
    "je",
    "ko",
    "lu",
    "ma",
    "sa",
    "di",
    "ru",
    "ha",
    "pin",
)
OUTLETS = (
    "Antara",
    "Kompas.com",
    "Detik.com",
    "Tempo.co",
    "CNN Indonesia",
    "Republika",
    "Liputan6.com",
    "Tribunnews",
    "Suara.com",
    "Kumparan",
)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def _sentences(paragraphs: Sequence[str]) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for i, text in enumerate(paragraphs):
        out.append(Sentence(i, text, pos, pos + len(text), i))
        pos += len(text) + 2
    return tuple(out)


def corpus(n: int, seed: int = 7) -> Iterator[Article]:
    """``n`` analysed articles in about ``n / ARTICLES_PER_STORY`` stories (see the module
    docstring)."""
    rng = random.Random(seed)
    common = [_word(rng, 3) for _ in range(3000)]
    stories = [
        (
            [_word(rng, 3) for _ in range(30)],
            [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(3)],
            _word(rng, 3).title(),
            date(2020, 1, 1) + timedelta(days=rng.randrange(1500)),
        )
        for _ in range(max(1, n // ARTICLES_PER_STORY))
    ]
    made: list[Article] = []
    for i in range(n):
        if made and i % COPY_SHARE == 0:  # a syndicated copy with a new last line
            src = rng.choice(made)
            paragraphs = (*src.paragraphs[:-1], f"Salinan {_word(rng, 2)} {i}.")
            text = "\n\n".join(paragraphs)
            copy = replace(
                src,
                id=hashlib.sha256(text.encode()).hexdigest()[:16],
                source=f"bench/{i}.txt",
                outlet=rng.choice(OUTLETS),
                paragraphs=paragraphs,
                sentences=_sentences(paragraphs),
            )
            made.append(copy)
            yield copy
            continue
        words, people, place, day = rng.choice(stories)
        published = day + timedelta(days=rng.randrange(10))
        paragraphs: list[str] = []
        mentions: list[Mention] = []
        quotes: list[Quote] = []
        for k in range(SENTENCES):
            person = rng.choice(people)
            body = " ".join(rng.choice(words if rng.random() < 0.5 else common) for _ in range(14))
            if k in (3, 6):
                said = f"{body} {i}"
                paragraphs.append(f'"{said}," kata {person} di {place}.')
                quotes.append(Quote(k, said, True, person, verb="kata", date=published.isoformat()))
            else:
                paragraphs.append(f"{person} di {place} {body} {i} {k}.")
            mentions.append(Mention(k, person, 0, len(person), "PER"))
        text = "\n\n".join(paragraphs)
        article = Article(
            id=hashlib.sha256(text.encode()).hexdigest()[:16],
            source=f"bench/{i}.txt",
            language="id",
            paragraphs=tuple(paragraphs),
            title=f"{place}: {' '.join(rng.sample(words, 5))}",
            outlet=rng.choice(OUTLETS),
            published=Published(published.isoformat(), 0.9, "generated"),
            sentences=_sentences(paragraphs),
            timexes=(
                Timex(
                    0,
                    "kemarin",
                    0,
                    7,
                    (published - timedelta(days=1)).isoformat(),
                    "date",
                    "published",
                ),
            ),
            mentions=tuple(mentions),
            quotes=tuple(quotes),
        )
        made.append(article)
        yield article


def build_store(url: str, n: int) -> None:
    """Fill the store at ``url`` with ``n`` generated articles and their stories."""
    with Store(url) as store:
        have = store.count()
        if have >= n:
            print(f"store: reusing {url} ({have} articles)")
            return
        t0 = time.perf_counter()
        batch: list[Article] = []
        for article in corpus(n):
            batch.append(article)
            if len(batch) == 1000:
                store.add_articles(batch)
                batch = []
        store.add_articles(batch)
        t_store = time.perf_counter() - t0
        t0 = time.perf_counter()
        added = catch_up(store)
        t_stories = time.perf_counter() - t0
        print(
            f"store: {store.count()} articles generated and stored in {t_store:.0f} s; "
            f"story stage over {added} articles in {t_stories:.0f} s "
            f"({added / t_stories:.0f} articles/s)"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kronologi", "serve", "--db", url, "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = threading.Event()
    log: list[str] = []

    def read() -> None:
        for line in proc.stderr or []:
            log.append(line)
            if "running on" in line.lower():
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(STARTUP_SECONDS) or proc.poll() is not None:
        proc.kill()
        raise SystemExit("server did not start:\n" + "".join(log))
    return proc, f"http://127.0.0.1:{port}"


def targets(base: str, rng: random.Random) -> dict[str, list[str]]:
    """The URLs each endpoint is measured on (real ids from the running server)."""
    with httpx.Client(base_url=base, timeout=600) as client:
        stories = client.get("/api/stories").json()
        articles = client.get("/api/articles", params={"limit": 1000}).json()
    story_ids = [s["id"] for s in stories]
    article_ids = [a["id"] for a in articles]
    sample = rng.sample(article_ids, k=min(50, len(article_ids)))
    titles = [a["title"].replace(":", "").split() for a in rng.sample(articles, k=10)]
    queries = [w[0] for w in titles] + [f"{w[1]} {w[2]}" for w in titles]  # place; two words
    return {
        "story page": [f"/stories/{s}" for s in story_ids],
        "stories list page": ["/", "/?page=2"],
        "article page": [f"/articles/{a}?hl=1" for a in sample],
        "GET /api/stories": ["/api/stories"],
        "GET /api/stories/{id}": [f"/api/stories/{s}" for s in story_ids],
        "GET /api/articles/{id}": [f"/api/articles/{a}" for a in sample],
        "GET /api/search": [f"/api/search?q={q}" for q in queries],
    }


async def load(base: str, plan: list[tuple[str, str]], concurrency: int) -> dict[str, list[float]]:
    """Send ``plan`` (endpoint, URL) with ``concurrency`` clients; latency per endpoint."""
    latencies: dict[str, list[float]] = defaultdict(list)
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            while not queue.empty():
                name, url = queue.get_nowait()
                t0 = time.perf_counter()
                response = await client.get(url)
                latencies[name].append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory of process ``pid`` (Linux ``/proc``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="store to build or reuse (default: temp)")
    parser.add_argument("--requests", type=int, default=300, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="kronologi-bench-web-") as tmp:
        url = args.db or str(Path(tmp) / "bench.db")
        build_store(url, args.articles)
        with Store(url) as store:
            n_articles = store.count()
        proc, base = start_server(url)
        try:
            urls = targets(base, rng)
            warm = [(name, u) for name, us in urls.items() for u in us]
            asyncio.run(load(base, warm, 1))
            plan = [
                (name, rng.choice(us)) for name, us in urls.items() for _ in range(args.requests)
            ]
            rng.shuffle(plan)
            t0 = time.perf_counter()
            latencies = asyncio.run(load(base, plan, args.concurrency))
            wall = time.perf_counter() - t0
            peak_mb = _peak_rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    n_stories = len(urls["story page"])
    print(
        f"store: {n_articles} articles, {n_stories} stories; {len(plan)} requests, "
        f"{args.concurrency} concurrent clients, {wall:.1f} s ({len(plan) / wall:.0f} req/s)"
    )
    print(f"{'endpoint':<24}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    every: list[float] = []
    for name, values in latencies.items():
        every += values
        print(
            f"{name:<24}{len(values):>6}{_pct(values, 50):>10.1f}{_pct(values, 95):>10.1f}"
            f"{max(values) * 1000:>10.1f}"
        )
    print(
        f"{'all':<24}{len(every):>6}{_pct(every, 50):>10.1f}{_pct(every, 95):>10.1f}"
        f"{max(every) * 1000:>10.1f}"
    )
    print(f"server peak memory (VmHWM): {peak_mb:.0f} MB; target: p95 < 200 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
