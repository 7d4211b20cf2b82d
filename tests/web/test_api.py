"""The JSON API (``/api/...``), its OpenAPI description and /docs page, and the report's CSV download: the same
content as the pages, redacted the same way, with JSON errors and no spreadsheet formulas."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from anecdata.report.condition import OUTCOMES, ConditionReport, Count, QuestionSummary, TreatmentSummary
from anecdata.report.condition import condition_report as build_report
from anecdata.report.stats import wilson
from anecdata.store import open_store
from anecdata.view.terminal import terminal_safe
from anecdata.web import app as web_app
from anecdata.web import create_app, queries

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # it prefers httpx2 to the httpx we have
    from fastapi.testclient import TestClient

API_PATHS = {"/api/conditions", "/api/report/{condition}", "/api/threads", "/api/threads/{thread_id}", "/api/search"}
CONDITION = "anecdata:plantar_fasciitis"


@pytest.fixture(scope="module")
def client(example_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(example_store_url, warm=False)) as c:
        yield c


@pytest.fixture(scope="module")
def raw_client(example_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(example_store_url, redaction="none", warm=False)) as c:
        yield c


@pytest.fixture(scope="module")
def report(example_store_url: str) -> ConditionReport:
    with open_store(example_store_url, create=False) as store:
        return build_report(store, CONDITION)


def _thread_ids(url: str) -> list[str]:
    with open_store(url, create=False) as store:
        return [r.id for r in queries.thread_page(store, 1, 1000)]


def _authors(url: str, thread_id: str) -> set[str]:
    with open_store(url, create=False) as store:
        return {p.author for p in store.thread(thread_id).posts if p.author}


def test_api_report_is_the_report_json(client, report):
    data = client.get(f"/api/report/{CONDITION}").json()
    expected = json.loads(json.dumps(report.to_dict()))
    assert {k: data[k] for k in expected} == expected
    assert data["evidence"]["status"] == "no_corpus" and data["evidence"]["topics"] == []
    assert client.get("/api/report/plantar fasciitis").json()["people"] == data["people"]


def test_api_conditions_link_to_their_report_page_and_csv(client):
    listed = client.get("/api/conditions").json()
    assert listed and all(set(c) == {"condition", "name", "people", "threads", "report", "page", "csv"} for c in listed)
    first = listed[0]
    assert client.get(first["report"]).json()["condition"] == first["condition"]
    assert client.get(first["page"]).status_code == 200
    assert client.get(first["csv"]).headers["content-type"].startswith("text/csv")


def test_api_threads_are_the_threads_page_paged(client, example_store_url, monkeypatch):
    monkeypatch.setattr(queries, "THREADS_PER_PAGE", 3)
    first, second = client.get("/api/threads").json(), client.get("/api/threads?page=2").json()
    ids = _thread_ids(example_store_url)
    assert [t["id"] for t in first["threads"] + second["threads"]] == ids
    assert (first["page"], first["pages"], first["per_page"], first["total"]) == (1, -(-len(ids) // 3), 3, len(ids))
    page = client.get("/threads").text
    assert [t["id"] for t in first["threads"]] == re.findall(r'<li><a href="/threads/([^"?]+)">', page)
    for t in first["threads"]:
        assert t["thread"] == f"/api/threads/{t['id']}" and t["page"] == f"/threads/{t['id']}"
    past = client.get(f"/api/threads?page={first['pages'] + 1}")
    assert past.status_code == 404 and past.json() == {
        "detail": f"there is no page {first['pages'] + 1}: the threads fill {first['pages']}"
    }
    bad = client.get("/api/threads?page=0")
    assert bad.status_code == 400 and bad.json()["detail"].startswith("bad page")


def test_api_thread_is_redacted_with_the_pages_pseudonyms(client, raw_client, example_store_url):
    thread_id = _thread_ids(example_store_url)[0]
    document = client.get(f"/api/threads/{thread_id}").json()
    assert document["schema"] == "anecdata/2" and document["redaction"] == "mask"
    (thread,) = document["threads"]
    assert thread["id"] == thread_id and thread["posts"] and thread["experiences"]
    shown = [p["author"] for p in thread["posts"] if p["author"]]
    page = client.get(f"/threads/{thread_id}").text
    assert set(shown) == set(re.findall(r'<span class="author">([^<]*)</span>', page)) - {"unknown"}
    assert all(re.fullmatch(r"\[PERSON-\d+\]", a) for a in shown if a)
    text = json.dumps(document)
    names = _authors(example_store_url, thread_id)
    assert names and not any(name in text for name in names)
    raw = raw_client.get(f"/api/threads/{thread_id}").json()
    assert raw["redaction"] == "none" and names <= {p["author"] for p in raw["threads"][0]["posts"]}


def test_api_search_gives_the_search_pages_hits_redacted(client):
    params = {"q": "night splint", "condition": "plantar fasciitis"}
    data = client.get("/api/search", params=params).json()
    assert data["q"] == "night splint" and data["filters"]["condition"] == "plantar fasciitis"
    page = client.get("/search", params=params).text
    quoted = re.findall(r'<blockquote class="ev-sentence">(.*?)</blockquote>', page, re.S)
    assert data["hits"] and [h["text"] for h in data["hits"]] == [
        html.unescape(re.sub(r"<[^>]+>", "", q)) for q in quoted
    ]
    for hit in data["hits"]:
        assert hit["author"] is None or re.fullmatch(r"\[PERSON-\d+\]", hit["author"])
        assert hit["page"].startswith(f"/threads/{hit['thread_id']}")
    assert client.get("/api/search").json()["hits"] == []


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/api/search?q=pain&outcome=cured", 400, "unknown outcome 'cured'"),
        ("/api/search?q=pain&condition=no%20such%20illness", 400, "no condition or symptom called"),
        ("/api/report/no such illness", 404, "no condition or symptom called"),
        ("/api/threads/no-such-thread", 404, "no thread 'no-such-thread' in this store"),
        ("/api/nothing-here", 404, "no such page"),
    ],
)
def test_api_errors_are_json(client, path, status, detail):
    response = client.get(path)
    assert response.status_code == status and response.headers["content-type"] == "application/json"
    assert detail in response.json()["detail"]


def test_api_refuses_writes(client):
    response = client.post("/api/conditions")
    assert response.status_code == 405 and response.headers["allow"] == "GET"


def test_api_openapi_describes_the_api_and_only_the_api(client):
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == API_PATHS
    schemas = spec["components"]["schemas"]
    assert {"Condition", "Report", "Treatment", "ThreadList", "ThreadDocument", "SearchResults"} <= set(schemas)
    assert "people" in schemas["Report"]["properties"] and "schema" in schemas["ThreadDocument"]["properties"]


def test_api_docs_page_runs_only_swagger_ui(client):
    response = client.get("/docs")
    assert response.status_code == 200 and "/api/openapi.json" in response.text
    csp = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", csp)[1].split()
    assert script_src[0] == "https://cdn.jsdelivr.net" and all(s.startswith("'sha256-") for s in script_src[1:])
    assert "unsafe-inline" not in script_src and "default-src 'none'" in csp
    assert client.get("/").headers["content-security-policy"] == web_app.CSP  # the pages keep theirs


def _csv_rows(client: TestClient, condition: str) -> list[dict[str, str]]:
    response = client.get(f"{web_app.condition_url(condition)}/report.csv")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="anecdata-plantar_fasciitis.csv"'
    return list(csv.DictReader(io.StringIO(response.text)))


def test_report_csv_has_the_pages_numbers_with_denominators(client, report):
    page = client.get(web_app.condition_url(CONDITION)).text
    assert f'href="{web_app.condition_url(CONDITION)}/report.csv"' in page
    rows = _csv_rows(client, CONDITION)
    assert [r["treatment"] for r in rows] == [t.name for t in report.treatments]
    table = re.search(r"<h2>What people tried.*?<tbody>(.*?)</tbody>", page, re.S)[1]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    for row, treatment, shown in zip(rows, report.treatments, cells, strict=True):
        numbers = [re.sub(r"<[^>]+>", "", c).replace("·", "0") for c in shown[1:7]]
        assert [row["people_tried"], *(row[o] for o in OUTCOMES)] == numbers
        assert int(row["people_with_known_outcome"]) == treatment.improved.n
        assert (row["condition_people"], row["condition_threads"]) == (str(report.people.people), str(report.threads))
        if treatment.improved.n:
            assert f"of {treatment.improved.n}" in shown[7]
            assert float(row["improved_share"]) == round(treatment.improved.value, 4)


def test_report_csv_text_cells_never_start_a_formula():
    names = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tTAB", "plain"]
    treatments = tuple(
        TreatmentSummary(None, name, Count(1), {"improved": Count(1)}, wilson(1, 1), 0, None, 0) for name in names
    )
    report = ConditionReport(
        condition="=cmd|' /C calc'!A0",
        name="@heel",
        included={},
        threads=1,
        people=Count(1),
        treatments=treatments,
        causes=(),
        claims=(),
        questions=QuestionSummary(Count(0), Count(0)),
    )
    rows = list(csv.DictReader(io.StringIO(web_app.report_table_csv(report))))
    assert [r["treatment"] for r in rows] == ["'" + terminal_safe(n) for n in names[:-1]] + ["plain"]
    assert all(r["condition"] == "'=cmd|' /C calc'!A0" and r["condition_name"] == "'@heel" for r in rows)
    assert all(r["people_tried"] == "1" and r["improved_share"] == "1.0" for r in rows)


def test_api_readme_curl_examples_fetch_what_they_say(client):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paths = re.findall(r'curl -s (?:-o \S+ )?"http://127\.0\.0\.1:8000(/[^"]+)"', readme)
    assert len(paths) == 2
    report, table = (client.get(path) for path in paths)
    assert report.status_code == 200 and report.json()["name"] == "plantar fasciitis"
    assert table.status_code == 200 and table.text.startswith("condition,condition_name,")


@pytest.fixture(scope="module")
def served(example_store_url: str) -> Iterator[str]:
    """``anecdata serve``'s app over the example store, served by uvicorn on a free loopback port."""
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(example_store_url, warm=False), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def test_api_readme_curl_lines_run_as_written_against_a_running_server(served, tmp_path):
    """The README's curl lines, run by the shell as a user would (only the port is the test server's)."""
    import shutil
    import subprocess

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    lines = [line for line in re.findall(r"^curl -s .*$", readme, re.M) if "127.0.0.1:8000" in line]
    assert len(lines) == 2
    ran = [
        subprocess.run(
            ["bash", "-c", line.replace("127.0.0.1:8000", served)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        for line in lines
    ]
    assert '"name": "plantar fasciitis"' in ran[0].stdout
    table = (tmp_path / "plantar-fasciitis.csv").read_text(encoding="utf-8")
    assert table.startswith("condition,condition_name,") and "plantar fasciitis" in table
