"""The real RedHOT statements file in the shared corpora loads, and its gold is grounded in its text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from anecdata.evaluate.statements import REDHOT_STATEMENTS_FILE
from anecdata.evaluate.tasks import get_task


@pytest.mark.corpus
def test_redhot_statements_gold_loads_and_is_grounded(shared_dir: Path) -> None:
    task = get_task("statements")
    documents = task.load_gold(shared_dir / "corpora" / task.default_subdir)

    assert len(documents) > 500
    assert len({d.id for d in documents}) == len(documents)
    spans = [(d, s) for d in documents for s in d.spans]
    assert len(spans) > 2000
    assert {s.label for _, s in spans} == set(task.labels)
    for document, span in spans:
        assert 0 <= span.start < span.end <= len(document.text)
        assert document.text[span.start : span.end] == span.text


@pytest.mark.corpus
def test_redhot_statements_scores_one_against_itself(shared_dir: Path) -> None:
    data_dir = shared_dir / "corpora" / "redhot"
    documents = {d.text: d for d in get_task("statements").load_gold(data_dir)}

    def echo_gold(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        for text in texts:
            yield [(s.start, s.end, s.label) for s in documents[text].spans]

    assert (data_dir / REDHOT_STATEMENTS_FILE).is_file()
    result = get_task("statements").run(data_dir, echo_gold)
    assert result.scores["strict"].macro_f1 == 1.0
