"""WNUT-17 read as the corpus means it (issue 16 point 3b): multi-type tags count, '@' 'user' is one handle."""

from __future__ import annotations

from pathlib import Path

import pytest

from anecdata.errors import DataError
from anecdata.evaluate.formats import load_conll, read_conll_blocks
from anecdata.evaluate.pii import WNUT_DEV_FILE, load_wnut_gold
from anecdata.evaluate.tasks import get_task

# Text written for these tests, in WNUT-17's layout (token<TAB>tag, blank line between documents).
CONLL = (
    "ask\tO\nMarta\tB-person,B-group\nKowal\tI-person\nabout\tO\nit\tO\n\n"
    "thanks\tO\n@\tO\nuser\tO\nfor\tO\nthe\tO\ntip\tO\n\n"
    "the\tO\nBluebird\tB-group,B-corporation\nclub\tO\nin\tO\nLakeview\tB-location\n\n"
    "meet\tO\n@\tO\nnoon\tO\n"
)


@pytest.fixture
def wnut_dir(tmp_path: Path) -> Path:
    (tmp_path / WNUT_DEV_FILE).write_text(CONLL, encoding="utf-8")
    return tmp_path


def spans(document) -> list[tuple[str, str]]:
    return [(s.text, s.label) for s in document.spans]


def test_a_token_with_person_among_its_types_counts_as_person(wnut_dir: Path) -> None:
    gold = load_wnut_gold(wnut_dir)
    assert spans(gold.documents[0]) == [("Marta Kowal", "person")]
    assert spans(gold.documents[2]) == [("Lakeview", "location")]  # group,corporation is not scored
    assert gold.mapped["B-person,B-group -> B-person"] == 1
    assert gold.mapped["B-group,B-corporation -> B-group"] == 1


def test_at_user_is_one_handle_and_a_person_span(wnut_dir: Path) -> None:
    gold = load_wnut_gold(wnut_dir)
    second = gold.documents[1]
    assert second.text == "thanks @user for the tip"
    assert spans(second) == [("@user", "person")]
    assert gold.documents[3].text == "meet @ noon"  # '@' before anything but 'user' stays as written
    assert spans(gold.documents[3]) == []
    assert sum(n for what, n in gold.mapped.items() if "'@user'" in what) == 1


def test_the_task_prints_what_was_mapped_and_how_often(wnut_dir: Path) -> None:
    def predictor(texts):
        for text in texts:
            yield [(text.index("@user"), text.index("@user") + 5, "person")] if "@user" in text else []

    result = get_task("pii").run(wnut_dir, predictor)
    as_dict = result.to_dict()
    assert as_dict["scores"]["strict"]["per_label"]["person"]["support"] == 2
    assert as_dict["scores"]["strict"]["per_label"]["person"]["matched"] == 1
    assert "1 x B-person,B-group -> B-person" in as_dict["mapped"]
    assert any(line.startswith("1 x '@' 'user'") for line in as_dict["mapped"])


def test_generic_conll_keeps_a_multi_type_tokens_first_type_and_refuses_o_among_types(tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text("Marta\tB-group,B-person\n", encoding="utf-8")
    assert spans(load_conll(path)[0]) == [("Marta", "group")]
    assert read_conll_blocks(path) == [("x:1", ["Marta"], ["B-group,B-person"])]
    path.write_text("Marta\tB-person,O\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"x\.conll:1"):
        load_conll(path)
