"""Train the claim-type model (``read/statements/claim_types.py``) on a corpus folder: ``anecdata train claim_types``.

Multinomial logistic regression (scikit-learn) over the model's features, on the typed claims of the train and dev
splits; the regularisation is the one with the best macro-F1 over five cross-validation folds of those claims
(stratified by type, fixed seed), then the model is refitted on all of them (the test split stays unseen for
``anecdata evaluate claim_types``). Types are weighted against their frequency: efficacy and other claims
outnumber diagnostic ones five to one.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from anecdata.evaluate.claim_types import typed_claims
from anecdata.read.statements.claim_types import CLAIM_TYPES, ClaimTypeModel, claim_features

MIN_CLAIMS = 2
"""A feature seen in fewer training claims is left out: it is one writer's wording, and it would only grow the file."""
STRENGTHS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0)
"""Inverse regularisation strengths tried (scikit-learn's ``C``)."""
FOLDS = 5
SEED = 15


@dataclass(frozen=True, slots=True)
class ClaimTypeTrainReport:
    """Where the model went, what it was trained on, the strength chosen and the cross-validated macro-F1 of each
    (``dev_macro_f1``: each claim of train and dev typed by a model fitted on the other folds)."""

    model: Path
    claims: int
    strength: float
    dev_macro_f1: dict[float, float]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": str(self.model),
            "claims": self.claims,
            "strength": self.strength,
            "dev_macro_f1": self.dev_macro_f1,
            "seconds": round(self.seconds, 3),
        }


def train_claim_types(data_dir: Path, out: Path) -> ClaimTypeTrainReport:
    """Fit on ``data_dir``'s train and dev splits (strength by cross-validation on them), write the model to ``out``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    started = time.perf_counter()
    claims = typed_claims(data_dir, "train") + typed_claims(data_dir, "dev")
    rows = [claim_features(d.text) for d in claims]
    seen = Counter(name for row in rows for name in row)
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([{n: v for n, v in row.items() if seen[n] >= MIN_CLAIMS} for row in rows])
    y = [d.spans[0].label for d in claims]

    def classifier_for(strength: float) -> Any:
        return LogisticRegression(C=strength, max_iter=5000, class_weight="balanced")

    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    scores = {
        c: round(float(f1_score(y, cross_val_predict(classifier_for(c), x, y, cv=folds), average="macro")), 4)
        for c in STRENGTHS
    }
    strength = max(STRENGTHS, key=lambda c: (scores[c], -c))
    classifier = classifier_for(strength).fit(x, y)
    order = [list(classifier.classes_).index(t) for t in CLAIM_TYPES]
    names = vectoriser.get_feature_names_out()
    model = ClaimTypeModel(
        {str(n): i for i, n in enumerate(names)},
        np.asarray(classifier.coef_[order].T, dtype=np.float64),
        np.asarray(classifier.intercept_[order], dtype=np.float64),
        {
            "trained_on": f"{len(claims)} typed claims of the train and dev splits of {data_dir.name} (the "
            "project's corpus)",
            "strength": strength,
            "cv_macro_f1": scores[strength],
        },
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    return ClaimTypeTrainReport(out, len(claims), strength, scores, time.perf_counter() - started)
