"""Gold loaders: RedHOT jsonl, brat standoff and CoNLL BIO files into documents with grounded spans."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from anecdata.errors import DataError
from anecdata.evaluate.formats import (
    GoldDocument,
    GoldSpan,
    load_brat,
    load_brat_folder,
    load_conll,
    load_redhot_jsonl,
)


def assert_grounded(document: GoldDocument) -> None:
    for span in document.spans:
        assert document.text[span.start : span.end] == span.text


def redhot_record(post_id: str, text: str, spans: list[tuple[str, int, int]], aligned: bool = True) -> str:
    return json.dumps(
        {
            "post_id": post_id,
            "text": text,
            "spans": [{"label": label, "start": s, "end": e, "text": text[s:e]} for label, s, e in spans],
            "aligned": aligned,
        }
    )


def test_redhot_keeps_aligned_records_only(tmp_path: Path) -> None:
    path = tmp_path / "st1.jsonl"
    lines = [
        redhot_record("p1", "Heat helped me. Does ice work?", [("per_exp", 0, 15), ("question", 16, 30)]),
        redhot_record("p2", "[removed]", [("claim", 0, 40)], aligned=False),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")

    [document] = load_redhot_jsonl(path)

    assert document.id == "p1"
    assert document.spans == (
        GoldSpan(0, 15, "per_exp", "Heat helped me."),
        GoldSpan(16, 30, "question", "Does ice work?"),
    )


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        pytest.param('{"post_id": "p2", "text": ', "st1.jsonl:2: not valid JSON", id="truncated JSON"),
        pytest.param("[1, 2]", "st1.jsonl:2: expected a JSON object", id="not an object"),
        pytest.param('{"post_id": "p2", "text": "x", "spans": []}', "'aligned' must be of type bool", id="no aligned"),
        pytest.param(redhot_record("p2", "short", [("claim", 2, 9)]), "st1.jsonl:2: span [2, 9)", id="out of bounds"),
        pytest.param(redhot_record("p1", "again", []), "post_id 'p1' appears twice", id="duplicate id"),
        pytest.param(
            json.dumps({"post_id": "p2", "text": "x", "aligned": True, "spans": [{"start": "0", "end": 1}]}),
            "'start' must be of type int, got '0'",
            id="string offset",
        ),
    ],
)
def test_redhot_malformed_line_names_file_and_line(tmp_path: Path, second_line: str, message: str) -> None:
    path = tmp_path / "st1.jsonl"
    path.write_text(redhot_record("p1", "fine", []) + "\n" + second_line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        load_redhot_jsonl(path)


def test_redhot_line_separator_inside_text_stays_one_record(tmp_path: Path) -> None:
    path = tmp_path / "st1.jsonl"
    text = "Heat helped.\u2028Ice did not."
    path.write_text(json.dumps({"post_id": "p1", "text": text, "spans": [], "aligned": True}, ensure_ascii=False))
    assert [d.text for d in load_redhot_jsonl(path)] == [text]


def test_redhot_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_redhot_jsonl(tmp_path / "absent.jsonl")


def write_brat(folder: Path, name: str, text: str, ann: str) -> None:
    (folder / "text").mkdir(exist_ok=True)
    (folder / "original").mkdir(exist_ok=True)
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    (folder / "original" / f"{name}.ann").write_text(ann, encoding="utf-8")


def test_brat_discontinuous_entity_spans_its_fragments(tmp_path: Path) -> None:
    text = "Severe pain in the knees and hands.\r\nNo rash."
    ann = (
        "T1\tADR 0 11;19 24\tSevere pain knees\n"
        "#1\tAnnotatorNotes T1\ta note\n"
        "T2\tADR 40 44\tRASH stored text is ignored\n"
        "R1\tRel Arg1:T1 Arg2:T2\n"
    )
    write_brat(tmp_path, "DRUG.1", text, ann)

    document = load_brat(tmp_path / "text" / "DRUG.1.txt", tmp_path / "original" / "DRUG.1.ann")

    assert document.id == "DRUG.1"
    assert document.spans == (
        GoldSpan(0, 24, "ADR", "Severe pain in the knees"),
        GoldSpan(40, 44, "ADR", "rash"),
    )
    assert_grounded(document)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("T1\tADR 0 4", "needs 3 tab-separated columns", id="no text column"),
        pytest.param("T1\tADR 0;4\tpain", "are not 'START END", id="broken fragment"),
        pytest.param("T1\tADR\tpain", "are not 'START END", id="no offsets"),
        pytest.param("T1\tADR 0 ²\tpain", "are not 'START END", id="non-ASCII digit"),
        pytest.param("T1\tADR 0 99\tpain", "span [0, 99) 'ADR' is outside the text", id="past the end"),
    ],
)
def test_brat_malformed_t_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    write_brat(tmp_path, "a", "pain here", f"T0\tADR 0 4\tpain\n{line}\n")
    with pytest.raises(DataError, match=rf"a\.ann:2: .*{re.escape(message)}"):
        load_brat(tmp_path / "text" / "a.txt", tmp_path / "original" / "a.ann")


def test_brat_folder_pairs_texts_with_annotations(tmp_path: Path) -> None:
    write_brat(tmp_path, "b", "headache", "T1\tADR 0 8\theadache\n")
    write_brat(tmp_path, "a", "nausea", "")
    assert [d.id for d in load_brat_folder(tmp_path)] == ["a", "b"]

    (tmp_path / "text" / "c.txt").write_text("orphan", encoding="utf-8")
    with pytest.raises(DataError, match=r"c\.txt has no annotation file"):
        load_brat_folder(tmp_path)


def test_brat_folder_without_texts_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no \.txt files"):
        load_brat_folder(tmp_path)


def test_conll_rebuilds_text_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "dev.conll"
    rows = [
        "Met\tO", "Jane\tB-person", "Doe\tI-person", "in\tO", "Gardena\tB-location", "",
        "", "Hi\tO", "Bob\tI-person", "Ann\tB-person", "Lee\tI-location", "",
    ]  # fmt: skip
    path.write_text("\n".join(rows), encoding="utf-8")

    first, second = load_conll(path)

    assert (first.id, first.text) == ("dev:1", "Met Jane Doe in Gardena")
    assert first.spans == (GoldSpan(4, 12, "person", "Jane Doe"), GoldSpan(16, 23, "location", "Gardena"))
    # An I- tag that continues nothing opens a span, and one of another label closes the previous span.
    assert second.id == "dev:2"
    assert [(s.label, s.text) for s in second.spans] == [
        ("person", "Bob"),
        ("person", "Ann"),
        ("location", "Lee"),
    ]
    assert_grounded(first)
    assert_grounded(second)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("Jane B-person", "expected 'TOKEN<TAB>TAG'", id="space separated"),
        pytest.param("Jane\tB-person\textra", "expected 'TOKEN<TAB>TAG'", id="three columns"),
        pytest.param("\tO", "expected 'TOKEN<TAB>TAG'", id="empty token"),
        pytest.param("Jane\tPER", "tag 'PER' is not O, B-LABEL or I-LABEL", id="bare label"),
        pytest.param("Jane\tB-", "tag 'B-' is not O", id="empty label"),
    ],
)
def test_conll_malformed_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "dev.conll"
    path.write_text(f"Hello\tO\n{line}\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(f"dev.conll:2: {message}")):
        load_conll(path)


def test_loaders_refuse_files_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.conll"
    path.write_bytes("café\tO\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_conll(path)
