"""The report's charts: a row of fewer people than the small-number threshold is drawn apart from the rest (grey,
hollow, dotted), so an n=1 row at 1.0 never reads as "works" (issue 20 point 5)."""

from __future__ import annotations

from dataclasses import replace

from anecdata.report.condition import ConditionReport, condition_report
from anecdata.report.html import OUTCOME_COLOURS, SMALL_COLOUR, forest_svg
from anecdata.report.stats import wilson
from anecdata.store import open_store


def _plantar(url: str) -> ConditionReport:
    with open_store(url, create=False) as store:
        return condition_report(store, "plantar fasciitis")


def test_charts_rows_of_few_people_are_drawn_apart(example_store_url):
    report = _plantar(example_store_url)
    assert report.treatments and all(t.small for t in report.treatments if t.improved.n)
    svg = forest_svg(report)
    assert SMALL_COLOUR in svg and OUTCOME_COLOURS["improved"] not in svg
    assert f"fewer than {report.small_below} people, an anecdote, not a rate" in svg


def test_charts_rows_of_enough_people_keep_their_squares(example_store_url):
    report = _plantar(example_store_url)
    first = report.treatments[0]
    many = replace(first, improved=wilson(8, 10))
    svg = forest_svg(replace(report, treatments=(many,)))
    assert OUTCOME_COLOURS["improved"] in svg and "an anecdote" not in svg
