"""The terminal view of the seed thread (issue 20's targets): each sentence listed once, whatever its labels, and
no post's evidence longer than the post when no loaded abstract is about its claims."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from anecdata.jobs import analyze_path
from anecdata.view import label_words, labels_words, one_line
from anecdata.view.text import render_text

WIDTH = 400
"""Wide enough that no line wraps, so each listed sentence is one line."""


def _seed(seed_text: str, tmp_path, evidence_db: str | None = None):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    return analyze_path(str(path), evidence_db=evidence_db).thread


def _render(thread) -> str:
    out = io.StringIO()
    render_text([thread], Console(file=out, width=WIDTH, color_system=None))
    return out.getvalue()


@pytest.mark.corpus
def test_seed_view_lists_each_sentence_once(seed_text, tmp_path):
    thread = _seed(seed_text, tmp_path)
    output = _render(thread).split("\nLegend")[0]  # the posts and what was found in them, not the questions list
    labels: dict[tuple[str, int, int], list[str]] = {}
    texts = {}
    for post in thread.posts:
        for a in post.layer("statement"):
            labels.setdefault((post.id, a.start, a.end), []).append(a.label)
            texts[(post.id, a.start, a.end)] = a.text
    assert any(len(found) > 1 for found in labels.values()), "some sentence has two labels"
    for extent, found in labels.items():
        start = one_line(texts[extent])[:30]
        assert output.count(f"{labels_words(found, 'statement')}: {start}") == 1, (found, start)
        for label in found:  # no line of its own per label: each label's words stand only in the one line
            assert output.count(f"{label_words(label, 'statement')}: {start}") <= 1, (label, start)


@pytest.mark.corpus
def test_seed_view_evidence_is_never_longer_than_a_post_that_no_abstract_is_about(
    seed_text, tmp_path, example_evidence_db
):
    thread = _seed(seed_text, tmp_path, example_evidence_db)
    for post in thread.posts:
        entries = [e for e in thread.evidence if e.post_id == post.id]
        if not entries or any(e.links for e in entries):
            continue
        panel = _render(type(thread)(thread.id, thread.source, (post,), thread.title, evidence=tuple(entries)))
        evidence = [line for line in panel.splitlines() if "no matching abstract" in line or "claim:" in line]
        assert len(evidence) == 1, evidence  # one line for all of the post's claims
        assert len(evidence[0].strip("│ ")) < len(post.text)
