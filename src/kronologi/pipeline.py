"""Composition of the stages: ingest → clean → analyse → corpus stages (canonical entities,
stories) → store.

Per-article work (``process``) is a pure function of one RawDoc, so it can run in a process
pool (``workers > 1``) with results identical to a single process: outputs are collected in
input order. Cross-article work (duplicate detection, canonical entities) runs after, in this
process, over the whole batch. Any exception inside a per-article stage becomes a Skipped
record for that document — one bad page never stops a run of thousands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from os import PathLike

from kronologi import stories
from kronologi.analyse import aliases, entities, quotes, sentences, timex
from kronologi.clean import clean
from kronologi.ingest import iter_docs
from kronologi.model import Article, RawDoc, RunResult, Skipped
from kronologi.store import Store
from kronologi.store import stories as story_store
from kronologi.stories import StoryState

Progress = Callable[[str], None]


def analyse(article: Article) -> Article:
    """The per-article analysis chain on a cleaned article.

    Order matters: quotes read the time expressions (a quote's date) and the entity
    mentions (its speaker), so they come last.
    """
    article = sentences.annotate(article)
    article = timex.annotate(article)
    article = entities.annotate(article)
    return quotes.annotate(article)


def process(doc: RawDoc) -> Article | Skipped:
    """Clean and analyse one document; never raises."""
    try:
        cleaned = clean(doc)
        if isinstance(cleaned, Skipped):
            return cleaned
        return analyse(cleaned)
    except Exception as exc:  # a crash in one article must not stop the run
        return Skipped(doc.source, f"internal error while analysing: {type(exc).__name__}: {exc}")


def _warm_up() -> None:
    """Load language packs, word lists and models once per worker process, up front."""
    text = "Ini kalimat pemanasan yang cukup panjang untuk diproses. " * 6
    process(RawDoc("warm-up", text, "txt"))


def _chunks(items: Iterable[RawDoc | Skipped], size: int) -> Iterator[list[RawDoc | Skipped]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass(slots=True)
class _Dedup:
    """Drops a second document whose content gives an id already seen in this run."""

    seen: dict[str, str]

    def admit(self, article: Article) -> Skipped | None:
        first = self.seen.get(article.id)
        if first is not None:
            return Skipped(article.source, f"duplicate content of article {article.id} ({first})")
        self.seen[article.id] = article.source
        return None


def run(
    paths: Iterable[str | PathLike[str]],
    store: Store | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> RunResult:
    """Process every document under ``paths``; store the articles when a store is given."""
    result = RunResult()
    dedup = _Dedup({})
    pool = (
        ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) if workers > 1 else None
    )
    try:
        for chunk in _chunks(iter_docs(paths), 256 if pool else 64):
            docs = [d for d in chunk if isinstance(d, RawDoc)]
            done = iter(pool.map(process, docs, chunksize=16) if pool else map(process, docs))
            for item in chunk:
                out = next(done) if isinstance(item, RawDoc) else item
                if isinstance(out, Article):
                    dup = dedup.admit(out)
                    if dup is None:
                        result.articles.append(out)
                    else:
                        result.skipped.append(dup)
                else:
                    result.skipped.append(out)
                if progress is not None:
                    progress(item.source)
    finally:
        if pool is not None:
            pool.shutdown()
    result.articles, result.entities = aliases.resolve(result.articles)
    state = _stories(result, store)
    if store is not None:
        result.new = store.add_articles(result.articles)
        store.add_skipped(result.skipped)
        story_store.save(store, state, result.stories)
    return result


def _stories(result: RunResult, store: Store | None) -> StoryState:
    """Corpus stage: stories from this run's articles and the stored state (incremental);
    articles re-dated by their story, and their quote dates with them. Returns the new state."""
    state = story_store.load_state(store) if store is not None else None
    fetch = (lambda ids: list(store.iter_articles(ids))) if store is not None else None
    built = stories.build_full(result.articles, result.entities, state, fetch)
    before = {a.id: a for a in result.articles}
    result.articles = [quotes.redate(before[a.id], a) for a in built.articles]
    result.stories = built.stories
    return built.state
