"""Ranking metrics: graded nDCG, its exact expectation under a random order, recall, and a bootstrap interval.

DCG uses linear gains and the log2 discount of Järvelin & Kekäläinen (2002), as scikit-learn's ``ndcg_score``:
``DCG@k = Σ_{i=1..k} gain_i / log2(i + 1)``. nDCG@k divides by the DCG@k of the best order of the judged gains;
a list whose judged gains are all zero has no nDCG (None), and callers report how many they left out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

BOOTSTRAP_SAMPLES = 10_000
BOOTSTRAP_SEED = 9
"""Fixed so that a rerun prints the same interval (the issue number, not a tuned value)."""


def dcg(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain of the first ``k`` gains, in the order given."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg(ranked: Sequence[float], judged: Sequence[float], k: int) -> float | None:
    """nDCG@k of ``ranked`` (the gains in the ranker's order, unjudged as 0) against the ideal order of ``judged``.

    None when every judged gain is zero: no order is better than another.
    """
    ideal = dcg(sorted(judged, reverse=True), k)
    return None if ideal == 0 else dcg(ranked, k) / ideal


def expected_random_ndcg(gains: Sequence[float], k: int) -> float | None:
    """The exact mean nDCG@k over all orders of ``gains``: each position holds the mean gain in expectation."""
    ideal = dcg(sorted(gains, reverse=True), k)
    if ideal == 0:
        return None
    mean = sum(gains) / len(gains)
    return mean * sum(1 / math.log2(i + 2) for i in range(min(k, len(gains)))) / ideal


def recall(ranked_ids: Sequence[str], relevant: set[str], k: int) -> float | None:
    """The share of ``relevant`` found in the first ``k`` of ``ranked_ids``; None when nothing is relevant."""
    if not relevant:
        return None
    return len(relevant.intersection(ranked_ids[:k])) / len(relevant)


@dataclass(frozen=True, slots=True)
class Spread:
    """A per-claim score's mean over claims, its bootstrap 95% interval, and its spread."""

    mean: float
    ci95: tuple[float, float]
    minimum: float
    median: float
    maximum: float
    n: int

    def to_dict(self) -> dict[str, object]:
        """Rounded to three places, as reports show them."""
        return {
            "mean": round(self.mean, 3),
            "ci95": [round(self.ci95[0], 3), round(self.ci95[1], 3)],
            "min": round(self.minimum, 3),
            "median": round(self.median, 3),
            "max": round(self.maximum, 3),
            "n": self.n,
        }


def spread(values: Sequence[float], samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED) -> Spread:
    """Mean, percentile-bootstrap 95% interval (resampling claims), minimum, median and maximum of ``values``.

    Raises:
        ValueError: ``values`` is empty.
    """
    if not values:
        raise ValueError("no values to summarise")
    n = len(values)
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(samples))
    ordered = sorted(values)
    middle = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    low, high = means[int(0.025 * samples)], means[min(samples - 1, int(0.975 * samples))]
    return Spread(sum(values) / n, (low, high), ordered[0], middle, ordered[-1], n)
