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
        "1 claim: no matching abstract in the loaded corpus",
        "whether they support it is not judged",
    ],
)
def test_text_lists_each_claims_evidence_under_its_post(claims_thread: Thread, expected: str) -> None:
    assert expected in " ".join(_render([claims_thread]).split())


def test_text_claims_that_found_the_same_abstracts_share_one_block(claims_thread: Thread) -> None:
    found = next(e for e in claims_thread.evidence if e.links)
    again = replace(claims_thread.evidence[-1], links=found.links, status="found")
    output = _render([replace(claims_thread, evidence=(found, again))])
    assert output.count("A piriformis stretching programme") == 1  # the abstracts once, under both claims
    assert output.index("claim: Piriformis") < output.index("claim: Heat never") < output.index("1. A piriformis")


def test_text_says_once_per_thread_when_no_evidence_corpus_is_loaded(claims_thread: Thread) -> None:
    unloaded = tuple(replace(e, status="no_corpus", links=()) for e in claims_thread.evidence)
    output = _render([replace(claims_thread, evidence=unloaded)])
    assert output.count("no evidence corpus loaded") == 1  # not once per claim (issue 20)
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


def _plain(threads: list[Thread], width: int = WIDTH) -> str:
    """What a terminal of ``width`` columns shows, without styles."""
    out = io.StringIO()
    render_text(threads, Console(file=out, width=width, force_terminal=False, color_system=None))
    return out.getvalue()


def test_text_prints_a_sentence_with_two_labels_once_with_its_labels_in_words(first_person_thread: Thread) -> None:
    output = " ".join(_plain([first_person_thread]).replace("│", " ").split())
    assert "a general claim and a claim from experience: Stretching fixed my sciatica in three weeks." in output
    assert "claim_per_exp" not in output
    assert output.count("Stretching fixed my sciatica") == 3  # heading, post text, its one statement line


def test_text_leaves_out_empty_attributes(first_person_thread: Thread) -> None:
    output = _plain([first_person_thread])
    assert "codes=" not in output
    assert "concept_id=sciatica" in output


def test_text_heads_an_untitled_thread_with_its_first_words_not_its_id(first_person_thread: Thread) -> None:
    output = _plain([first_person_thread])
    assert "Stretching fixed my sciatica in three weeks. The…" in output.splitlines()[0]
    assert "t8f15af3550" not in output


def test_text_says_outcomes_in_words(first_person_thread: Thread) -> None:
    assert "stretching → no change" in _plain([first_person_thread])


@pytest.mark.parametrize("name", ["friendly_thread", "claims_thread"])
def test_text_wraps_between_words_at_80_columns(
    request: pytest.FixtureRequest, name: str, first_person_thread: Thread
) -> None:
    threads = [request.getfixturevalue(name), first_person_thread]
    lines = _plain(threads, width=80).splitlines()
    assert max(len(line) for line in lines) <= 80
    words = {w.strip(".,;:!?()") for line in lines for w in line.split()}
    for whole in ("psychological", "physiotherapist", "experience"):  # a cause, post text, a statement label
        assert whole in words
