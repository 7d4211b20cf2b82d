"""The ``mentions`` task: CADEC types mapped to ours, drug classes set aside, and the issue's targets."""

import pytest

from anecdata.evaluate.tasks import get_task

TEXT = "Lipitor gave me muscle pain. Statins are awful."
ANN = "T1\tDrug 0 7\tLipitor\nT2\tADR 16 27\tmuscle pain\nT3\tFinding 29 36\tStatins\n"


@pytest.fixture()
def cadec_folder(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "original").mkdir()
    (tmp_path / "text" / "X.1.txt").write_text(TEXT)
    (tmp_path / "original" / "X.1.ann").write_text(ANN)
    return tmp_path


def test_mentions_task_maps_types_and_sets_drug_classes_aside(cadec_folder):
    def predictor(texts):
        yield [(0, 7, "drug"), (16, 27, "problem"), (29, 36, "drug_class")]

    result = get_task("mentions").run(cadec_folder, predictor)
    overlap = result.scores["overlap"].per_label
    assert overlap["drug"].f1 == 1.0 and overlap["problem"].recall == 0.5
    assert result.set_aside == {"drug_class": 1} and result.predicted == 2


@pytest.mark.corpus
def test_mentions_task_meets_the_cadec_targets(shared_dir):
    result = get_task("mentions").run(shared_dir / "corpora" / "cadec")
    overlap = result.scores["overlap"].per_label
    assert overlap["drug"].f1 >= 0.90
    assert overlap["problem"].f1 >= 0.65
