"""The ``kronologi`` command line (Typer).

Exit codes (also in the README): 0 when at least one article was processed (newly stored or
already in the store); 1 when nothing could be processed (every input skipped, or no input);
2 for usage errors (Typer's own). Skipped inputs are reported one line each on stderr and
recorded in the store and the JSON export — they never stop a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from kronologi import export
from kronologi.analyse import quotes
from kronologi.ingest import files as ingest_files
from kronologi.model import Article, RunResult
from kronologi.pipeline import run
from kronologi.store import AmbiguousKeyError, Store
from kronologi.store import stories as story_store
from kronologi.stories import present, tls

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="kronologi: raw news articles in, sourced stories (timelines, quotes) out.",
)
# markup off: article text is full of brackets ("[2016-12-02]", "(Ant)") that Rich would
# otherwise read as style tags; styling goes through ``style=`` and ``Text`` instead
out = Console(markup=False)
err = Console(stderr=True, markup=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL (sqlite:///x.db, postgresql://…) or a file path."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and results.")]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes to use.")]


def _run_with_progress(
    paths: list[str], store: Store, *, quiet: bool, workers: int
) -> RunResult:
    """Run the pipeline with a Rich progress display (suppressed by --quiet or a non-TTY)."""
    show = not quiet and err.is_terminal
    with ExitStack() as stack:
        if show:
            bar = stack.enter_context(
                Progress(
                    SpinnerColumn(),
                    TextColumn("[progress.description]{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=err,
                    transient=True,
                )
            )
            task = bar.add_task("analysing", total=None)

            def tick(source: str) -> None:
                bar.update(task, advance=1, description=f"analysing {Path(source).name[:40]}")

            result = run(paths, store, workers=workers, progress=tick)
        else:
            result = run(paths, store, workers=workers)
    for s in result.skipped:
        err.print(Text.assemble(("skipped ", "yellow"), f"{s.source}: {s.reason}"), soft_wrap=True)
    return result


def _one_line(exc: BaseException) -> str:
    """An exception as one short line: the driver's own message when there is one."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__
    return text[:200]


@contextmanager
def _open_store(db: str | None) -> Iterator[Store]:
    """The store for a command, with a one-line message (exit 1) instead of a traceback when
    it cannot be opened or fails: a wrong URL, a server that is down, a missing folder."""
    try:
        store = Store(db)
    except (SQLAlchemyError, OSError) as exc:
        err.print(f"cannot open the store {db or '(default)'}: {_one_line(exc)}")
        raise typer.Exit(1) from None
    try:
        yield store
    except SQLAlchemyError as exc:
        err.print(f"store error in {store.display_url}: {_one_line(exc)}")
        raise typer.Exit(1) from None
    finally:
        store.close()


def _check_writable(*paths: Path | None) -> None:
    """Fail before any work (exit 2, a usage error) when an output file cannot be written."""
    for path in paths:
        if path is not None and not path.parent.is_dir():
            err.print(f"cannot write {path}: folder {path.parent} does not exist")
            raise typer.Exit(2)


def _write_outputs(result: RunResult, json_path: Path | None, md_path: Path | None) -> None:
    if json_path is not None:
        json_path.write_text(export.to_json(result), encoding="utf-8")
    if md_path is not None:
        md_path.write_text(export.to_markdown(result), encoding="utf-8")


def _summary_line(result: RunResult, store: Store) -> str:
    return (
        f"{len(result.articles)} articles processed ({result.new} new), "
        f"{len(result.skipped)} skipped; store {store.display_url} holds {store.count()} articles"
    )


def _articles_table(articles: list[Article], title: str) -> Table:
    table = Table(title=title, show_lines=False, title_justify="left")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=3)
    table.add_column("outlet", ratio=1)
    table.add_column("published", no_wrap=True)
    table.add_column("sent.", justify="right")
    table.add_column("removed", ratio=2, overflow="fold")
    for a in articles:
        reasons = Counter(r.reason for r in a.removed)
        table.add_row(
            a.id[:10],
            a.title or "(untitled)",
            a.outlet or "—",
            a.published.date or "—",
            str(len(a.sentences)),
            ", ".join(f"{n}×{r}" for r, n in sorted(reasons.items())) or "—",
        )
    return table


def _store_run(
    paths: list[str],
    db: str | None,
    *,
    quiet: bool,
    workers: int,
    json_out: Path | None = None,
    md_out: Path | None = None,
) -> None:
    """Process ``paths`` into the store, write the exports asked for, exit by the policy."""
    _check_writable(json_out, md_out)
    with _open_store(db) as store:
        result = _run_with_progress(paths, store, quiet=quiet, workers=workers)
        _write_outputs(result, json_out, md_out)
        if not quiet:
            out.print(_summary_line(result, store))
    raise typer.Exit(0 if result.articles else 1)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON export.")] = None,
    md_out: Annotated[
        Path | None, typer.Option("--markdown", help="Write the Markdown report.")
    ] = None,
    db: DbOption = None,
    quiet: QuietOption = False,
    workers: WorkersOption = 1,
) -> None:
    """Ingest, clean, analyse, store and export in one go."""
    _store_run(paths, db, quiet=quiet, workers=workers, json_out=json_out, md_out=md_out)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive).")],
    db: DbOption = None,
    quiet: QuietOption = False,
    workers: WorkersOption = 1,
) -> None:
    """Add articles to the store (idempotent: re-ingesting adds nothing)."""
    _store_run(paths, db, quiet=quiet, workers=workers)


@app.command("articles")
def list_articles(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    outlet: Annotated[
        str | None, typer.Option(help="Only outlets whose name contains this (any case).")
    ] = None,
) -> None:
    """List the articles in the store."""
    with _open_store(db) as store:
        rows = store.list_articles(limit=limit, outlet=outlet)
        total = store.count()
        shown = f"{len(rows)} of {total}" if outlet or len(rows) < total else f"{total}"
        where = f" (outlet ~ {outlet!r})" if outlet else ""
        table = Table(title=f"{shown} articles in {store.display_url}{where}", title_justify="left")
        table.add_column("id", no_wrap=True)
        for col in ("published", "outlet", "lang", "sent.", "title"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                r.id,
                r.published or "—",
                r.outlet or "—",
                r.language,
                str(r.n_sentences),
                r.title or "(untitled)",
            )
        out.print(table)


def _removed_line(line: int, reason: str, text: str) -> Text:
    return Text.assemble(f"  line {line:>3} ", (f"{reason:<16}", "cyan"), f" {text}")


@app.command()
def show(
    article: Annotated[str, typer.Argument(help="Article id, id prefix, or source path.")],
    db: DbOption = None,
    removed: Annotated[bool, typer.Option(help="Also list removed lines.")] = True,
) -> None:
    """Show one stored article: metadata, numbered sentences, removed lines and why."""
    with _open_store(db) as store:
        try:
            a = store.get(article)
        except AmbiguousKeyError as exc:
            err.print(str(exc))
            raise typer.Exit(1) from None
        if a is None:
            hint = " (an id prefix needs at least 4 characters)" if len(article) < 4 else ""
            err.print(f"no article {article!r} in {store.display_url}{hint}")
            raise typer.Exit(1)
        sources = store.sources(a.id)
    out.print(a.title or "(untitled)", style="bold")
    out.print(
        f"id {a.id} · outlet {a.outlet or '—'} ({a.outlet_evidence}) · language {a.language}\n"
        f"published {a.published.date or 'unknown'} "
        f"(confidence {a.published.confidence:.2f}; {a.published.evidence})\n"
        f"dateline {a.dateline or '—'} · author {a.author or '—'}\n"
        f"sources: {', '.join(sources)}",
        highlight=False,
    )
    paragraph = -1
    for s in a.sentences:
        if s.paragraph != paragraph:
            out.print()
            paragraph = s.paragraph
        out.print(Text.assemble((f"[{s.i}] ", "dim"), s.text))
    if a.quotes:
        out.print("\nQuotes", style="bold")
        for q in a.quotes:
            via = f" via {q.relay}" if q.relay else ""
            out.print(f"  [{q.sentence}] {q.speaker or '?'} ({q.verb or '—'}{via}): {q.text}")
    if removed and a.removed:
        out.print("\nRemoved", style="bold")
        for r in a.removed:
            out.print(_removed_line(r.line, r.reason, r.text))
    for r in a.repairs:
        out.print(f"  repaired “{r.before}” → “{r.after}” ({r.reason})")


@app.command("stories")
def list_stories(db: DbOption = None) -> None:
    """The stories in the store: dates, articles, developments, outlets."""
    with _open_store(db) as store:
        records = story_store.stories(store)
        table = Table(title=f"{len(records)} stories in {store.display_url}", title_justify="left")
    table.add_column(present.STORY_COLUMNS[0], no_wrap=True)
    for col in present.STORY_COLUMNS[1:]:
        table.add_column(col, overflow="fold")
    for row in present.stories_table_rows(records):
        table.add_row(*row)
    out.print(table)


def _print_timeline(story: dict[str, Any]) -> None:
    out.print(Text.assemble((story["title"], "bold"), f" ({story['id']})"))
    for line in present.timeline_lines(story):
        out.print(line, soft_wrap=True)
    for conflict in story.get("conflicts", []):
        out.print(Text.assemble(("conflict ", "yellow"), conflict["about"]))


@app.command()
def timeline(
    what: Annotated[
        list[str], typer.Argument(help="A stored story's id (or prefix), or files/folders.")
    ],
    as_one_story: Annotated[
        bool, typer.Option("--as-one-story", help="Treat all given articles as one story.")
    ] = False,
    start: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).")] = None,
    max_dates: Annotated[int, typer.Option(min=1, help="At most this many dates.")] = 20,
    sentences_per_date: Annotated[
        int, typer.Option(min=1, help="At most this many sentences per date.")
    ] = 2,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON export.")] = None,
    db: DbOption = None,
) -> None:
    """A story's timeline. Given a story id, the stored story's timeline; given files or
    folders, they are analysed and each story (or, with --as-one-story, all of them as one)
    gets a timeline of at most --max-dates dates and --sentences-per-date sentences each."""
    if all(Path(p).exists() for p in what):
        _check_writable(json_out)
        for d in (start, end):
            if d is not None and not _is_iso(d):
                err.print(f"not a date (YYYY-MM-DD): {d}")
                raise typer.Exit(2)
        result = tls.timeline_command(
            what, as_one_story, start, end, max_dates, sentences_per_date, json_out
        )
        for story in result.stories:
            _print_timeline(story)
        raise typer.Exit(0 if result.articles else 1)
    if len(what) != 1:
        err.print(f"no such files, and a story id is one word: {' '.join(what)}")
        raise typer.Exit(2)
    with _open_store(db) as store:
        story = story_store.story(store, what[0])
        if story is None:
            err.print(f"no story {what[0]!r} (or several match) in {store.display_url}")
            raise typer.Exit(1)
    _print_timeline(story)


def _is_iso(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """The reader's desk: web pages and the JSON API over the store."""
    from kronologi.web.server import serve_command  # the web stack loads only when served

    serve_command(db, host, port)


@app.command("quotes")
def list_quotes(
    db: DbOption = None,
    speaker: Annotated[
        str | None, typer.Option(help="Only this speaker (name, surname or variant).")
    ] = None,
) -> None:
    """Who said what: every stored quote with its speaker, verb, relay and date."""
    with _open_store(db) as store:
        rows = quotes.quotes_table_rows(store.iter_articles(), speaker)
    table = Table(title=f"{len(rows)} quotes", title_justify="left")
    for col in ("date", "speaker", "verb", "via", "kind", "article:sentence", "text"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def demo_corpus() -> resources.abc.Traversable:
    """The bundled demo corpus folder (invented articles; see its README)."""
    return resources.files("kronologi") / "demo" / "corpus"


def _demo_files(corpus: Path) -> list[str]:
    """The article files of the demo corpus (its README and manifest are not articles)."""
    return sorted(str(p) for p in corpus.iterdir() if p.suffix in ingest_files.SUFFIXES)


def _demo_stories(result: RunResult) -> None:
    """The stories of the demo run; the timeline, quotes and conflicts of the biggest."""
    if not result.stories:
        return
    table = Table(title=f"\n{len(result.stories)} stories", title_justify="left")
    for col in present.STORY_COLUMNS:
        table.add_column(col, overflow="fold")
    for row in present.stories_table_rows(result.stories):
        table.add_row(*row)
    out.print(table)
    story = max(result.stories, key=lambda st: (len(st["articles"]), st["id"]))
    out.print()
    _print_timeline(story)
    members = set(story["articles"])
    said = [(a, q) for a in result.articles if a.id in members for q in a.quotes if q.speaker]
    if said:
        out.print("\nWho said what", style="bold")
        said.sort(key=lambda x: (x[1].date or "", x[0].id, x[1].sentence))
        for _article, q in said[:8]:
            via = f", via {q.relay}" if q.relay else ""
            text = q.text if len(q.text) <= 110 else q.text[:109] + "…"
            out.print(f"  {q.date or '?'}  {q.speaker} ({q.verb or '—'}{via}): {text}")


@app.command()
def demo(
    db: DbOption = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON export.")] = None,
    md_out: Annotated[
        Path | None, typer.Option("--markdown", help="Write the Markdown report.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Run the whole pipeline on the bundled demo corpus and print a readable report."""
    _check_writable(json_out, md_out)
    with resources.as_file(demo_corpus()) as corpus, _open_store(db) as store:
        result = _run_with_progress(_demo_files(corpus), store, quiet=quiet, workers=1)
        _write_outputs(result, json_out, md_out)
        out.print(_articles_table(result.articles, f"Demo corpus: {corpus}"))
        example = max(result.articles, key=lambda a: len(a.removed), default=None)
        if example is not None:
            out.print(f"\nWhat cleaning did to “{example.title}” ({example.outlet}):", style="bold")
            for r in example.removed:
                out.print(_removed_line(r.line, r.reason, r.text[:90]))
            for r in example.repairs:
                out.print(f"  repaired “{r.before}” → “{r.after}”")
            if example.dateline:
                out.print(f"  dateline: {example.dateline}")
        _demo_stories(result)
        out.print("\n" + _summary_line(result, store))
    raise typer.Exit(0 if result.articles else 1)
