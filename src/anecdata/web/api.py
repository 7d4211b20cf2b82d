"""The read-only JSON API of ``anecdata serve``, under ``/api``: conditions, a report, threads, a thread, search.

Each route returns what its HTML page shows, built by the same function (``web/app.py``: the conditions' counts
from :func:`~anecdata.web.app.condition_counts`, the report from the page's kept report, threads, a thread and
search hits redacted in the app's mode with the store's pseudonyms), so the JSON and the pages cannot disagree.
The response models below are what ``/api/openapi.json`` and the ``/docs`` page describe. Errors are JSON:
``{"detail": "..."}`` with the page's status (404 for an unknown condition or thread, 400 for a bad filter).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import asdict
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from anecdata.errors import ConfigError, DataError
from anecdata.evidence_links import link_topics
from anecdata.report.condition import evidence_topics
from anecdata.report.text import evidence_json
from anecdata.search import SearchFilters
from anecdata.serialise import document_to_record
from anecdata.store import EvidenceStore
from anecdata.web.app import (
    PageNumber,
    Store,
    condition_counts,
    condition_url,
    settings,
    shown_search,
    shown_thread,
    shown_thread_page,
    thread_url,
)
from anecdata.web.app import _report as kept_report

PREFIX = "/api"
OPENAPI_URL = f"{PREFIX}/openapi.json"
DOCS_URL = "/docs"
SWAGGER_CDN = "https://cdn.jsdelivr.net"
"""Where FastAPI's /docs page loads Swagger UI from: the only page allowed anything from elsewhere (it shows the
API's description, never forum text)."""

router = APIRouter(prefix=PREFIX, tags=["read-only API"])
docs = APIRouter(include_in_schema=False)


def api_url(*parts: str) -> str:
    """An API address: ``api_url("report", "sciatica")`` is ``/api/report/sciatica``."""
    return "/".join([PREFIX, *(quote(p, safe="") for p in parts)])


# Response models -----------------------------------------------------------------------------------------------


class Condition(BaseModel):
    """A condition people's records name, with the people and threads of its report."""

    condition: str = Field(description="The concept id (system:code).")
    name: str
    people: int = Field(description="Distinct people the report counts (report/condition.py says who counts).")
    threads: int = Field(description="Threads that mention the condition or a narrower one.")
    report: str = Field(description="This API's address of the report.")
    page: str = Field(description="The report's web page.")
    csv: str = Field(description="The report's treatment table as CSV.")


class PeopleCount(BaseModel):
    """Distinct people, and the post_id:annotation_id references behind the first of them."""

    people: int
    refs: list[str]


class Share(BaseModel):
    """k of n people with the Wilson score 95% interval [low, high]; value is k / n (0 when n is 0)."""

    k: int
    n: int
    low: float
    high: float
    value: float


class Treatment(BaseModel):
    """One treatment (or a class rolling up its members): who tried it and each outcome's people."""

    concept: str | None
    name: str
    tried: PeopleCount
    outcomes: dict[str, PeopleCount] = Field(description="improved, no_change, worse, mixed, unknown (those seen).")
    improved: Share = Field(description="Improved people over people with a known outcome.")
    ongoing: int
    median_days: float | None = Field(description="Median longest stated duration (days) of those who stated one.")
    days_people: int
    members: list[str] = Field(description="For a class: the member treatments rolled up into it.")
    small: bool = Field(description="Fewer than small_below people reported a known outcome.")


class NamedCount(BaseModel):
    """A stated cause, or a group of claims by what they name."""

    concept: str | None
    name: str
    people: PeopleCount
    statements: int


class Questions(BaseModel):
    asked: PeopleCount
    answered: PeopleCount
    statements: int
    answered_statements: int


class EvidenceTopic(BaseModel):
    topic: str
    links: list[dict[str, Any]] = Field(description="Published abstracts about the topic, best first.")


class Evidence(BaseModel):
    """Published evidence on what the report's claims name, as ``anecdata report --json`` gives it."""

    status: Literal["no_corpus", "looked_up"]
    note: str
    topics: list[EvidenceTopic]


class Report(BaseModel):
    """The condition report: the JSON of ``anecdata report CONDITION --json``."""

    condition: str
    name: str
    included: dict[str, str] = Field(description="The concepts counted (the condition and narrower ones) by id.")
    threads: int
    people: PeopleCount
    treatments: list[Treatment]
    causes: list[NamedCount]
    claims: list[NamedCount]
    questions: Questions
    median_days: float | None
    days_people: int
    small_below: int
    caveat: str
    notes: list[str]
    index_version: int
    asked: str = Field("", description="How the condition asked for was read, when not by its name.")
    evidence: Evidence


class ThreadSummary(BaseModel):
    id: str
    title: str | None = Field(description="Redacted as the pages show it.")
    source: str
    posts: int
    thread: str = Field(description="This API's address of the thread.")
    page: str = Field(description="The thread's web page.")


class ThreadList(BaseModel):
    """One page of threads, in id order."""

    page: int
    pages: int
    per_page: int
    total: int
    threads: list[ThreadSummary]


class ThreadRecord(BaseModel):
    """A thread as the anecdata/2 JSON schema describes it (``anecdata schema`` prints the schema)."""

    id: str
    source: str
    title: str | None
    url: str | None
    posts: list[dict[str, Any]]
    experiences: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    evidence: list[dict[str, Any]]


class ThreadDocument(BaseModel):
    """The output document of ``anecdata analyze --format json`` for one stored thread, redacted."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: str = Field(alias="schema", description="anecdata/2")
    redaction: str
    threads: list[ThreadRecord]


class Hit(BaseModel):
    """A sentence found, redacted; ``matches`` are offsets into ``text``, ``start``/``end`` into the stored post."""

    thread_id: str
    thread_title: str | None
    post_id: str
    post_position: int
    author: str | None
    start: int
    end: int
    text: str
    label: str | None
    labels: list[str]
    annotation_id: str | None
    matches: list[list[int]]
    scores: dict[str, float | None]
    answer_to: str | None
    page: str = Field(description="The thread's web page with the sentence highlighted.")


class SearchResults(BaseModel):
    q: str
    filters: dict[str, str | None]
    redaction: str
    hits: list[Hit]


# Routes --------------------------------------------------------------------------------------------------------


@router.get("/conditions", response_model=list[Condition])
def api_conditions(request: Request, store: Store) -> list[dict[str, Any]]:
    """The conditions people's records name, most people first, with the counts their reports give."""
    return [
        {
            **{k: getattr(c, k) for k in ("condition", "name", "people", "threads")},
            "report": api_url("report", c.condition),
            "page": condition_url(c.condition),
            "csv": f"{condition_url(c.condition)}/report.csv",
        }
        for c in condition_counts(settings(request), store)
    ]


@router.get("/report/{condition}", response_model=Report)
def api_report(request: Request, store: Store, condition: str) -> dict[str, Any]:
    """The report on a condition (a name, synonym or concept id): what people tried and what they report."""
    report = kept_report(request, store, condition)
    evidence = link_topics(evidence_topics(report), report.name, EvidenceStore(store))
    return report.to_dict() | {"evidence": evidence_json(evidence)}


@router.get("/threads", response_model=ThreadList)
def api_threads(request: Request, store: Store, page: PageNumber = 1) -> dict[str, Any]:
    """Every thread, a page at a time, titles redacted."""
    shown = shown_thread_page(request, store, page)
    threads = [asdict(t) | {"thread": api_url("threads", t.id), "page": thread_url(t.id)} for t in shown.threads]
    return {"page": shown.page, "pages": shown.pages, "per_page": shown.per_page, "total": shown.total,
            "threads": threads}  # fmt: skip


@router.get("/threads/{thread_id}", response_model=ThreadDocument)
def api_thread(request: Request, store: Store, thread_id: str) -> dict[str, Any]:
    """One thread with its annotations, experiences, questions and evidence, as its page shows it (redacted)."""
    return document_to_record([shown_thread(request, store, thread_id)], settings(request).redaction)


@router.get("/search", response_model=SearchResults)
def api_search(
    request: Request,
    store: Store,
    q: Annotated[str, Query(max_length=500, description="Words or a question.")] = "",
    condition: Annotated[str, Query(max_length=200)] = "",
    treatment: Annotated[str, Query(max_length=200)] = "",
    label: Annotated[str, Query(description="A statement label: claim, question, ...")] = "",
    outcome: Annotated[str, Query(description="improved, no_change, worse, mixed or unknown.")] = "",
    experiencer: Annotated[str, Query(description="self, client, family or other.")] = "",
) -> dict[str, Any]:
    """The sentences that answer a query, narrowed by the filters, best first (as the search page finds them)."""
    filters = SearchFilters(condition or None, treatment or None, label or None, outcome or None, experiencer or None)
    try:
        hits = shown_search(request, store, q, filters)
    except (ConfigError, DataError) as e:
        raise HTTPException(status_code=400, detail=str(e)) from None
    return {
        "q": q,
        "filters": asdict(filters),
        "redaction": settings(request).redaction,
        "hits": [
            h.to_dict() | {"page": thread_url(h.hit.thread_id, [h.hit.annotation_id] if h.hit.annotation_id else [])}
            for h in hits
        ],
    }


@docs.get(DOCS_URL)
def docs_page() -> HTMLResponse:
    """FastAPI's Swagger UI page over ``/api/openapi.json``, under a policy that lets it load Swagger UI's script
    and style from its CDN and run only its own inline script (by hash); everything else stays as strict."""
    page = get_swagger_ui_html(openapi_url=OPENAPI_URL, title="anecdata API", swagger_favicon_url="/favicon.ico")
    html = bytes(page.body).decode()
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in re.findall(r"<script>(.*?)</script>", html, re.S)
    )
    csp = (
        f"default-src 'none'; script-src {SWAGGER_CDN} {hashes}; style-src {SWAGGER_CDN} 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})
