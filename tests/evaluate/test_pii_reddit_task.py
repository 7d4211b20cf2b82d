"""The ``pii_reddit`` task: gold loading, the issue's counting rules, and the run on the shared corpus."""

import json
from pathlib import Path

import pytest

from anecdata.errors import DataError
from anecdata.evaluate import get_task
from anecdata.evaluate.experiences import TEXTS_FILE
from anecdata.evaluate.pii_reddit import GoldPii, load_pii_posts, occurrences, score_post

TEXT = (
    "Humira or Stelara for Crohn's?\n"
    "My GI in Duluth wants me on Humira. Also asked Marta, my sister, who takes it. "
    "Marta says it helped. Details: https://example.org/study\nThanks!"
)
RECORD = {
    "post_id": "p1",
    "pii": [
        {"text": "Duluth", "type": "location"},
        {"text": "Marta", "type": "person"},
        {"text": "https://example.org/study", "type": "url"},
        {"text": "Dr. Famous", "type": "person", "public": True},
    ],
    "not_pii_capitalised": ["Humira", "Stelara", "GI", "Thanks"],
    "treatments": [],
    "conditions": ["crohn's disease"],
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


def span_of(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def test_pii_reddit_loader_reads_pii_lists_and_refuses_unknown_types(tmp_path):
    (loaded,) = load_pii_posts(write_folder(tmp_path, [RECORD], {"p1": TEXT}))
    assert loaded.text == TEXT
    assert [p.group for p in loaded.pii] == ["private", "private", "url", "public"]
    assert GoldPii("Acme Labs", "organisation_of_person").group == "public"
    bad = {**RECORD, "pii": [{"text": "Duluth", "type": "town"}]}
    with pytest.raises(DataError, match="pii type must be one of"):
        load_pii_posts(write_folder(tmp_path / "b", [bad], {"p1": TEXT}))
    with pytest.raises(DataError, match="with pii lists"):
        load_pii_posts(write_folder(tmp_path / "c", [{**RECORD, "pii": None}], {"p1": TEXT}))


def test_pii_reddit_occurrences_are_case_sensitive_at_word_boundaries():
    assert occurrences("Al, also Al's ALso", "Al") == [(0, 2), (9, 11)]
    assert occurrences("see https://x.org/a.", "https://x.org/a") == [(4, 19)]
    assert occurrences("anything", " ") == []


def test_pii_reddit_scores_precision_recall_per_group_and_false_alarms(tmp_path):
    (gold,) = load_pii_posts(write_folder(tmp_path, [RECORD], {"p1": TEXT}))
    predicted = [
        (*span_of("Duluth"), "location"),
        (*span_of("Marta"), "person"),  # the second "Marta" is left bare: a leak
        (*span_of("Humira"), "person"),  # a false alarm and an imprecise span
        (*span_of("Crohn"), "date"),  # dates are not scored
    ]
    score = score_post(gold, predicted)
    assert (score.predicted, score.precise) == (3, 2)
    assert score.gold == {"private": 2, "url": 1}  # the public name does not occur in the text
    assert score.found == {"private": 1}
    humira, stelara, gi, thanks = 2, 1, 1, 1
    assert (score.not_pii, score.false_alarms) == (humira + stelara + gi + thanks, 1)
    assert "missed private person: 'Marta' (1 of 2 left)" in score.misses
    assert any(m.startswith("not in text (public person)") for m in score.misses)


def test_pii_reddit_task_runs_end_to_end_on_a_small_folder(tmp_path):
    result = get_task("pii_reddit").run(write_folder(tmp_path, [RECORD], {"p1": TEXT})).to_dict()
    scores = result["scores"]
    assert {"precision", "false_alarm_rate", "recall", "counts"} <= set(scores)
    assert set(scores["recall"]) == {"private", "public", "url"}
    assert scores["counts"]["gold"] == {"private": 2, "public": 0, "url": 1}
    assert "misses" in result and result["documents"] == 1


def test_pii_reddit_task_accepts_a_fake_predictor(tmp_path):
    data = write_folder(tmp_path, [RECORD], {"p1": TEXT})
    everything = [[(0, len(TEXT), "person")]]
    scores = get_task("pii_reddit").run(data, lambda texts: everything).to_dict()["scores"]
    assert scores["precision"] == 1.0 and scores["false_alarm_rate"] == 1.0
    assert scores["recall"] == {"private": 1.0, "public": 0.0, "url": 1.0}


@pytest.mark.corpus
def test_pii_reddit_task_on_the_shared_forum_posts(shared_dir):
    result = get_task("pii_reddit").run(shared_dir / "corpora" / "forum_experiences").to_dict()
    scores = result["scores"]
    assert result["documents"] == 203
    assert scores["counts"]["gold"]["private"] == 22
    assert scores["recall"]["private"] >= 0.95
    assert scores["precision"] >= 0.35 and scores["false_alarm_rate"] <= 0.03
