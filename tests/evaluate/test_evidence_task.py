"""The ``evidence`` task: ranking metrics against hand-computed values, the fact-check folder loader, the task on
an invented folder (with a fake mention predictor) and on the shared corpus.

Every claim, post and abstract here is invented for these tests; the shared corpus is only read.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from anecdata.cli.evaluate import evaluate_command
from anecdata.errors import DataError
from anecdata.evaluate.factcheck import load_annotated_claims, load_strategy_runs, split_title
from anecdata.evaluate.ranking import dcg, expected_random_ndcg, ndcg, recall, spread
from anecdata.evaluate.tasks import EVAL_TASKS, get_task

CATEGORIES = ["N/A", "Irrelevant", "Somewhat Relevant", "Relevant"]
UNSET = ["Select", "Irrelevant", "Somewhat Relevant", "Relevant"]

# (title, abstract) of invented trials.
HEAT_BACK = ("Heat wraps for acute low back pain", "Heat wraps reduced low back pain at day five. Heat was safe.")
ICE_ANKLE = ("Ice massage after ankle sprain", "Ice massage did not speed recovery after an ankle sprain.")
BACK_EXERCISE = ("Exercise for chronic back pain", "Supervised exercise reduced back pain over twelve weeks.")
SLEEP = ("Light therapy for shift workers", "Bright light improved alertness in night shift workers.")
OZEMPIC = ("Semaglutide and weight", "Once-weekly semaglutide lowered body weight in adults with obesity.")
STATIN = ("Statins and muscle symptoms", "Muscle symptoms were as common on placebo as on a statin.")


def record(post_id, claim, text, abstracts, overall, categories=CATEGORIES):
    """A record in the fact-check layout: ``overall`` holds each abstract's chosen category index."""
    fields = {"index": 0, "post_id": post_id, "claim": claim, "text": text, "post": text.split("\n", 1)[-1]}
    for number, (title, abstract) in enumerate(abstracts, start=1):
        fields[f"t{number}"], fields[f"a{number}_doc"], fields[f"p{number}"] = title, abstract, "punchline"
    fields["stage2_labels"] = "[]"
    fields["tab_annos"] = [
        {"rel_anno": [{"label": "Population", "anno": 3, "cats": categories}, {"label": "Overall", "anno": chosen,
         "cats": categories}]}
        for chosen in overall
    ]  # fmt: skip
    return fields


HEAT_CLAIM = (
    "h1",
    "heat wraps fixed my back pain",
    "Heat for back pain?\nMy back hurt. Heat wraps fixed my back pain.",
)
SEMA_CLAIM = ("s1", "ozempic made me lose weight", "Ozempic\nOzempic made me lose weight fast.")
HEAT_LIST = [SLEEP, ICE_ANKLE, BACK_EXERCISE, HEAT_BACK]  # the source lists the best abstract last
SEMA_LIST = [STATIN, OZEMPIC, SLEEP]


@pytest.fixture
def factcheck_dir(tmp_path: Path) -> Path:
    """Two annotators' files over two claims; one N/A, one unset (Select) and one abstract nobody judged."""
    first = [
        record(*HEAT_CLAIM, HEAT_LIST, [1, 1, 2, 3]),
        record(*SEMA_CLAIM, SEMA_LIST, [1, 3, 0]),
    ]
    second = [
        record(*HEAT_CLAIM, HEAT_LIST, [1, 0, 3, 3]),
        record(*SEMA_CLAIM, SEMA_LIST, [1, 2, 0], categories=UNSET),
    ]
    for annotator, records in (("anno1", first), ("anno2", second)):
        (tmp_path / "annotation_data" / annotator).mkdir(parents=True)
        (tmp_path / "annotation_data" / annotator / f"{annotator[-1]}_split1.json").write_text(json.dumps(records))
    return tmp_path


@pytest.fixture
def with_retrieval_test(factcheck_dir: Path) -> Path:
    """Two strategies' judged results for one claim, and the authors' summary table for one of them."""
    folder = factcheck_dir / "retrieval_test" / "relevance_anno"
    folder.mkdir(parents=True)
    good = [record(*HEAT_CLAIM, [HEAT_BACK, BACK_EXERCISE], [3, 2], categories=UNSET)]
    poor = [record(*HEAT_CLAIM, [SLEEP, HEAT_BACK], [1, 3], categories=UNSET)]
    (folder / "good_strategy_anno.json").write_text(json.dumps(good))
    (folder / "poor_strategy_anno.json").write_text(json.dumps(poor))
    with (folder / "summary_table_per_strategy_and_claim.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, ["index", "Overall", "strat"])
        writer.writeheader()
        writer.writerow({"index": 0, "Overall": 2.5, "strat": "Ann_good_strategy annotations.json"})
    return factcheck_dir


def keyword_predictor(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    """A stand-in for the mention matcher: a few words, labelled ``<label>|<concept id>`` as the task expects."""
    concepts = {"heat": "treatment|heat_therapy", "ozempic": "drug|drug:test-semaglutide",
                "semaglutide": "drug|drug:test-semaglutide"}  # fmt: skip
    for text in texts:
        lowered = text.lower()
        yield [
            (lowered.index(word), lowered.index(word) + len(word), label)
            for word, label in concepts.items()
            if word in lowered
        ]


def silent_predictor(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    for _ in texts:
        yield []


# Metrics


def test_evidence_dcg_and_ndcg_match_hand_computed_values():
    assert dcg([2, 0, 1], 3) == pytest.approx(2 + 0 + 1 / 2)  # log2(2) = 1, log2(4) = 2
    ideal = 2 + 1 / math.log2(3)
    assert ndcg([2, 0, 1], [1, 0, 2], 3) == pytest.approx(2.5 / ideal)
    assert ndcg([0, 0, 2], [2, 0, 0], 2) == 0.0
    assert ndcg([1.5, 0.5], [0.5, 1.5], 5) == 1.0
    assert ndcg([0, 0], [0, 0], 5) is None


def test_evidence_expected_random_ndcg_is_the_mean_over_all_orders():
    gains = [2.0, 1.0, 0.5, 0.0]
    orders = list(itertools.permutations(gains))
    brute = sum(ndcg(list(o), gains, 2) for o in orders) / len(orders)
    assert expected_random_ndcg(gains, 2) == pytest.approx(brute)
    assert expected_random_ndcg([0.0, 0.0], 5) is None
    assert expected_random_ndcg([1.0, 1.0, 1.0], 2) == pytest.approx(1.0)


def test_evidence_recall_counts_relevant_found_in_the_first_k():
    assert recall(["a", "b", "c"], {"a", "c", "z"}, 2) == pytest.approx(1 / 3)
    assert recall(["a"], set(), 10) is None


def test_evidence_spread_gives_mean_median_extremes_and_a_fixed_interval():
    summary = spread([0.2, 0.4, 0.9, 0.5])
    assert (summary.mean, summary.median, summary.minimum, summary.maximum, summary.n) == pytest.approx(
        (0.5, 0.45, 0.2, 0.9, 4)
    )
    assert summary.ci95[0] <= summary.mean <= summary.ci95[1]
    assert spread([0.2, 0.4, 0.9, 0.5]) == summary  # seeded: a rerun gives the same interval
    assert spread([0.7]).ci95 == (0.7, 0.7)
    with pytest.raises(ValueError):
        spread([])


# The folder


def test_evidence_loader_merges_annotators_and_averages_gains(factcheck_dir: Path):
    heat, sema = load_annotated_claims(factcheck_dir)
    assert (heat.id, heat.claim, heat.title) == ("h1", HEAT_CLAIM[1], "Heat for back pain?")
    assert heat.post == "My back hurt. Heat wraps fixed my back pain."
    assert [j.abstract.title for j in heat.abstracts] == [t for t, _ in HEAT_LIST]
    assert [j.position for j in heat.abstracts] == [1, 2, 3, 4]
    # Irrelevant twice; Irrelevant + N/A; Somewhat + Relevant; Relevant twice.
    assert [j.gain for j in heat.abstracts] == [0.0, 0.0, 1.5, 2.0]
    assert [j.judgements for j in heat.abstracts] == [2, 1, 2, 2]
    # The third abstract: N/A from one annotator, unset (Select) from the other: no judgement.
    assert [j.gain for j in sema.abstracts] == [0.0, 1.5, None]
    assert heat.abstracts[3].abstract.pmid.startswith("sha1:")


@pytest.mark.parametrize(
    ("text", "parts"),
    [("Title\nBody line.\nMore.", ("Title", "Body line.\nMore.")), ("One line only\n", ("", "One line only"))],
)
def test_evidence_split_title_takes_the_first_line_when_a_body_follows(text, parts):
    assert split_title(text) == parts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": 1}', "expected a list of records"),
        ("[{", "not a readable JSON file"),
        ('[{"claim": "c", "text": "t"}]', "record 1: not a fact-check record (no field 't1')"),
        ("[]", "hold no records"),
    ],
)
def test_evidence_malformed_folder_is_one_data_error(tmp_path: Path, content: str, message: str):
    (tmp_path / "annotation_data" / "anno1").mkdir(parents=True)
    (tmp_path / "annotation_data" / "anno1" / "1_split1.json").write_text(content)
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_annotated_claims(tmp_path)


def test_evidence_bad_relevance_index_is_a_data_error(tmp_path: Path):
    bad = record(*HEAT_CLAIM, [SLEEP], [7])
    (tmp_path / "annotation_data" / "anno1").mkdir(parents=True)
    (tmp_path / "annotation_data" / "anno1" / "1_split1.json").write_text(json.dumps([bad]))
    with pytest.raises(DataError, match="not an index"):
        load_annotated_claims(tmp_path)


def test_evidence_missing_folder_names_the_layout(tmp_path: Path):
    with pytest.raises(DataError, match="redhot_factcheck layout"):
        get_task("evidence").run(tmp_path / "absent", silent_predictor)
    assert load_strategy_runs(tmp_path) is None


# The task


def test_evidence_task_reranks_better_than_the_source_order(factcheck_dir: Path):
    result = get_task("evidence").run(factcheck_dir, keyword_predictor).to_dict()
    assert json.loads(json.dumps(result)) == result
    assert (result["task"], result["documents"], result["scores"]) == ("evidence", 2, {})
    assert result["predicted"] > 0
    rerank = result["reranking"]
    assert rerank["per_claim"]["h1"]["ranker"] == 1.0
    assert rerank["per_claim"]["h1"]["source_order"] == round(ndcg([0, 0, 1.5, 2], [0, 0, 1.5, 2], 5), 3)
    assert rerank["per_claim"]["h1"]["random_expected"] == pytest.approx(
        expected_random_ndcg([0, 0, 1.5, 2], 5), abs=1e-3
    )
    assert rerank["ranker"]["mean"] > rerank["source_order"]["mean"]
    pooled = result["pooled"]
    assert (pooled["pool"], pooled["duplicates_merged"]) == (6, 1)  # SLEEP is listed under both claims
    assert pooled["per_claim"]["h1"] == {"ndcg@10": 1.0, "recall@10": 1.0}
    assert result["retrieval_test"] == {"absent": "no retrieval_test/relevance_anno/*_anno.json in the folder"}
    assert result["summary"][0].startswith("re-ranking nDCG@5 over 2 claims")


def test_evidence_task_scores_the_retrieval_test_strategies_beside_ours(with_retrieval_test: Path):
    test = get_task("evidence").run(with_retrieval_test, keyword_predictor).to_dict()["retrieval_test"]
    assert (test["claims"], test["pool_sizes"]) == (1, [3])
    runs = test["runs"]
    assert set(runs) == {"good_strategy", "poor_strategy", "anecdata", "random_from_pool"}
    # Pool gains: HEAT_BACK 2, BACK_EXERCISE 1, SLEEP 0; mean gain over ten results, unjudged and absent as 0.
    assert runs["good_strategy"] == {"mean_gain@10": 0.3, "ndcg@10": 1.0, "reported_overall_1to3": 2.5}
    assert runs["poor_strategy"]["mean_gain@10"] == 0.2
    assert runs["poor_strategy"]["ndcg@10"] == round(ndcg([0, 2], [2, 1, 0], 10), 3)
    assert runs["anecdata"] == {"mean_gain@10": 0.3, "ndcg@10": 1.0}
    assert runs["random_from_pool"]["mean_gain@10"] == 0.3  # a pool of three: all of it, whatever the order


def test_evidence_summary_names_the_best_strategy_beside_ours(with_retrieval_test: Path):
    summary = get_task("evidence").run(with_retrieval_test, keyword_predictor).to_dict()["summary"]
    assert summary[2].startswith("retrieval test (1 claims, judged pools of 3-3)")
    assert "best strategy (good_strategy) 1.000 / 0.300" in summary[2]


def test_evidence_task_without_mentions_still_ranks_on_words(factcheck_dir: Path):
    result = get_task("evidence").run(factcheck_dir, silent_predictor).to_dict()
    assert result["predicted"] == 0
    assert result["reranking"]["per_claim"]["h1"]["ranker"] == 1.0


def test_evidence_cli_prints_the_summary_first(factcheck_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(EVAL_TASKS, "evidence", replace(get_task("evidence"), default_predictor=keyword_predictor))
    app = typer.Typer()
    app.command("evaluate")(evaluate_command)
    app.callback()(lambda: None)
    result = CliRunner(mix_stderr=False).invoke(app, ["evaluate", "evidence", "--data", str(factcheck_dir)])
    assert result.exit_code == 0, result.output
    assert "task evidence: 2 documents" in result.stdout
    assert result.stdout.index("summary") < result.stdout.index("reranking")
    assert "random order" in result.stdout and "source order" in result.stdout


# The shared corpus


@pytest.mark.corpus
def test_evidence_baselines_on_the_redhot_factcheck_folder(shared_dir: Path):
    result = get_task("evidence").run(shared_dir / "corpora" / "redhot_factcheck", silent_predictor).to_dict()
    rerank = result["reranking"]
    assert rerank["claims"] >= 15 and rerank["without_gain"] == 0
    assert rerank["random_expected"]["mean"] == pytest.approx(0.65, abs=0.01)
    assert rerank["source_order"]["mean"] == pytest.approx(0.67, abs=0.01)
    assert result["pooled"]["pool"] == 10 * rerank["claims"] - result["pooled"]["duplicates_merged"]
    assert len(result["retrieval_test"]["runs"]) == 8 + 2


@pytest.mark.corpus
@pytest.mark.slow
def test_evidence_ranker_meets_the_issue_9_target_on_redhot_factcheck(shared_dir: Path):
    result = get_task("evidence").run(shared_dir / "corpora" / "redhot_factcheck").to_dict()
    assert result["reranking"]["ranker"]["mean"] >= 0.80
    assert result["reranking"]["ranker_minus_source_order"]["ci95"][0] > 0
    assert result["pooled"]["recall@10"]["mean"] >= 0.9
