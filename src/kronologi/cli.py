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
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from kronologi import export
from kronologi.analyse import quotes
from kronologi.model import Article, RunResult
from kronologi.pipeline import run
from kronologi.store import AmbiguousKeyError, Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="kronologi: raw news articles in, sourced stories (timelines, quotes) out.",
)
out = Console()
err = Console(stderr=True)

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
        err.print(f"[yellow]skipped[/] {s.source}: {s.reason}", highlight=False, soft_wrap=True)
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
        err.print(f"cannot open the store {db or '(default)'}: {_one_line(exc)}", highlight=False)
        raise typer.Exit(1) from None
    try:
        yield store
    except SQLAlchemyError as exc:
        err.print(f"store error in {store.display_url}: {_one_line(exc)}", highlight=False)
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
            out.print(_summary_line(result, store), highlight=False)
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
            err.print(str(exc), highlight=False)
            raise typer.Exit(1) from None
        if a is None:
            hint = " (an id prefix needs at least 4 characters)" if len(article) < 4 else ""
            err.print(f"no article {article!r} in {store.display_url}{hint}", highlight=False)
            raise typer.Exit(1)
        sources = store.sources(a.id)
    out.print(f"[bold]{a.title or '(untitled)'}[/]", highlight=False)
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
        out.print(f"[dim][{s.i}][/] {s.text}", highlight=False)
    if a.quotes:
        out.print("\n[bold]Quotes[/]")
        for q in a.quotes:
            via = f" via {q.relay}" if q.relay else ""
            out.print(f"  [{q.sentence}] {q.speaker or '?'} ({q.verb or '—'}{via}): {q.text}")
    if removed and a.removed:
        out.print("\n[bold]Removed[/]")
        for r in a.removed:
            out.print(f"  line {r.line:>3} [cyan]{r.reason:<16}[/] {r.text}", highlight=False)
    for r in a.repairs:
        out.print(f"  repaired “{r.before}” → “{r.after}” ({r.reason})", highlight=False)


_ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


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
    return sorted(str(p) for p in corpus.iterdir() if p.suffix in _ARTICLE_SUFFIXES)


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
            out.print(f"\n[bold]What cleaning did to[/] “{example.title}” ({example.outlet}):")
            for r in example.removed:
                out.print(f"  line {r.line:>3} [cyan]{r.reason:<16}[/] {r.text[:90]}")
            for r in example.repairs:
                out.print(f"  repaired “{r.before}” → “{r.after}”")
            if example.dateline:
                out.print(f"  dateline: {example.dateline}")
        out.print("\n" + _summary_line(result, store), highlight=False)
    raise typer.Exit(0 if result.articles else 1)
