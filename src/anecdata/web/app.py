"""The web UI: server-rendered pages over a store, read-only, in the HTML view's visual language.

Every request opens the store (``create=False``: a missing SQLite file is an error, never a new store), reads
and closes it, so the pages always show what is stored now. No endpoint writes: any method other than GET is
refused with 405 before it reaches a page.

Forum text reaches a page only through Jinja2 autoescaping or the HTML view's own escaping
(:func:`anecdata.view.html.marked_text`), and a Content-Security-Policy allows only this app's own scripts and
styles, so a post cannot run script even if escaping were missed somewhere. PII is redacted in the app's mode
(``mask`` by default) exactly as ``anecdata analyze`` does.

Pages are one function each, registered on :data:`router`; a new page is a function and a template. The JSON API
(``/api/...``, ``web/api.py``) is built on the same functions as the pages (:func:`condition_counts`,
:func:`shown_thread_page`, :func:`shown_thread`, :func:`shown_search`, the kept report), so the two cannot
disagree; its description is ``/api/openapi.json``, shown by ``/docs``.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from html import escape, unescape
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from anecdata.embed.static import StaticEmbedder
from anecdata.errors import AnecdataError, ConfigError, DataError
from anecdata.evidence_links import link_evidence, link_topics
from anecdata.model import EMPTY_CONTEXT, LAYERS, Thread
from anecdata.records import with_records
from anecdata.redact import MODES, redact_threads, redact_title, vocabulary_knows
from anecdata.report import sources
from anecdata.report.condition import (
    ConditionCounts,
    ConditionReport,
    condition_report,
    evidence_topics,
    listed_conditions,
)
from anecdata.report.html import CHARTS, count_at, count_title, report_body
from anecdata.report.tables import REPORTS, csv_cells, report_rows
from anecdata.search import SearchFilters, search_sentences
from anecdata.search.filters import EXPERIENCERS
from anecdata.search.redact import (
    ShownHit,
    redact_hits,
    redacted_opening,
    store_pseudonyms,
    thread_headings,
    thread_pii,
)
from anecdata.store import EvidenceStore, SqlStore, open_store
from anecdata.store.browse import Browse
from anecdata.store.carried import CarriedReadings
from anecdata.store.experiences import ExperienceIndex, SourceRef
from anecdata.view import JINJA_FILTERS, LEGEND, counted, said
from anecdata.view.html import FOOTER, HINT, annotation_data, json_for_script, legend, thread_section
from anecdata.web import queries

log = logging.getLogger("anecdata.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""Only this app's own scripts and styles; nothing from anywhere else, no inline script, no framing."""
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
READ_METHODS = frozenset({"GET"})
ASSETS = {
    "view.css": ("anecdata.view", "templates", "text/css; charset=utf-8"),
    "view.js": ("anecdata.view", "templates", "text/javascript; charset=utf-8"),
    "web.css": ("anecdata.web", "static", "text/css; charset=utf-8"),
    "web.js": ("anecdata.web", "static", "text/javascript; charset=utf-8"),
}
"""Name → (package, folder, media type) of every file the pages load: the HTML view's own CSS and JS, and ours."""
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""A chart's own policy: matplotlib's SVG styles itself inline; loaded as an image, it can run nothing."""
CONDITIONS_LISTED = 200
COUNTS_KEPT = 10_000
"""Conditions whose report counts are kept for the conditions list (a few numbers each)."""
REPORT_SECONDS = 60.0
"""How long a built report is reused: a page may show one minute-old counts, never a half-updated one."""
REPORTS_KEPT = 32
WARM_REPORTS = 12
"""Reports built, and charts drawn, at start (:func:`warm_reports`): the conditions most people name."""
SEARCH_RESULTS = 30
MAX_HIGHLIGHTS = 500
OVERVIEW_THREADS = 20
HIGHLIGHT_CLASS = "hl"
_MARK = re.compile(r'<mark class="([^"]*)" data-id="([^"]*)"( tabindex="0")?>')
"""An opening mark as :func:`anecdata.view.html.marked_text` writes it (forum text in it is escaped, so it
cannot contain this); the tab stop marks an annotation's first piece."""

router = APIRouter(include_in_schema=False)
"""The pages; the JSON API's routes are ``web/api.py``'s, and only they are in the OpenAPI description."""


@dataclass(frozen=True)
class WebSettings:
    """What the app was started with."""

    store_url: str
    redaction: str
    templates: jinja2.Environment
    assets: dict[str, tuple[bytes, str]]
    reports: dict[str, tuple[float, ConditionReport]] = field(default_factory=dict)
    """Recently built reports by condition, with when they were built (see :func:`_report`)."""
    counts: dict[str, ConditionCounts] = field(default_factory=dict)
    """The people and threads of every report built, by the concept asked for (see :func:`condition_counts`)."""
    reports_lock: threading.Lock = field(default_factory=threading.Lock)
    building: dict[str, threading.Lock] = field(default_factory=dict)
    """One lock per report being built, so concurrent first requests for it wait for one build."""
    charts: dict[tuple[str, str], tuple[ConditionReport, str]] = field(default_factory=dict)
    """Drawn charts by (condition, chart name), with the report they were drawn from (see :func:`_chart`)."""
    charts_lock: threading.Lock = field(default_factory=threading.Lock)
    drawing: threading.Lock = field(default_factory=threading.Lock)
    """Held while a chart is drawn: matplotlib figures are not for concurrent threads, and the GIL would run
    concurrent drawings one after the other anyway."""


def _lexicon() -> object:
    from anecdata.vocab.compiled import load_lexicon

    return load_lexicon()


def _concept_classes() -> object:
    from anecdata.vocab import classes, hierarchy

    return classes._tables(), hierarchy._broader_pairs()


def _charts() -> object:
    import matplotlib.figure  # noqa: F401  (its import and the font list are the first chart's cost)
    from matplotlib import font_manager

    return font_manager.fontManager


WARMERS: list[tuple[str, Callable[[], object]]] = [
    ("lexicon", _lexicon),
    ("concept classes", _concept_classes),
    ("embedder", StaticEmbedder.load),
    ("charts", _charts),
    ("PII allow-list", lambda: vocabulary_knows("plantar fasciitis")),
]
"""What pages build lazily and keep for the process (``functools.cache``, which does not lock: concurrent first
callers would each build their own copy). :func:`warm_caches` builds them once, before the first page."""
_warm_lock = threading.Lock()
_warmed = False


def warm_caches() -> None:
    """Build every process-wide cache of :data:`WARMERS` once. Safe from any number of threads: the first builds,
    the rest wait for it, later calls return at once. A builder that fails is logged and left to its page."""
    global _warmed
    if _warmed:
        return
    with _warm_lock:
        if _warmed:
            return
        for name, build in WARMERS:
            started = time.perf_counter()
            try:
                build()
            except Exception as e:  # a page that needs it reports the error itself
                log.warning("could not warm the %s: %r", name, e)
            else:
                log.info("warmed the %s in %.1f s", name, time.perf_counter() - started)
        _warmed = True


def warm_reports(web: WebSettings, conditions: int = WARM_REPORTS) -> None:
    """Build the reports of the conditions most people name, and draw their charts, before the first request.

    Those are the reports the overview and the conditions page lead to first. A chart takes matplotlib 0.1 to
    0.5 s of CPU under the GIL: drawn on demand by a fresh server, 20 clients waited up to 4.8 s for charts while
    other pages took their share of the GIL (2,000 requests, p99 2.4 s). A failure is logged and left to the page.
    """
    started = time.perf_counter()
    try:
        with open_store(web.store_url, create=False) as store:
            for concept, _, _ in ExperienceIndex(store).conditions(limit=conditions):
                report = _kept_or_built_report(web, store, concept)
                for name, draw in CHARTS.items():
                    _chart(web, concept.strip().lower(), name, report, draw)
    except Exception as e:  # the pages report their own errors
        log.warning("could not build the first reports: %r", e)
    else:
        log.info("built the first reports and charts in %.1f s", time.perf_counter() - started)


def create_app(store_url: str, redaction: str = "mask", warm: bool = True) -> FastAPI:
    """The web UI over the store at ``store_url``.

    Args:
        store_url: ``sqlite:///path.db`` or ``postgresql://...``; opened once here, so a bad URL fails at start.
        redaction: How PII is shown: ``mask`` (default), ``pseudonymise`` or ``none``.
        warm: Build the caches pages share (:func:`warm_caches`) at start, before the first request is served;
            without it the first requests build them, once, while the others wait.

    Raises:
        ConfigError: an unknown redaction mode.
        StoreError: the store cannot be opened (bad URL, missing file, newer schema).
    """
    if redaction not in MODES:
        raise ConfigError(f"redaction mode {redaction!r} is not one of {', '.join(MODES)}")
    with open_store(store_url, create=False):
        pass

    web = WebSettings(store_url, redaction, _templates(), _assets())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            warm_caches()  # before the server accepts a connection
            warm_reports(web)
        yield

    from anecdata import __version__
    from anecdata.web import api  # it builds on this module's page functions

    app = FastAPI(
        title="anecdata",
        version=__version__,
        description="The read-only JSON API over one store: what the pages show, PII redacted as they show it.",
        docs_url=None,
        redoc_url=None,
        openapi_url=api.OPENAPI_URL,
        lifespan=lifespan,
    )
    app.state.web = web
    app.include_router(router)
    app.include_router(api.router)
    app.include_router(api.docs)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_request)
    app.add_exception_handler(AnecdataError, _store_error)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(ReadOnlyGuard)
    return app


class ReadOnlyGuard:
    """Refuses every method but GET, and adds the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:  # a response may narrow or set its own policy (a chart's)
                        headers[name] = value
            await send(message)

        if scope["method"] not in READ_METHODS:
            refused = PlainTextResponse(
                "405 Method Not Allowed: this server only reads the store.\n",
                status_code=405,
                headers={"Allow": ", ".join(sorted(READ_METHODS))},
            )
            await refused(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)


def settings(request: Request) -> WebSettings:
    return request.app.state.web


def request_store(request: Request) -> Iterator[SqlStore]:
    """The store, opened for one request and closed after it (the shared caches built first, once)."""
    warm_caches()
    with open_store(settings(request).store_url, create=False) as store:
        yield store


Store = Annotated[SqlStore, Depends(request_store)]
"""A page's parameter for the store, opened for the request."""


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from ``web/templates`` (autoescaped), with what every page shows (the redaction state)."""
    web = settings(request)
    html = web.templates.get_template(template).render(redaction=web.redaction, footer=FOOTER, **context)
    return HTMLResponse(html, status_code=status_code)


NOT_READ = "(This post has not been read yet, so its names and places cannot be hidden: run anecdata read.)"


def _hide_unread(store: SqlStore, thread: Thread) -> Thread:
    """The thread with the text of each post not read yet replaced by a note: redaction needs the PII a reading
    finds, so an unread post could only be shown as written."""
    read = Browse(store).read_posts(thread.id)
    posts = tuple(
        p if p.id in read else replace(p, text=NOT_READ, annotations=(), context=EMPTY_CONTEXT) for p in thread.posts
    )
    return replace(thread, posts=posts)


def thread_url(thread_id: str, annotation_ids: Sequence[str] = ()) -> str:
    """The thread page, with ``annotation_ids`` highlighted and the first scrolled to."""
    url = f"/threads/{quote(thread_id, safe='')}"
    if annotation_ids:
        url += f"?highlight={quote(','.join(annotation_ids), safe=',')}#a-{quote(annotation_ids[0], safe='')}"
    return url


def condition_url(condition: str) -> str:
    """The report page of a condition (a name, synonym or concept id)."""
    return f"/conditions/{quote(condition, safe='')}"


def _report(request: Request, store: SqlStore, condition: str) -> ConditionReport:
    """The condition's report, kept for :data:`REPORT_SECONDS`: a report page, its two charts and the evidence
    pages a reader opens from it are one report, built once."""
    return _kept_or_built_report(settings(request), store, condition)


def _kept_or_built_report(web: WebSettings, store: SqlStore, condition: str) -> ConditionReport:
    key = condition.strip().lower()
    version = ExperienceIndex(store).version()
    report = _kept_report(web, key, version)
    if report is not None:
        return report
    with web.reports_lock:
        building = web.building.setdefault(key, threading.Lock())
    with building:  # concurrent first requests for one report wait for one build
        report = _kept_report(web, key, version)
        if report is not None:
            return report
        try:
            report = condition_report(store, condition)
        except DataError as e:
            raise HTTPException(status_code=404, detail=str(e)) from None
        else:
            with web.reports_lock:
                web.reports[key] = (time.monotonic(), report)
                while len(web.reports) > REPORTS_KEPT:
                    del web.reports[next(iter(web.reports))]
                web.counts[key] = ConditionCounts.of(report)
                while len(web.counts) > COUNTS_KEPT:
                    del web.counts[next(iter(web.counts))]
        finally:
            with web.reports_lock:
                web.building.pop(key, None)  # kept only while building: unknown names leave nothing behind
    return report


def _chart(
    web: WebSettings, key: str, name: str, report: ConditionReport, draw: Callable[[ConditionReport], str]
) -> str:
    """A report's chart, drawn once per built report (kept while the report is).

    A chart takes matplotlib 0.1 to 0.8 s of CPU under the GIL; each report page loads two. Drawn per request, 20
    clients opening reports of a fresh server queued behind one another's identical drawings (chart p50 3.9 s,
    p99 6.1 s over 200 requests); drawn once, the same load's charts are served from memory.
    """
    with web.charts_lock:
        kept = web.charts.get((key, name))
    if kept is not None and kept[0] is report:
        return kept[1]
    with web.drawing:
        with web.charts_lock:
            kept = web.charts.get((key, name))
        if kept is not None and kept[0] is report:  # drawn while this request waited
            return kept[1]
        svg = draw(report)
    with web.charts_lock:
        web.charts[(key, name)] = (report, svg)
        while len(web.charts) > REPORTS_KEPT * len(CHARTS):
            del web.charts[next(iter(web.charts))]
    return svg


def _kept_report(web: WebSettings, key: str, version: int) -> ConditionReport | None:
    """The report kept for ``key`` if it is recent and counted at the index's current ``version``."""
    with web.reports_lock:  # pages are served from several threads
        kept = web.reports.get(key)
    if kept is not None and time.monotonic() - kept[0] < REPORT_SECONDS and kept[1].index_version == version:
        return kept[1]
    return None


def condition_counts(web: WebSettings, store: SqlStore, limit: int = CONDITIONS_LISTED) -> list[ConditionCounts]:
    """The conditions people's records name, each with the people and threads of its report, most people first.

    The report owns these counts (a report counts the people whose record names the condition or a narrower one,
    and those in its threads who name none), so the conditions page, the report page, ``anecdata report --json``
    and the JSON API cannot disagree: the list once said plantar fasciitis had 1 person (the records naming it)
    where its report said 3. The ``limit`` conditions most records name are listed, ordered by their reports'
    people. A report is read back when ``anecdata read`` stored it, else built, once per version of the index:
    the list keeps each report's counts (the page's report cache keeps only the last few whole reports). A
    concept the vocabulary no longer has (no report to open) is left out.
    """
    version = ExperienceIndex(store).version()

    def counts_of(concept: str) -> ConditionCounts:
        with web.reports_lock:
            kept = web.counts.get(concept.strip().lower())
        if kept is not None and kept.index_version == version:
            return kept
        try:
            return ConditionCounts.of(_kept_or_built_report(web, store, concept))
        except HTTPException as e:  # a concept the vocabulary lost: it has no report to open
            log.warning("no report for the condition %r", concept)
            raise DataError(str(e.detail)) from None

    return listed_conditions(store, counts_of, limit)


def _shown_threads(store: SqlStore, rows: list[queries.ThreadRow], mode: str) -> list[queries.ThreadRow]:
    """Thread rows with their titles redacted by the PII their posts carry (``redact.redact_title``), and an
    untitled thread's opening words (what the list names it by) redacted of every PII value its posts carry."""
    names = store_pseudonyms(store, mode)
    pii = thread_pii(store, [r.id for r in rows]) if mode != "none" else {}
    return [
        replace(
            r,
            title=redact_title(r.title, pii[r.id], names) if mode != "none" else r.title,
            opening=redacted_opening(r.opening, pii.get(r.id, []), names, mode),
        )
        for r in rows
    ]


def sources_url(refs: Iterable[SourceRef]) -> str:
    """The sources page listing the sentences behind the references."""
    return "/sources?ids=" + quote(",".join(str(r) for r in refs), safe=",:")


# Pages ---------------------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: Store) -> HTMLResponse:
    """The corpus at a glance: counts, annotations per layer and label, top conditions, the first threads."""
    return render(
        request,
        "overview.html",
        overview=queries.overview(store),
        threads=_shown_threads(store, queries.thread_page(store, 1, OVERVIEW_THREADS), settings(request).redaction),
        legend=LEGEND,
    )


PageNumber = Annotated[int, Query(ge=1, le=10_000_000, description="The page, from 1.")]


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """One page of threads as shown: titles redacted."""

    threads: list[queries.ThreadRow]
    page: int
    pages: int
    total: int
    per_page: int


def shown_thread_page(request: Request, store: Store, page: int) -> ThreadPage:
    """A page of threads, titles redacted in the app's mode (the threads page's and ``/api/threads``' content).

    Raises:
        HTTPException: 404 past the last page.
    """
    total = store.count("threads")
    per_page = queries.THREADS_PER_PAGE
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise HTTPException(status_code=404, detail=f"there is no page {page}: the threads fill {pages}")
    threads = _shown_threads(store, queries.thread_page(store, page, per_page), settings(request).redaction)
    return ThreadPage(threads, page, pages, total, per_page)


def shown_thread(request: Request, store: Store, thread_id: str) -> Thread:
    """A thread as its page shows it: with its records (experiences and questions), each claim's published evidence
    (or the note that none is loaded), unread posts' text hidden and PII redacted in the app's mode with the
    store's pseudonyms.

    Raises:
        HTTPException: 404 for a thread not in the store.
    """
    try:
        stored = store.thread(thread_id)
    except KeyError:
        raise HTTPException(status_code=404, detail=f"no thread {thread_id[:80]!r} in this store") from None
    mode = settings(request).redaction
    if mode != "none":
        stored = _hide_unread(store, stored)
    # The title's mentions as reading found them (None, for a store not carried yet, finds them now): the page
    # reads, it never runs the pipeline (``store/carried.py``).
    carried = CarriedReadings(store)
    title = carried.title_mentions(thread_id, stored.title) if stored.title else ()
    linked = link_evidence(with_records(store, stored), EvidenceStore(store), title_mentions=title)
    return redact_threads([linked], mode, store_pseudonyms(store, mode))[0]


def shown_search(request: Request, store: Store, q: str, filters: SearchFilters) -> list[ShownHit]:
    """The sentences that answer ``q`` within ``filters`` and say something (``view.said``: no signature, bare
    address or quote header), redacted in the app's mode; none for an empty search.

    Raises:
        ConfigError: an unknown label, outcome or experiencer. DataError: an unknown condition or treatment.
    """
    filters.check()
    if not q.strip() and filters.empty:
        return []
    mode = settings(request).redaction
    found = search_sentences(store, q, filters, limit=SEARCH_RESULTS, encoder=StaticEmbedder.load(), redaction=mode)
    return said(redact_hits(store, found, mode))


@router.get("/threads", response_class=HTMLResponse)
def threads_page(request: Request, store: Store, page: PageNumber = 1) -> HTMLResponse:
    """Every thread, a page at a time."""
    shown = shown_thread_page(request, store, page)
    return render(request, "threads.html", threads=shown.threads, page=page, pages=shown.pages, total=shown.total)


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread_page(request: Request, thread_id: str, store: Store, highlight: str = "") -> HTMLResponse:
    """One thread as the HTML view shows it; ``highlight=ID,ID`` marks those annotations and anchors them."""
    thread = shown_thread(request, store, thread_id)
    wanted = list(dict.fromkeys(i.strip() for i in highlight.split(",") if i.strip()))[:MAX_HIGHLIGHTS]
    present = {a.id for p in thread.posts for a in p.annotations}
    found = [i for i in wanted if i in present]
    return render(
        request,
        "thread.html",
        thread=thread,
        legend_html=Markup(legend()),
        section_html=Markup(highlighted(thread_section(thread, 1), set(found))),
        data_json=Markup(json_for_script(annotation_data([thread]))),
        hint=HINT,
        found=found,
        missing=[i for i in wanted if i not in present],
    )


@router.get("/evidence", include_in_schema=False)
@router.get("/conditions/{condition}/evidence", include_in_schema=False)
def old_sources_address(request: Request) -> RedirectResponse:
    """The sources pages' addresses before they were named so ("evidence" names published abstracts only): links
    and bookmarks made then are sent on, with their query."""
    path = request.url.path.removesuffix("/evidence") + "/sources"
    query = request.url.query
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=308)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, store: Store, ids: str = "") -> HTMLResponse:
    """The sentences behind a count: ``ids=POSTID:ANNID,...``, each with its author, thread and a link to it."""
    try:
        refs = sources.parse_source_ids(ids)
    except DataError as e:
        raise HTTPException(status_code=404, detail=str(e)) from None
    shown = refs[: sources.SOURCES_CAP]
    try:
        items = sources.source_sentences(store, shown, settings(request).redaction)
    except KeyError as e:
        raise HTTPException(status_code=404, detail=f"no annotation {e.args[0][:120]!r} in this store") from None
    return render(request, "sources.html", items=items, asked=len(refs), thread_url=thread_url, heading="Sources",
                  back=None)  # fmt: skip


@router.get("/conditions", response_class=HTMLResponse)
def conditions_page(request: Request, store: Store) -> HTMLResponse:
    """The conditions people's records name, most people first, each linking to its report."""
    listed = [(c.condition, c.name, c.people) for c in condition_counts(settings(request), store)]
    return render(request, "conditions.html", conditions=listed)


@router.get("/conditions/{condition}", response_class=HTMLResponse)
def report_page(request: Request, store: Store, condition: str) -> HTMLResponse:
    """The condition report: every count links to its sentences, the charts are images of their own."""
    report = _report(request, store, condition)
    base = condition_url(condition)
    charts = "".join(
        f'<img src="{escape(base)}/charts/{name}.svg" alt="{escape(name)} chart of the report">' for name in CHARTS
    )
    evidence = link_topics(evidence_topics(report), report.name, EvidenceStore(store))
    body = report_body(report, lambda path: f"{base}/sources?count={quote(path, safe='/')}", charts, evidence)
    return render(request, "report.html", report=report, body=Markup(body), csv_url=f"{base}/report.csv")


@router.get("/conditions/{condition}/report.csv")
def report_csv(request: Request, store: Store, condition: str) -> Response:
    """The report's treatment table as CSV: one row per treatment, with the numbers the page shows."""
    report = _report(request, store, condition)
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", report.condition).strip("-") or "report"
    return Response(
        report_table_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get("/conditions/{condition}/charts/{name}.svg")
def report_chart(request: Request, store: Store, condition: str, name: str) -> Response:
    """One chart of a report as an SVG image (its own inline styles allowed: an image runs no script)."""
    draw = CHARTS.get(name)
    if draw is None:
        raise HTTPException(status_code=404, detail=f"no chart {name[:40]!r}")
    return Response(
        _chart(settings(request), condition.strip().lower(), name, _report(request, store, condition), draw),
        media_type="image/svg+xml",
        headers={"Content-Security-Policy": SVG_CSP},
    )


@router.get("/conditions/{condition}/sources", response_class=HTMLResponse)
def report_sources_page(request: Request, store: Store, condition: str, count: str = "") -> HTMLResponse:
    """The sentences behind one count of a report (``count`` names it, e.g. ``treatment/0/improved``)."""
    report = _report(request, store, condition)
    found = count_at(report, count)
    if found is None:
        raise HTTPException(status_code=404, detail=f"the report on {report.name!r} has no count {count[:80]!r}")
    items = sources.source_sentences(
        store, found.refs[: sources.SOURCES_CAP], settings(request).redaction, skip_missing=True
    )
    heading = f"{report.name}, {count_title(count)}: {counted(found.people, 'person', 'people')}"
    return render(request, "sources.html", items=items, asked=len(found.refs), thread_url=thread_url, heading=heading,
                  back=condition_url(condition))  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: Store,
    q: Annotated[str, Query(max_length=500)] = "",
    condition: Annotated[str, Query(max_length=200)] = "",
    treatment: Annotated[str, Query(max_length=200)] = "",
    label: str = "",
    outcome: str = "",
    experiencer: str = "",
) -> HTMLResponse:
    """Sentences that answer a query, narrowed by the filters, each linking to its highlighted sentence."""
    filters = SearchFilters(condition or None, treatment or None, label or None, outcome or None, experiencer or None)
    hits, problem = [], ""
    try:
        hits = shown_search(request, store, q, filters)
    except (ConfigError, DataError) as e:
        problem = str(e)
    return render(
        request, "search.html", q=q, filters=filters, hits=hits, problem=problem, searched=bool(q.strip()) or not
        filters.empty, labels=LAYERS["statement"], outcomes=LAYERS["outcome"], experiencers=EXPERIENCERS,
        headings=thread_headings(store, hits, settings(request).redaction),
    )  # fmt: skip


@router.get("/static/{name}")
def asset(request: Request, name: str) -> Response:
    """The HTML view's stylesheet and script, and the web UI's own."""
    found = settings(request).assets.get(name)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no file {name[:80]!r}")
    body, media_type = found
    return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon: an empty answer, so browsers asking for one log no error."""
    return Response(status_code=204)


# Helpers -------------------------------------------------------------------------------------------------------


def report_table_csv(report: ConditionReport) -> str:
    """The report's treatment table as CSV (``report.tables.REPORTS``), one row per treatment, the page's numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORTS.columns)
    writer.writerows(csv_cells(REPORTS, row) for row in report_rows(report))
    return out.getvalue()


def highlighted(html: str, ids: set[str]) -> str:
    """``html`` from the HTML view with the marks of ``ids`` given the highlight class, and the first piece of
    each an ``id="a-<annotation id>"`` anchor."""
    if not ids:
        return html

    def mark(m: re.Match[str]) -> str:
        classes, data_id, tab_stop = m[1], m[2], m[3] or ""
        if unescape(data_id) not in ids:
            return m[0]
        anchor = f' id="a-{data_id}"' if tab_stop else ""
        return f'<mark class="{classes} {HIGHLIGHT_CLASS}" data-id="{data_id}"{anchor}{tab_stop}>'

    return _MARK.sub(mark, html)


def with_matches(text: str, matches: Sequence[tuple[int, int]]) -> Markup:
    """``text`` escaped, with the matched words (offsets into it) in ``<b>``."""
    parts, at = [], 0
    for start, end in sorted(matches):
        if start >= at:
            parts += [escape(text[at:start]), f"<b>{escape(text[start:end])}</b>"]
            at = end
    return Markup("".join([*parts, escape(text[at:])]))


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("anecdata.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(thread_url=thread_url, condition_url=condition_url, with_matches=with_matches)
    env.filters.update(JINJA_FILTERS)  # labels and counts in words, as the terminal says them (anecdata.view)
    return env


def _assets() -> dict[str, tuple[bytes, str]]:
    return {
        name: (resources.files(package).joinpath(folder, name).read_bytes(), media_type)
        for name, (package, folder, media_type) in ASSETS.items()
    }


# Error pages ---------------------------------------------------------------------------------------------------


def _error(request: Request, status_code: int, message: str) -> Response:
    """An error page, or for the JSON API ``{"detail": message}``."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status_code)
    return render(request, "error.html", status_code=status_code, status=status_code, message=message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "no such page"
    return _error(request, exc.status_code, str(message))


async def _bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
    return _error(request, 400, f"bad {where}: {first.get('msg', 'invalid value')}")


async def _store_error(request: Request, exc: Exception) -> Response:
    log.error("cannot read the store: %s", exc)
    return _error(request, 503, "The store could not be read; the server's log says why.")


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s: %r", request.url.path, exc)
    return _error(request, 500, "Something went wrong on the server; the server's log says what.")
