"""The ``pii`` and ``pii_forum`` tasks: the forum set's format, its recall targets, and WNUT-17's (issue 6)."""

import pytest

from anecdata.errors import DataError
from anecdata.evaluate import get_task
from anecdata.evaluate.pii import bundled_forum_dir, load_forum_gold, parse_forum_set, predict_pii
from anecdata.evaluate.spans import match_spans

FORUM_TARGETS = {"signature": 0.95, "handle": 0.95, "email": 0.95, "phone": 0.95}


def test_pii_forum_set_parses_marks_into_grounded_spans():
    gold = parse_forum_set("# a comment\n=== a\nThanks, [[Priya|person|signature]]\n=== b\nno pii here\n", "f")
    first, second = gold.documents
    assert first.text == "Thanks, Priya" and second.spans == ()
    (span,) = first.spans
    assert first.text[span.start : span.end] == "Priya" and span.label == "person"
    assert gold.categories[("a", 8, 13)] == "signature"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("=== a\n[[Jo|persn]]\n", "label 'persn'"),
        ("=== a\nx\n=== a\ny\n", "appears twice"),
        ("stray text\n=== a\nx\n", "must be # comments"),
        ("=== a\n[[Jo|person\n", "malformed mark"),
        ("# only comments\n", "no documents"),
    ],
)
def test_pii_forum_set_rejects_bad_files(text, message):
    with pytest.raises(DataError, match=message):
        parse_forum_set(text, "f")


def test_pii_forum_recall_meets_the_targets_per_category():
    gold = load_forum_gold(bundled_forum_dir())
    predicted = [
        (d.id, s, e, label)
        for d, spans in zip(gold.documents, predict_pii([d.text for d in gold.documents]), strict=True)
        for s, e, label in spans
    ]
    spans = [(d.id, s.start, s.end, s.label) for d in gold.documents for s in d.spans]
    matched = {g for g, _ in match_spans(spans, predicted, "overlap")}
    for category, target in FORUM_TARGETS.items():
        wanted = [g for g in spans if gold.categories[(g[0], g[1], g[2])] == category]
        recall = sum(g in matched for g in wanted) / len(wanted)
        assert wanted and recall >= target, f"{category}: recall {recall:.2f} < {target}"


def test_pii_forum_task_scores_every_pii_label():
    result = get_task("pii_forum").run(bundled_forum_dir())
    overlap = result.scores["overlap"]
    assert overlap.micro.recall >= 0.95 and overlap.micro.precision >= 0.9


def test_pii_forum_task_names_the_bundled_set_when_data_is_wrong(tmp_path):
    with pytest.raises(DataError, match="bundled"):
        get_task("pii_forum").run(tmp_path)


@pytest.mark.corpus
@pytest.mark.slow
def test_pii_wnut17_dev_meets_the_issue_targets(shared_dir):
    result = get_task("pii").run(shared_dir / "corpora" / "wnut17_pii")
    scores = result.scores["overlap"].per_label
    assert scores["person"].recall >= 0.60 and scores["person"].precision >= 0.40
    assert scores["location"].recall >= 0.55 and scores["location"].precision >= 0.40
