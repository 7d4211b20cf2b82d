"""The terminal view: forum text prints literally, people and findings are named, 100 columns suffice."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from rich.console import Console

from anecdata.model import Thread
from anecdata.view.text import render_text

WIDTH = 100


def _render(threads: list[Thread], colour: bool = False) -> str:
    """What a 100-column terminal would show, with ANSI styles only when ``colour`` is set."""
    out = io.StringIO()
    console = Console(
        file=out,
        width=WIDTH,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        legacy_windows=False,
    )
    render_text(threads, console)
    return out.getvalue()


@pytest.mark.parametrize(
    "expected",
    [
        "[bold]x[/bold] or [/] markup?",
        "Post 1 · Joan → unknown",
        "Post 2 · Tom → Joan",
        "condition: plantar fascitis → Plantar fasciitis (fuzzy)",
        "treatment: frozen water bottle → Cold therapy (synonym) · experiencer=self",
        "treatment: night splint · hypothetical",
        "improved: helps for maybe an hour → frozen water bottle",
        "What each person tried",
        "frozen water bottle → improved",
        "night splint → unknown",
        "Questions",
        "post 2",
        "no answer in thread",
        "source: pasted  ·  2 posts",
    ],
)
def test_text_shows_posts_findings_and_tables(friendly_thread: Thread, expected: str) -> None:
    assert expected in _render([friendly_thread])


def test_text_prints_hostile_text_literally(hostile_thread: Thread) -> None:
    output = _render([hostile_thread])
    assert "<script>alert(1)</script> → <img src=x onerror=alert(1)>" in output
    assert "<!-- [bold]x[/bold] [/]" in output
    assert "</title><script>alert(5)</script>" in " ".join(output.split())  # an abstract title, wrapped


@pytest.mark.parametrize(
    "expected",
    [
        "evidence",
        "claim: Piriformis stretching cures buttock pain.",
        "1. A piriformis stretching programme: a randomised controlled trial (2021)",
        "randomised controlled trial · CEBM level 2 · PMID 90000001 · publication type",
        "claim: Heat never helps anyone.",
        "no matching abstract in the loaded corpus",
        "whether they support it is not judged",
    ],
)
def test_text_lists_each_claims_evidence_under_its_post(claims_thread: Thread, expected: str) -> None:
    assert expected in " ".join(_render([claims_thread]).split())


def test_text_says_when_no_evidence_corpus_is_loaded(claims_thread: Thread) -> None:
    unloaded = tuple(replace(e, status="no_corpus", links=()) for e in claims_thread.evidence)
    output = _render([replace(claims_thread, evidence=unloaded)])
    assert output.count("no evidence corpus loaded") == 2
    assert "PMID" not in output and "not judged" not in output


@pytest.mark.parametrize("name", ["friendly_thread", "crossing_thread", "hostile_thread", "claims_thread"])
def test_text_fits_in_100_columns(request: pytest.FixtureRequest, name: str) -> None:
    lines = _render([request.getfixturevalue(name)]).splitlines()
    assert max(len(line) for line in lines) <= WIDTH


def test_text_highlights_statements_and_mentions_in_colour(friendly_thread: Thread) -> None:
    output = _render([friendly_thread], colour=True)
    per_exp_background = "48;2;31;64;48"
    condition_bold = "1;38;2;255;143;143"
    assert per_exp_background in output
    assert condition_bold in output
