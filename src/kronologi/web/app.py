"""The reader's desk: server-rendered pages, the JSON API and per-story exports (FastAPI).

Why server-rendered Jinja2 pages with a few lines of JavaScript: pages are read far more than
they change, they must work on a phone, print well and load fast on a laptop, and a build
chain for a single-page app would be the heaviest part of the package. The only script polls
a job's progress.

Errors: every 4xx answer carries one readable ``detail`` line (JSON under ``/api``, an HTML
page elsewhere); unexpected exceptions are logged and answered with a bare 500, never with a
stack trace. Request bodies are capped before they are read (``Content-Length``) and again
while reading, so a huge upload is refused early.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, File, Form, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException
from starlette.responses import Response

from kronologi.export import article_record
from kronologi.ingest import DEFAULT_MAX_BYTES
from kronologi.ingest.checks import GZIP_MAGIC, binary_kind
from kronologi.ingest.decode import has_bom
from kronologi.model import Article
from kronologi.store import AmbiguousKeyError, Store
from kronologi.web import i18n, report
from kronologi.web.data import (
    PAGE_DEVELOPMENT_ARTICLES,
    PAGE_SOURCE_ARTICLES,
    Library,
    StoryProvider,
    StoryView,
    catch_up,
    default_provider,
)
from kronologi.web.jobs import Job, Jobs, OnStored, Upload, safe_name
from kronologi.web.models import (
    ArticleModel,
    ArticleRowModel,
    ContractModel,
    ErrorModel,
    HitModel,
    JobModel,
    SearchModel,
    StoryModel,
    StoryRowModel,
    SubmitModel,
)
from kronologi.web.search import START, STOP, Search, terms

MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES  # per file, as for files on the command line
MAX_REQUEST_BYTES = 5 * MAX_UPLOAD_BYTES
MAX_FILES = 50
STORIES_PER_PAGE = 100
ARTICLE_ID = r"^[0-9a-fA-F]{4,32}$"
STORY_ID = r"^[\w.\-:]{1,120}$"
JOB_ID = r"^[0-9a-f]{12}$"

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel, "description": "bad request"},
    404: {"model": ErrorModel, "description": "unknown id"},
}
_UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel, "description": "bad request (malformed JSON, nothing to add)"},
    413: {"model": ErrorModel, "description": "upload too large"},
    415: {"model": ErrorModel, "description": "binary upload"},
}
_WEB = resources.files("kronologi.web")


class Refused(HTTPException):
    """A request the app answers with a 4xx status and one line of ``detail``."""


def _default_on_stored(library: Library) -> OnStored:
    """After an upload is stored: bring the stories up to date, then refresh the caches."""

    def on_stored(store: Store, _articles: Sequence[Article]) -> None:
        catch_up(store)
        library.bump()

    return on_stored


def _snippet(text: str) -> Markup:
    """A search snippet as HTML: the text escaped, the matches in ``<mark>``."""
    escaped = str(escape(text))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def _cite_url(article: str, sentence: int) -> str:
    return f"/articles/{quote(article)}?hl={sentence}#s{sentence}"


def _field(citation: Any, name: str) -> Any:
    return citation[name] if isinstance(citation, dict) else getattr(citation, name)


def _site_link(citation: Any) -> str:
    """Where a citation points on the site: the article view, sentence highlighted."""
    return _cite_url(_field(citation, "article"), _field(citation, "sentence"))


def _report_link(citation: Any) -> str:
    """Where a citation points in the standalone report: the sentence's anchor."""
    return f"#a-{_field(citation, 'article')}-s{_field(citation, 'sentence')}"


def _check_upload(name: str, data: bytes) -> None:
    """Refuse a file the pipeline could not read, with the status that says why."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise Refused(413, f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    if not data.strip():
        raise Refused(400, f"{name}: empty file")
    is_gzip = data.startswith(GZIP_MAGIC) and name.lower().endswith(".gz")
    is_warc = data.startswith(b"WARC/")
    if not (is_gzip or is_warc or has_bom(data)) and (kind := binary_kind(data)) is not None:
        raise Refused(415, f"{name}: binary file ({kind}); send text, HTML, JSONL or WARC")


def _validation_detail(exc: RequestValidationError) -> tuple[int, str]:
    errors = exc.errors()
    for error in errors:
        if error.get("type") == "json_invalid":
            ctx = error.get("ctx", {}).get("error", "")
            return 400, f"malformed JSON body: {ctx}".rstrip(": ")
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return 422, "invalid request: " + "; ".join(parts)


def create_app(
    store: Store,
    *,
    provider: StoryProvider = default_provider,
    on_stored: OnStored | None = None,
) -> FastAPI:
    """The web app over ``store``; ``provider`` says where stories come from."""
    library = Library(store, provider)
    search = Search(store)
    jobs = Jobs(store, on_stored or _default_on_stored(library), MAX_UPLOAD_BYTES)
    templates = Jinja2Templates(directory=str(_WEB / "templates"))
    templates.env.filters["snippet"] = _snippet
    templates.env.globals.update(
        cite_url=_cite_url,
        site_link=_site_link,
        report_link=_report_link,
        site_article=lambda article_id: f"/articles/{quote(article_id)}",
        report_article=lambda article_id: f"#a-{article_id}",
        page_source_articles=PAGE_SOURCE_ARTICLES,
        page_development_articles=PAGE_DEVELOPMENT_ARTICLES,
    )

    app = FastAPI(
        title="kronologi",
        version="0.1.0",
        summary="Sourced stories from news articles: the export contract as a JSON API.",
        openapi_tags=[
            {"name": "stories", "description": "Stories and their exports"},
            {"name": "articles", "description": "Cleaned articles"},
            {"name": "jobs", "description": "Adding articles"},
        ],
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.state.library = library
    app.state.jobs = jobs
    app.mount("/static", StaticFiles(directory=str(_WEB / "static")), name="static")

    # -- plumbing -------------------------------------------------------------------------

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = i18n.pick(request.query_params.get("lang"), request.cookies.get("lang"))
        other = "en" if lang == "id" else "id"
        context.update(
            t=i18n.translator(lang),
            lang=lang,
            other_lang=other,
            lang_url=str(
                request.url.include_query_params(lang=other).replace(scheme="", netloc="")
            ),
        )
        response = templates.TemplateResponse(request, name, context, status_code=status)
        if request.query_params.get("lang") == lang:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    def error_response(request: Request, status: int, detail: str) -> Response:
        if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
            return JSONResponse({"detail": detail}, status_code=status)
        return page(request, "error.html", status=status, status_code=status, detail=detail)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        status, detail = _validation_detail(exc)
        return error_response(request, status, detail)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        # Starlette re-raises the exception after this answer, so the server logs it.
        return error_response(request, 500, "internal error; the server log has the details")

    @app.middleware("http")
    async def cap_body(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BYTES):
            detail = f"request body larger than {MAX_REQUEST_BYTES // 2**20} MB"
            return error_response(request, 413, detail)
        return await call_next(request)

    def view_or_404(story_id: str) -> StoryView:
        view = library.view(story_id)
        if view is None:
            raise Refused(404, f"no story {story_id!r}")
        return view

    def article_or_404(article_id: str) -> Article:
        try:
            article = store.get(article_id)
        except AmbiguousKeyError as exc:
            raise Refused(400, str(exc)) from None
        if article is None:
            raise Refused(404, f"no article {article_id!r}")
        return article

    def job_body(job: Job) -> JobModel:
        stories = {s["id"]: None for a in job.articles for s in library.stories_of(a)}
        return JobModel(
            id=job.id,
            state=job.state,
            done=job.done,
            total=job.total,
            articles=job.articles,
            new=job.new,
            skipped=[{"source": s.source, "reason": s.reason} for s in job.skipped],
            stories=list(stories),
            message=job.message,
        )

    def job_or_404(job_id: str) -> Job:
        job = jobs.get(job_id)
        if job is None:
            raise Refused(404, f"no job {job_id!r}")
        return job

    def run_search(q: str) -> SearchModel:
        words = [w.lower() for w in terms(q)]
        hits = search.query(q, version=library.version()) if words else []
        rows = library.matching(words, (h.article for h in hits)) if words else []
        hit_models = []
        for h in hits:
            meta = library.meta(h.article)
            hit_models.append(
                HitModel(
                    article=h.article,
                    sentence=h.sentence,
                    title=meta.title if meta else None,
                    outlet=meta.outlet if meta else None,
                    snippet=h.snippet,
                )
            )
        return SearchModel(
            query=q, stories=[StoryRowModel(**asdict(r)) for r in rows], hits=hit_models
        )

    async def read_files(files: list[UploadFile]) -> list[Upload]:
        if len(files) > MAX_FILES:
            raise Refused(400, f"at most {MAX_FILES} files per request")
        uploads = []
        for f in files:
            name = safe_name(f.filename or "upload.txt")
            data = await f.read(MAX_UPLOAD_BYTES + 1)
            _check_upload(name, data)
            uploads.append(Upload(source=f"upload/{name}", data=data))
        return uploads

    def pasted(texts: Sequence[str], urls: Sequence[str]) -> list[Upload]:
        uploads = []
        for n, text in enumerate(t for t in texts if t.strip()):
            data = text.encode("utf-8")
            _check_upload(f"text {n + 1}", data)
            name = hashlib.sha256(data).hexdigest()[:12]  # the same text, the same source
            uploads.append(Upload(source=f"pasted/{name}.txt", data=data))
        for url in (u.strip() for u in urls):
            if not url:
                continue
            if not url.startswith(("http://", "https://")):
                raise Refused(400, f"not an http(s) URL: {url[:200]!r}")
            uploads.append(Upload(source=url, data=None, suffix=".html"))
        return uploads

    def submit(uploads: list[Upload]) -> Job:
        if not uploads:
            raise Refused(400, "nothing to add: give files, text or URLs")
        return jobs.submit(uploads)

    # -- pages ----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request, page_no: Annotated[int, Query(alias="page", ge=1, le=10**6)] = 1
    ) -> Response:
        rows = library.rows()
        pages = max(1, -(-len(rows) // STORIES_PER_PAGE))
        start = (page_no - 1) * STORIES_PER_PAGE
        return page(
            request,
            "stories.html",
            rows=rows[start : start + STORIES_PER_PAGE],
            n_stories=len(rows),
            n_articles=library.article_count(),
            page_no=page_no,
            pages=pages,
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
        return page(request, "search.html", q=q, result=run_search(q))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: Annotated[str, Path(pattern=STORY_ID)]) -> Response:
        return page(request, "story.html", v=view_or_404(story_id))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        request: Request,
        article_id: Annotated[str, Path(pattern=ARTICLE_ID)],
        hl: Annotated[int | None, Query(ge=0)] = None,
    ) -> Response:
        article = article_or_404(article_id)
        paragraphs: dict[int, list[Any]] = {}
        for s in article.sentences:
            paragraphs.setdefault(s.paragraph, []).append(s)
        return page(
            request,
            "article.html",
            a=article,
            hl=hl,
            paragraphs=list(paragraphs.values()),
            sources=store.sources(article.id),
            stories=library.stories_of(article.id),
        )

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> Response:
        return page(request, "add.html", limit_mb=MAX_UPLOAD_BYTES // 2**20)

    @app.post("/add", include_in_schema=False)
    async def add_form(
        files: Annotated[list[UploadFile] | None, File()] = None,
        text: Annotated[str, Form(max_length=2_000_000)] = "",
        urls: Annotated[str, Form(max_length=100_000)] = "",
    ) -> Response:
        uploads = await read_files([f for f in files or [] if f.filename])
        uploads += pasted([text], urls.splitlines())
        job = submit(uploads)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: Annotated[str, Path(pattern=JOB_ID)]) -> Response:
        job = job_or_404(job_id)
        return page(request, "job.html", job=job_body(job), library=library)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> Response:
        spec = app.openapi()
        ops = [
            {
                "method": method.upper(),
                "path": route,
                "doc": op.get("description") or op.get("summary", ""),
                "params": [p["name"] for p in op.get("parameters", []) if p["in"] == "query"],
                "statuses": sorted(op.get("responses", {})),
            }
            for route, methods in spec["paths"].items()
            for method, op in methods.items()
        ]
        return page(request, "api.html", ops=ops)

    # -- JSON API -------------------------------------------------------------------------

    @app.get("/api/stories", tags=["stories"], response_model=list[StoryRowModel])
    def api_stories() -> Response:
        """All stories, most recent first: title, date span, articles, outlets, last update."""
        return Response(library.rows_json(), media_type="application/json")

    @app.get(
        "/api/stories/{story_id}", tags=["stories"], response_model=StoryModel, responses=_ERRORS
    )
    def api_story(story_id: Annotated[str, Path(pattern=STORY_ID)]) -> Any:
        """One story as in the export contract (timeline, summary, developments, conflicts)."""
        return JSONResponse(view_or_404(story_id).story)

    @app.get(
        "/api/stories/{story_id}/export.json",
        tags=["stories"],
        response_model=ContractModel,
        responses=_ERRORS,
    )
    def api_story_export(story_id: Annotated[str, Path(pattern=STORY_ID)]) -> Response:
        """The export contract holding this story and its articles (a downloadable file)."""
        view = view_or_404(story_id)
        body = report.to_json(view.story, library.articles(view.story.get("articles", [])))
        return Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{_file(story_id)}.json"'},
        )

    def text_export(story_id: str, body: str, media: str, suffix: str) -> Response:
        return PlainTextResponse(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{_file(story_id)}{suffix}"'},
        )

    csv_response = {"content": {"text/csv": {"schema": {"type": "string"}}}}

    @app.get(
        "/api/stories/{story_id}/timeline.csv",
        tags=["stories"],
        response_class=PlainTextResponse,
        responses={**_ERRORS, 200: csv_response},
    )
    def api_timeline_csv(story_id: Annotated[str, Path(pattern=STORY_ID)]) -> Response:
        """The timeline as CSV: date, text, cited article#sentence ids, outlets."""
        view = view_or_404(story_id)
        return text_export(story_id, report.timeline_csv(view), "text/csv", "-timeline.csv")

    @app.get(
        "/api/stories/{story_id}/quotes.csv",
        tags=["stories"],
        response_class=PlainTextResponse,
        responses={**_ERRORS, 200: csv_response},
    )
    def api_quotes_csv(story_id: Annotated[str, Path(pattern=STORY_ID)]) -> Response:
        """Quotes as CSV, grouped by speaker: verb, date, relay, outlet, citation, text."""
        view = view_or_404(story_id)
        return text_export(story_id, report.quotes_csv(view), "text/csv", "-quotes.csv")

    @app.get(
        "/api/stories/{story_id}/report.md",
        tags=["stories"],
        response_class=PlainTextResponse,
        responses={**_ERRORS, 200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
    )
    def api_markdown(story_id: Annotated[str, Path(pattern=STORY_ID)]) -> Response:
        """A Markdown report of the story."""
        view = view_or_404(story_id)
        return text_export(story_id, report.to_markdown(view), "text/markdown", ".md")

    @app.get(
        "/api/stories/{story_id}/report.html",
        tags=["stories"],
        response_class=HTMLResponse,
        responses=_ERRORS,
    )
    def api_html_report(
        request: Request, story_id: Annotated[str, Path(pattern=STORY_ID)]
    ) -> Response:
        """A standalone HTML report: one file, styles inlined, with the text of every article
        it links to (cited, quoted or listed), so its citations work offline."""
        view = view_or_404(story_id)
        cited = library.articles(view.linked())
        response = page(
            request,
            "report.html",
            v=view,
            articles=cited,
            css=(_WEB / "static" / "style.css").read_text("utf-8"),
        )
        response.headers["Content-Disposition"] = f'attachment; filename="{_file(story_id)}.html"'
        return response

    @app.get("/api/articles", tags=["articles"], response_model=list[ArticleRowModel])
    def api_articles(
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
    ) -> list[ArticleRowModel]:
        """Stored articles by published date (undated last), ``limit`` at a time."""
        if outlet is not None:
            outlet = outlet.replace("\x00", "")
        rows = store.list_articles(limit=limit, offset=offset, outlet=outlet)
        return [ArticleRowModel(**asdict(r)) for r in rows]

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        response_model=ArticleModel,
        responses=_ERRORS,
    )
    def api_article(article_id: Annotated[str, Path(pattern=ARTICLE_ID)]) -> Any:
        """One article as in the export contract (id, or a unique prefix of 4+ hex digits)."""
        return JSONResponse(article_record(article_or_404(article_id)))

    @app.get("/api/search", tags=["stories"], response_model=SearchModel)
    def api_search(q: Annotated[str, Query(max_length=200)]) -> SearchModel:
        """Stories and article sentences/titles holding every word of ``q``."""
        return run_search(q)

    @app.post(
        "/api/jobs",
        tags=["jobs"],
        status_code=202,
        response_model=JobModel,
        responses=_UPLOAD_ERRORS,
    )
    def api_submit(body: SubmitModel) -> JobModel:
        """Add pasted texts and/or URLs; processing runs in the background (poll the job)."""
        return job_body(submit(pasted(body.texts, body.urls)))

    @app.post(
        "/api/jobs/files",
        tags=["jobs"],
        status_code=202,
        response_model=JobModel,
        responses=_UPLOAD_ERRORS,
    )
    async def api_submit_files(files: Annotated[list[UploadFile], File()]) -> JobModel:
        """Upload article files (.txt, .html, .jsonl, .warc, .gz); processed in the background."""
        return job_body(submit(await read_files(files)))

    @app.get("/api/jobs/{job_id}", tags=["jobs"], response_model=JobModel, responses=_ERRORS)
    def api_job(job_id: Annotated[str, Path(pattern=JOB_ID)]) -> JobModel:
        """Progress of a job; ``stories`` lists the stories its articles joined."""
        return job_body(job_or_404(job_id))

    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The spec FastAPI generates, with 4xx answers documented as they are sent: JSON with one
    ``detail`` line (also for 422, not FastAPI's list of validation errors, and also for
    routes whose success is CSV, Markdown or HTML)."""
    if app.openapi_schema is None:
        spec = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorModel"}}}
        for operations in spec["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if status.startswith("4"):
                        response["content"] = error
                        if status == "422":
                            response["description"] = "invalid parameters or body"
        schemas = spec.get("components", {}).get("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = spec
    return app.openapi_schema


def _file(story_id: str) -> str:
    return safe_name(f"kronologi-{story_id}")
