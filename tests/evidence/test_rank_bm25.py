"""BM25F scores against values computed by hand from the formula in ``evidence/bm25.py``."""

from __future__ import annotations

import math

import pytest

from anecdata.evidence.bm25 import Bm25Index, Bm25Params

DOCUMENTS = [
    {"title": ["heat"], "abstract": ["heat", "back", "pain"]},
    {"title": ["ice"], "abstract": ["ice", "ankle"]},
    {"title": ["sleep"], "abstract": ["sleep", "light", "night", "shift"]},
]


def idf(n: int, size: int = 3) -> float:
    return math.log(1 + (size - n + 0.5) / (n + 0.5))


def test_bm25_idf_is_lucenes_nonnegative_form():
    index = Bm25Index(DOCUMENTS)
    assert index.idf("heat") == pytest.approx(idf(1))
    assert index.idf("unknown") == 0.0
    assert index.document_frequency("heat") == 1
    everywhere = Bm25Index([{"abstract": ["x"]}, {"abstract": ["x"]}])
    assert everywhere.idf("x") == pytest.approx(math.log(1 + 0.5 / 2.5))
    assert everywhere.idf("x") > 0


def test_bm25f_score_matches_the_hand_computed_value():
    index = Bm25Index(DOCUMENTS, Bm25Params(k1=1.2, b=0.75, field_weights={"title": 2.0}))
    # Document 0: title length 1 (average 1), abstract length 3 (average 3): both norms are 1.
    tf = 2.0 * 1 / 1.0 + 1.0 * 1 / 1.0
    expected = 1.0 * idf(1) * tf / (1.2 + tf)
    assert index.scores({"heat": 1.0}) == {0: pytest.approx(expected)}


def test_bm25_length_normalisation_favours_the_shorter_field():
    documents = [{"abstract": ["pain", "a", "b", "c", "d", "e"]}, {"abstract": ["pain", "a"]}, {"abstract": ["z"]}]
    scores = Bm25Index(documents).scores({"pain": 1.0})
    assert scores[1] > scores[0]
    unnormalised = Bm25Index(documents, Bm25Params(b=0.0)).scores({"pain": 1.0})
    assert unnormalised[0] == pytest.approx(unnormalised[1])


def test_bm25_query_weights_scale_and_add():
    index = Bm25Index(DOCUMENTS)
    one = index.scores({"heat": 1.0})[0]
    assert index.scores({"heat": 2.0})[0] == pytest.approx(2 * one)
    both = index.scores({"heat": 1.0, "pain": 1.0})[0]
    assert both == pytest.approx(one + index.scores({"pain": 1.0})[0])


def test_bm25_documents_restrict_the_scored_set_and_zero_weight_fields_drop_out():
    index = Bm25Index(DOCUMENTS, Bm25Params(field_weights={"title": 0.0}))
    assert index.scores({"heat": 1.0, "ice": 1.0}, documents=[1]).keys() == {1}
    titles_only = Bm25Index([{"title": ["heat"], "abstract": []}], Bm25Params(field_weights={"title": 0.0}))
    assert titles_only.scores({"heat": 1.0}) == {}


@pytest.mark.parametrize("params", [{"k1": -1.0}, {"b": 1.5}, {"field_weights": {"title": -1.0}}])
def test_bm25_params_refuse_out_of_range_values(params):
    with pytest.raises(ValueError):
        Bm25Params(**params)
