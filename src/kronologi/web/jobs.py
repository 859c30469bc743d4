"""Background processing of articles added from the browser, with progress a page can poll.

Why one worker thread and an in-memory job table: a laptop server has one store and one
user; processing is CPU-bound and the pipeline already runs a demo-sized batch in well under
a second, so a queue worked off by a single thread keeps request handlers responsive without
a broker or a second process. Jobs are forgotten on restart; the articles they stored are not.

Inputs are written to a private temporary folder under their own (sanitised) names and run
through the normal pipeline, so uploads are ingested exactly like files on the command line;
the temporary path is then replaced by what the user gave (``upload/<name>``, the URL, or
``pasted/<job>-<n>.txt``) as the article's source.
"""

from __future__ import annotations

import queue
import re
import tempfile
import threading
import urllib.request
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kronologi.ingest.checks import describe_error
from kronologi.ingest.files import SUFFIXES
from kronologi.model import Article, Skipped
from kronologi.pipeline import run
from kronologi.store import Store

MAX_JOBS = 200  # finished jobs kept for polling
FETCH_TIMEOUT = 10.0
_UNSAFE = re.compile(r"[^\w.\-]+")
# names the ingest stage reads by their suffix; other inputs get the upload's default suffix
KNOWN_SUFFIXES = (*sorted(SUFFIXES), ".gz")

OnStored = Callable[[Store, Sequence[Article]], None]


@dataclass(frozen=True, slots=True)
class Upload:
    """One input of a job: a file's bytes, pasted text, or a URL to fetch (``data`` None)."""

    source: str  # what the user gave: upload/<name>, pasted/<n>.txt or the URL
    data: bytes | None
    suffix: str = ".txt"


@dataclass(slots=True)
class Job:
    """The state of one submission, as the progress page shows it."""

    id: str
    total: int
    state: str = "queued"  # queued | running | done | failed
    done: int = 0
    articles: list[str] = field(default_factory=list)
    new: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    message: str | None = None


def safe_name(name: str) -> str:
    """A file name without folders or odd characters, keeping its suffixes (``.jsonl.gz``)."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    return base[:120] or "upload.txt"


def fetch(url: str, max_bytes: int) -> bytes:
    """The body of ``url`` (http/https only), at most ``max_bytes``; raises ``ValueError``
    with a readable reason otherwise."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("not an http(s) URL")
    request = urllib.request.Request(url, headers={"User-Agent": "kronologi"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(max_bytes + 1)
    except OSError as exc:
        raise ValueError(f"could not fetch: {describe_error(exc)}") from None
    if len(data) > max_bytes:
        raise ValueError(f"page larger than {max_bytes // (1024 * 1024)} MB")
    return data


class Jobs:
    """A queue of submissions worked off by one daemon thread."""

    def __init__(self, store: Store, on_stored: OnStored, max_bytes: int) -> None:
        self._store = store
        self._on_stored = on_stored
        self._max_bytes = max_bytes
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._finished: dict[str, threading.Event] = {}
        self._queue: queue.Queue[tuple[Job, list[Upload]]] = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="kronologi-jobs", daemon=True)
        self._thread.start()

    def submit(self, uploads: list[Upload]) -> Job:
        """Queue ``uploads`` as one job and return it (state ``queued``)."""
        job = Job(id=uuid.uuid4().hex[:12], total=len(uploads))
        with self._lock:
            self._jobs[job.id] = job
            self._finished[job.id] = threading.Event()
            while len(self._jobs) > MAX_JOBS:
                old, _ = self._jobs.popitem(last=False)
                self._finished.pop(old, None)
        self._queue.put((job, uploads))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> Job | None:
        """The job once it is done or failed (``None`` if unknown or still running after
        ``timeout`` seconds)."""
        with self._lock:
            finished = self._finished.get(job_id)
        if finished is None or not finished.wait(timeout):
            return None
        return self.get(job_id)

    def _work(self) -> None:
        while True:
            job, uploads = self._queue.get()
            job.state = "running"
            try:
                self._process(job, uploads)
                job.state = "done"
            except Exception as exc:  # a failing job must not stop the worker
                job.state = "failed"
                job.message = describe_error(exc)
            with self._lock:
                finished = self._finished.get(job.id)
            if finished is not None:
                finished.set()

    def _process(self, job: Job, uploads: list[Upload]) -> None:
        with tempfile.TemporaryDirectory(prefix="kronologi-upload-") as tmp:
            given: dict[str, str] = {}
            paths: list[str] = []
            for n, upload in enumerate(uploads):
                data = upload.data
                if data is None:
                    try:
                        data = fetch(upload.source, self._max_bytes)
                    except ValueError as exc:
                        job.skipped.append(Skipped(upload.source, str(exc)))
                        job.done += 1
                        continue
                path = Path(tmp) / f"{n:04d}-{safe_name(upload.source)}"
                if not path.name.lower().endswith(KNOWN_SUFFIXES):
                    path = path.with_name(path.name + upload.suffix)
                path.write_bytes(data)
                given[str(path)] = upload.source
                paths.append(str(path))

            def tick(_source: str) -> None:
                job.done += 1
                job.total = max(job.total, job.done)

            result = run(paths, None, progress=tick)
        articles = [_renamed(a, given) for a in result.articles]
        skipped = [Skipped(_original(s.source, given), s.reason) for s in result.skipped]
        job.new = self._store.add_articles(articles)
        self._store.add_skipped(skipped)
        job.articles = [a.id for a in articles]
        job.skipped.extend(skipped)
        self._on_stored(self._store, articles)
        job.done = job.total


def _original(source: str, given: dict[str, str]) -> str:
    path, sep, rest = source.partition("#")
    return given.get(path, path) + sep + rest


def _renamed(article: Article, given: dict[str, str]) -> Article:
    return replace(article, source=_original(article.source, given))
