"""One store, one set of numbers (issue 20 point 4): the conditions list, ``anecdata report --json``, the report
page and the JSON API give every condition of the example store the same people and threads, and counts are
worded in the right number ("1 person", never "1 people")."""

from __future__ import annotations

import html
import json
import re
import shutil
import warnings
from collections.abc import Iterator

import pytest
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from anecdata.cli.app import app as cli
from anecdata.report.condition import ConditionReport, Count, QuestionSummary, condition_report
from anecdata.report.html import render_report_page, report_body
from anecdata.store import open_store
from anecdata.store.experiences import ExperienceIndex
from anecdata.web import app as web_app
from anecdata.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # it prefers httpx2 to the httpx we have
    from fastapi.testclient import TestClient

runner = CliRunner()


@pytest.fixture(scope="module")
def client(example_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(example_store_url, warm=False)) as c:
        yield c


@pytest.fixture(scope="module")
def conditions(example_store_url: str) -> list[str]:
    """Every condition people's records name in the example store (concept ids)."""
    with open_store(example_store_url, create=False) as store:
        return [concept for concept, _, _ in ExperienceIndex(store).conditions(limit=None)]


def _conditions_page(client: TestClient) -> dict[str, int]:
    """Concept id → people, as the conditions page lists them."""
    rows = re.findall(
        r'<tr><td><a href="/conditions/([^"]+)">[^<]*</a></td><td class="n">([\d,]+)</td></tr>',
        client.get("/conditions").text,
    )
    return {html.unescape(c).replace("%3A", ":"): int(n.replace(",", "")) for c, n in rows}


def _report_page(client: TestClient, concept: str) -> tuple[int, int]:
    """People and threads as the report page's summary line says them."""
    page = client.get(web_app.condition_url(concept)).text
    found = re.search(
        r'<p><a href="[^"]*" data-count="people">([\d,]+)</a> (?:person|people) in ([\d,]+) threads?', page
    )
    assert found, page[:2000]
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def _cli_json(url: str, concept: str) -> dict:
    result = runner.invoke(cli, ["report", concept, "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_counts_every_view_gives_each_condition_the_same_people_and_threads(
    client, conditions, example_store_url, tmp_path
):
    copy = tmp_path / "store.db"  # the command stores the reports it builds: not in the shared fixture
    shutil.copyfile(example_store_url.removeprefix("sqlite:///"), copy)
    listed = _conditions_page(client)
    api_listed = {c["condition"]: (c["people"], c["threads"]) for c in client.get("/api/conditions").json()}
    assert set(listed) == set(api_listed) == set(conditions) and len(conditions) > 3
    with open_store(example_store_url, create=False) as store:
        built = {concept: condition_report(store, concept) for concept in conditions}
    for concept in conditions:
        report = built[concept].to_dict()
        cli_json = _cli_json(f"sqlite:///{copy}", concept)
        api = client.get(f"/api/report/{concept}").json()
        counts = {
            "conditions page": (listed[concept], report["threads"]),
            "conditions API": api_listed[concept],
            "report function": (report["people"]["people"], report["threads"]),
            "anecdata report --json": (cli_json["people"]["people"], cli_json["threads"]),
            "report page": _report_page(client, concept),
            "report API": (api["people"]["people"], api["threads"]),
        }
        assert len(set(counts.values())) == 1, (concept, counts)


def test_counts_conditions_list_plantar_fasciitis_with_its_reports_people(client):
    """The issue's example: the list said 1 person (the records naming it) where the report counted more."""
    listed = _conditions_page(client)["anecdata:plantar_fasciitis"]
    assert listed == _report_page(client, "anecdata:plantar_fasciitis")[0] and listed > 1


def test_counts_conditions_list_is_ordered_by_the_reports_people(client):
    people = [c["people"] for c in client.get("/api/conditions").json()]
    assert people == sorted(people, reverse=True)
    assert list(_conditions_page(client).values()) == people


def test_counts_kept_counts_follow_the_index_version(client, conditions, example_store_url):
    web = client.app.state.web
    client.get("/conditions")
    with open_store(example_store_url, create=False) as store:
        version = ExperienceIndex(store).version()
    assert {c.index_version for c in web.counts.values()} == {version}
    assert set(conditions) <= set(web.counts)


def _tiny_report(people: int, threads: int) -> ConditionReport:
    one = Count(people, ("p0:a0",))
    return ConditionReport(
        condition="anecdata:heel_pain",
        name="heel pain",
        included={},
        threads=threads,
        people=one,
        treatments=(),
        causes=(),
        claims=(),
        questions=QuestionSummary(one, Count(1, ("p0:a0",)), 2, 1),
    )


@pytest.mark.parametrize(
    ("people", "threads", "said"), [(1, 1, "1 person in 1 thread"), (3, 2, "3 people in 2 threads")]
)
def test_counts_report_html_says_person_and_thread_in_the_right_number(people, threads, said):
    body = re.sub(r"<[^>]+>", "", report_body(_tiny_report(people, threads), lambda path: "#", ""))
    assert said in body and "1 people" not in body and "1 threads" not in body
    assert "asked by 1 person" in body or people != 1
    page = re.sub(r"<[^>]+>", "", render_report_page(_tiny_report(1, 1), {}))
    assert "people: 1 person" in page and "1 people" not in page


def test_counts_sources_page_heading_says_one_person(client, example_store_url):
    condition = "anecdata:plantar_fasciitis"
    with open_store(example_store_url, create=False) as store:
        report = condition_report(store, condition)
    ones = [t for t in report.treatments if t.tried.people == 1]
    assert ones, "the example store has a treatment one person tried"
    page = client.get(
        f"{web_app.condition_url(condition)}/sources", params={"count": f"treatment/{ones[0].name}/tried"}
    )
    assert page.status_code == 200
    heading = re.search(r"<h2>(.*?)</h2>", page.text, re.S)
    assert heading and heading[1].endswith(": 1 person") and "1 people" not in page.text
