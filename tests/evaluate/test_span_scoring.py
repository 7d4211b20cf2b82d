"""Span scoring: overlap vs strict matching, one-to-one pairing, per-label and macro scores."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anecdata.errors import ConfigError
from anecdata.evaluate.spans import Span, match_spans, score_all_modes, score_spans

LABELS = ("claim", "question")


@pytest.mark.parametrize(
    ("gold", "predicted", "overlap_matches", "strict_matches"),
    [
        pytest.param([("d", 0, 10, "claim")], [("d", 0, 10, "claim")], 1, 1, id="identical"),
        pytest.param([("d", 0, 10, "claim")], [("d", 9, 20, "claim")], 1, 0, id="one shared character"),
        pytest.param([("d", 0, 10, "claim")], [("d", 10, 20, "claim")], 0, 0, id="touching is not overlapping"),
        pytest.param([("d", 0, 10, "claim")], [("d", 0, 10, "question")], 0, 0, id="label mismatch"),
        pytest.param([("d", 0, 10, "claim")], [("e", 0, 10, "claim")], 0, 0, id="other document"),
        pytest.param([("d", 0, 10, "claim")], [], 0, 0, id="no predictions"),
        pytest.param([], [("d", 0, 10, "claim")], 0, 0, id="no gold"),
        pytest.param([("d", 0, 10, "claim")], [("d", 2, 4, "claim"), ("d", 5, 8, "claim")], 1, 0, id="two in one"),
        pytest.param([("d", 0, 4, "claim"), ("d", 6, 10, "claim")], [("d", 0, 10, "claim")], 1, 0, id="one over two"),
        pytest.param([("d", 0, 10, "claim")] * 2, [("d", 0, 10, "claim")] * 3, 2, 2, id="duplicates pair once"),
        pytest.param([("d", 3, 3, "claim")], [("d", 3, 3, "claim")], 0, 1, id="empty spans only match strictly"),
    ],
)
def test_spans_match_counts_per_mode(
    gold: list[Span], predicted: list[Span], overlap_matches: int, strict_matches: int
) -> None:
    assert len(match_spans(gold, predicted, "overlap")) == overlap_matches
    assert len(match_spans(gold, predicted, "strict")) == strict_matches


def test_spans_overlap_pairs_the_largest_overlap_first() -> None:
    gold = [("d", 0, 10, "claim"), ("d", 12, 30, "claim")]
    # The prediction touches both gold spans but mostly the second; a second prediction only the first.
    predicted = [("d", 8, 28, "claim"), ("d", 0, 5, "claim")]
    assert sorted(match_spans(gold, predicted, "overlap")) == [
        (("d", 0, 10, "claim"), ("d", 0, 5, "claim")),
        (("d", 12, 30, "claim"), ("d", 8, 28, "claim")),
    ]


def test_spans_scores_per_label_and_macro() -> None:
    gold = [("d", 0, 10, "claim"), ("d", 20, 30, "claim"), ("d", 40, 50, "question")]
    predicted = [("d", 1, 9, "claim"), ("d", 60, 70, "claim"), ("d", 40, 50, "question")]
    scores = score_all_modes(gold, predicted, LABELS)

    claim = scores["overlap"].per_label["claim"]
    assert (claim.precision, claim.recall, claim.f1, claim.support) == (0.5, 0.5, 0.5, 2)
    assert scores["overlap"].per_label["question"].f1 == 1.0
    assert scores["overlap"].macro_f1 == pytest.approx(0.75)
    assert scores["overlap"].micro.matched == 2

    assert scores["strict"].per_label["claim"].f1 == 0.0
    assert scores["strict"].macro_f1 == pytest.approx(0.5)


def test_spans_labels_without_gold_or_predictions_leave_macro_f1_alone() -> None:
    scores = score_spans([("d", 0, 5, "claim")], [("d", 0, 5, "claim")], LABELS, "strict")
    assert scores.per_label["question"].support == 0
    assert scores.macro_f1 == 1.0


def test_spans_only_the_task_labels_are_scored() -> None:
    scores = score_spans([("d", 0, 5, "ADR")], [("d", 0, 5, "claim"), ("d", 0, 5, "ADR")], LABELS, "overlap")
    assert set(scores.per_label) == set(LABELS)
    assert (scores.micro.support, scores.micro.predicted, scores.micro.matched) == (0, 1, 0)
    assert scores.macro_f1 == 0.0


def test_spans_empty_input_scores_zero() -> None:
    scores = score_spans([], [], LABELS, "overlap")
    assert scores.macro_f1 == 0.0
    assert scores.micro.f1 == 0.0


def test_spans_unknown_mode_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown matching mode 'fuzzy'"):
        match_spans([], [], "fuzzy")  # type: ignore[arg-type]


intervals = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda t: ("d", t[0], t[0] + t[1], "claim"))


@given(gold=st.lists(intervals, max_size=12), predicted=st.lists(intervals, max_size=12))
def test_spans_overlap_matching_is_one_to_one_between_overlapping_spans(
    gold: list[Span], predicted: list[Span]
) -> None:
    pairs = match_spans(gold, predicted, "overlap")
    for g, p in pairs:
        assert max(g[1], p[1]) < min(g[2], p[2])
    # One-to-one: no gold or predicted occurrence is used more often than it appears.
    for side, spans in ((0, gold), (1, predicted)):
        used = [pair[side] for pair in pairs]
        assert all(used.count(s) <= spans.count(s) for s in used)
    # Greedy matching is maximal: every unmatched gold span overlaps no unmatched prediction.
    free_gold, free_predicted = list(gold), list(predicted)
    for g, p in pairs:
        free_gold.remove(g)
        free_predicted.remove(p)
    assert not any(max(g[1], p[1]) < min(g[2], p[2]) for g in free_gold for p in free_predicted)
