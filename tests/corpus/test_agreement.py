"""Agreement between the corpus's annotation and a blind second one: the sample, the blank files, the scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from anecdata.corpus.agreement import agreement, blank_thread, cohen_kappa, draw_sample, sample_ids
from anecdata.corpus.markup import parse_thread
from anecdata.errors import DataError

FIRST = """\
source: knees.example
area: musculoskeletal
title: {q} [Knee]{body_part} clicks after [ACL]{condition=acl tear} repair?

## p1 author=tarn_walker
{pe} [Physio]{treatment=physical therapy} [helped]{improved -> physical therapy} with strength.
{c, causal} Clicking comes from scar tissue.
{sig} Tarn, [Leeds]{location}
"""

SECOND = """\
source: knees.example
area: musculoskeletal
title: {q} Knee clicks after [ACL]{condition=acl tear} repair?

## p1 author=tarn_walker
{pe} [Physio]{treatment=physiotherapy} [helped with strength]{improved -> physiotherapy}.
{c, diagnostic} Clicking comes from scar tissue.
Tarn, [Leeds]{location}
"""


def _folder(tmp_path: Path, first: str, second: str | None) -> Path:
    (tmp_path / "threads").mkdir()
    (tmp_path / "threads" / "t1.md").write_text(first, encoding="utf-8")
    (tmp_path / "agreement" / "second").mkdir(parents=True)
    (tmp_path / "agreement" / "sample.txt").write_text("t1\n", encoding="utf-8")
    if second is not None:
        (tmp_path / "agreement" / "second" / "t1.md").write_text(second, encoding="utf-8")
    return tmp_path


def test_cohen_kappa_known_values():
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == -1.0
    # observed 0.5, expected 0.5: no better than chance
    assert cohen_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == 0.0


def test_identical_annotations_agree_fully(tmp_path):
    result = agreement(_folder(tmp_path, FIRST, FIRST))
    assert result.threads == 1 and result.posts == 1
    assert all(s.f1 == 1.0 for s in result.spans.values())
    assert result.statement_kappa == 1.0 and result.claim_type_kappa == 1.0


def test_spans_match_by_label_and_overlap(tmp_path):
    result = agreement(_folder(tmp_path, FIRST, SECOND))
    mention, outcome = result.spans["mention"], result.spans["outcome"]
    assert (mention.first, mention.second, mention.matched) == (3, 2, 2)  # "Knee" is only in the first
    assert mention.same_detail == 1  # "physical therapy" and "physiotherapy" are different concept names
    assert (outcome.matched, outcome.same_detail) == (1, 1)  # overlapping extents, the same treatment text
    assert result.claim_type_pairs == 1 and result.claim_type_kappa < 1.0
    assert "| mention | 3 | 2 | 2 | 0.80 |" in result.markdown()


def test_second_file_with_other_text_is_refused(tmp_path):
    with pytest.raises(DataError, match="text differs"):
        agreement(_folder(tmp_path, FIRST, SECOND.replace("scar tissue", "scar")))


def test_no_second_annotation_is_an_error(tmp_path):
    with pytest.raises(DataError, match="no annotated second file"):
        agreement(_folder(tmp_path, FIRST, None))


def test_blank_thread_keeps_the_text_and_drops_the_annotations():
    authored = parse_thread(FIRST, thread_id="t1")
    blank = parse_thread(blank_thread(authored), thread_id="t1").thread
    assert [p.text for p in blank.posts] == [p.text for p in authored.thread.posts]
    assert not any(p.annotations for p in blank.posts)


def test_sample_is_drawn_by_seeded_hash_until_enough_posts():
    threads = [parse_thread(FIRST.replace("Tarn", f"Tarn{i}"), thread_id=f"t{i}") for i in range(10)]
    chosen = draw_sample(threads, posts=3)
    assert len(chosen) == 3 and chosen == draw_sample(list(reversed(threads)), posts=3)
    assert chosen != draw_sample(threads, posts=3, seed="another")


def test_committed_sample_lists_corpus_threads():
    from anecdata.corpus.build import CORPUS_DIR

    ids = sample_ids(CORPUS_DIR)
    assert len(ids) == len(set(ids)) >= 30
    assert all((CORPUS_DIR / "threads" / f"{tid}.md").exists() for tid in ids)
