"""The ``experiences`` task: gold loading, the issue's matching and counting rules, and the shared corpus run."""

import json
from pathlib import Path

import pytest

from anecdata.errors import DataError
from anecdata.evaluate import get_task
from anecdata.evaluate.experiences import (
    TEXTS_FILE,
    GoldPost,
    GoldTreatment,
    PostPrediction,
    PredictedConcept,
    bootstrap,
    load_forum_experiences,
    occurrences,
    one_post_thread,
    outcome_scores,
    score_post,
)

TEXT = "Ibuprofen for my heel?\nAdvil did nothing for my plantar fasciitis. My wife swears by her night splint."


RECORD = {
    "post_id": "p1",
    "pii": [],
    "not_pii_capitalised": [],
    "conditions": ["plantar fasciitis"],
    "treatments": [{"text": "Advil", "canonical": "ibuprofen", "who": "self", "outcome": "no_change"}],
}


def write_folder(folder: Path, records: list[dict], texts: dict[str, str]) -> Path:
    data = folder / "forum_experiences"
    data.mkdir(parents=True)
    (data / "posts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    texts_path = data / TEXTS_FILE
    texts_path.parent.mkdir(parents=True)
    lines = [json.dumps({"post_id": k, "text": v, "spans": [], "aligned": False}) for k, v in texts.items()]
    texts_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def gold(*treatments: tuple[str, str, str, str], conditions: tuple[str, ...] = ()) -> GoldPost:
    return GoldPost("p1", TEXT, tuple(GoldTreatment(*t) for t in treatments), conditions)


def concept(key: str, *spans: tuple[int, int], names: tuple[str, ...] = (), **outcomes: str) -> PredictedConcept:
    return PredictedConcept(key, frozenset(names or (key,)), spans, outcomes)


def span_of(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_experiences_loader_joins_texts_and_checks_records(tmp_path):
    record = RECORD
    (post,) = load_forum_experiences(write_folder(tmp_path, [record], {"p1": TEXT}))
    assert post.text == TEXT and post.treatments[0].canonical == "ibuprofen"
    with pytest.raises(DataError, match="has no text"):
        load_forum_experiences(write_folder(tmp_path / "b", [{**record, "post_id": "p2"}], {"p1": TEXT}))
    bad = {**record, "treatments": [{"text": "Advil", "canonical": "ibuprofen", "who": "me", "outcome": "x"}]}
    with pytest.raises(DataError, match="who must be one of"):
        load_forum_experiences(write_folder(tmp_path / "c", [bad], {"p1": TEXT}))
    with pytest.raises(DataError, match=r"no posts\.jsonl"):
        load_forum_experiences(tmp_path / "nowhere")


def test_experiences_occurrences_are_case_insensitive_at_word_boundaries():
    assert occurrences("Advil, advil and Advils", "ADVIL") == [(0, 5), (7, 12)]
    assert occurrences("anything", "") == []


def test_experiences_a_concept_matches_by_synonym_or_by_overlapping_the_gold_text():
    post = gold(("Advil", "ibuprofen", "self", "no_change"), ("night splint", "night splint", "other", "improved"))
    by_name = score_post(post, PostPrediction((concept("drug:ibuprofen", names=("ibuprofen", "advil")),)))
    by_span = score_post(post, PostPrediction((concept("splint", span_of("night splint"), other="improved"),)))
    assert (by_name.matched_tried, by_name.precise, by_name.gold_tried) == (1, 1, 2)
    assert (by_span.matched_tried, by_span.precise) == (1, 1)
    assert by_span.pairs == [("improved", "improved")]
    assert by_name.pairs == [("no_change", "unknown")]  # no record of the writer for it: unknown


def test_experiences_duplicates_and_who_none_count_against_the_reader():
    post = gold(("Advil", "ibuprofen", "self", "no_change"), ("Ibuprofen", "ibuprofen", "none", "unknown"))
    twice = PostPrediction(
        (concept("a", span_of("Advil"), self="no_change"), concept("b", span_of("Advil did"), self="worse"))
    )
    score = score_post(post, twice)
    assert (score.duplicates, score.predicted, score.precise) == (1, 2, 2)
    assert score.pairs == [("no_change", "no_change")]  # the first concept to match speaks for the item
    only_asked = GoldPost("p1", TEXT, (GoldTreatment("Ibuprofen", "ibuprofen", "none", "unknown"),), ())
    score = score_post(only_asked, PostPrediction((concept("x", span_of("Ibuprofen")),)))
    assert (score.precise, score.gold_tried) == (0, 0)


def test_experiences_outcome_scores_and_bootstrap():
    scores = outcome_scores([("improved", "improved"), ("worse", "unknown"), ("no_change", "no_change")])
    assert scores["accuracy"] == pytest.approx(2 / 3) and scores["pairs"] == 3
    assert scores["confusion"]["worse"]["unknown"] == 1
    assert scores["macro_f1"] == pytest.approx(2 / 3)
    post = gold(("Advil", "ibuprofen", "self", "no_change"))
    one = score_post(post, PostPrediction((concept("a", span_of("Advil"), self="no_change"),)))
    interval = bootstrap([one, one])
    assert interval["recall"] == [1.0, 1.0] and interval["accuracy"] == [1.0, 1.0]


def test_experiences_one_post_thread_marks_its_title_line():
    thread = one_post_thread("t", TEXT)
    (post,) = thread.posts
    assert post.context.title is not None
    assert TEXT[post.context.title.start : post.context.title.end] == "Ibuprofen for my heel?"
    assert thread.title == "Ibuprofen for my heel?"


def test_experiences_task_runs_end_to_end_on_a_small_folder(tmp_path):
    record = RECORD
    result = get_task("experiences").run(write_folder(tmp_path, [record], {"p1": TEXT})).to_dict()
    assert set(result["scores"]) == {"treatments", "outcomes", "conditions"}
    assert {"recall", "precision", "duplicates", "gold", "predicted", "ci"} <= set(result["scores"]["treatments"])
    assert {"accuracy", "macro_f1", "confusion", "pairs"} <= set(result["scores"]["outcomes"])


@pytest.mark.corpus
def test_experiences_task_on_the_shared_forum_posts(shared_dir):
    result = get_task("experiences").run(shared_dir / "corpora" / "forum_experiences").to_dict()
    treatments, outcomes = result["scores"]["treatments"], result["scores"]["outcomes"]
    assert result["documents"] == 203
    assert treatments["recall"] >= 0.45 and treatments["precision"] >= 0.70
    assert outcomes["pairs"] > 50
