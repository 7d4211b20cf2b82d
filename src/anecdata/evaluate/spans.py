"""Span scoring: one-to-one matching of predicted to gold spans, then per-label and macro scores (0-1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from anecdata.errors import ConfigError

Span = tuple[str, int, int, str]
"""``(doc_id, start, end, label)``: half-open character offsets into one document's text."""

Mode = Literal["overlap", "strict"]
MODES: tuple[Mode, ...] = ("overlap", "strict")


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Counts and scores for one label (or for all labels pooled, as micro totals)."""

    matched: int
    support: int
    predicted: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
            "predicted": self.predicted,
            "matched": self.matched,
        }


@dataclass(frozen=True, slots=True)
class ModeScores:
    """Scores under one matching mode: per label, macro-F1 over the scored labels, and micro totals."""

    per_label: Mapping[str, LabelScore]
    micro: LabelScore

    @property
    def macro_f1(self) -> float:
        """Mean F1 over labels that have gold or predicted spans; 0.0 when no label has either.

        A label with neither says nothing about the reader, and counting it as 0 (or 1) would move the mean
        by the choice of corpus, not by the quality of the predictions.
        """
        scored = [s.f1 for s in self.per_label.values() if s.support or s.predicted]
        return sum(scored) / len(scored) if scored else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "per_label": {label: score.to_dict() for label, score in self.per_label.items()},
            "macro_f1": self.macro_f1,
            "micro": self.micro.to_dict(),
        }


def _overlapping_pairs(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """``(overlap size, gold index, predicted index)`` for every pair sharing at least one character.

    A sweep over start offsets: each interval meets only the still-open intervals of the other side, so
    the work grows with the pairs that overlap, not with all pairs. Empty intervals share no character.
    """
    events = sorted(
        [(s, e, 0, i) for i, (s, e) in enumerate(gold) if s < e]
        + [(s, e, 1, i) for i, (s, e) in enumerate(predicted) if s < e]
    )
    open_intervals: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])  # (end, index) per side
    pairs = []
    for start, end, side, index in events:
        for still_open in open_intervals:
            still_open[:] = [(e, i) for e, i in still_open if e > start]
        for other_end, other_index in open_intervals[1 - side]:
            # The other interval started no later than this one and ends after its start: they overlap.
            gold_index, predicted_index = (index, other_index) if side == 0 else (other_index, index)
            pairs.append((min(end, other_end) - start, gold_index, predicted_index))
        open_intervals[side].append((end, index))
    return pairs


def _match_group(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], mode: Mode
) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, predicted index)`` matches between spans of one document and one label."""
    if mode == "strict":
        unmatched_gold: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, interval in enumerate(gold):
            unmatched_gold[interval].append(i)
        return [(unmatched_gold[p].pop(0), j) for j, p in enumerate(predicted) if unmatched_gold.get(p)]
    matches = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    # Greedy by overlap size, ties broken by position, so the largest overlaps pair first and reruns agree.
    for _, i, j in sorted(_overlapping_pairs(gold, predicted), key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            matches.append((i, j))
    return matches


def match_spans(gold: Iterable[Span], predicted: Iterable[Span], mode: Mode) -> list[tuple[Span, Span]]:
    """Pairs ``(gold, predicted)`` matched one-to-one within each document and label.

    ``overlap``: the spans share at least one character, and larger overlaps are matched first.
    ``strict``: the spans have identical boundaries.
    """
    if mode not in MODES:
        raise ConfigError(f"unknown matching mode {mode!r}: use one of {MODES}")
    groups: dict[tuple[str, str], tuple[list[Span], list[Span]]] = defaultdict(lambda: ([], []))
    for span in gold:
        groups[span[0], span[3]][0].append(span)
    for span in predicted:
        groups[span[0], span[3]][1].append(span)
    pairs = []
    for gold_spans, predicted_spans in groups.values():
        if gold_spans and predicted_spans:
            matches = _match_group([(s[1], s[2]) for s in gold_spans], [(s[1], s[2]) for s in predicted_spans], mode)
            pairs.extend((gold_spans[i], predicted_spans[j]) for i, j in matches)
    return pairs


def score_spans(gold: Iterable[Span], predicted: Iterable[Span], labels: Sequence[str], mode: Mode) -> ModeScores:
    """Precision, recall, F1 and support (the number of gold spans) per label, with macro-F1 and micro totals.

    Only ``labels`` are scored: gold or predicted spans with any other label are left out, so a corpus may
    carry labels a task does not score. Labels with no gold and no predicted spans are reported (all zero)
    but excluded from macro-F1 (see ``ModeScores.macro_f1``).
    """
    wanted = set(labels)
    gold = [s for s in gold if s[3] in wanted]
    predicted = [s for s in predicted if s[3] in wanted]
    support = Counter(s[3] for s in gold)
    emitted = Counter(s[3] for s in predicted)
    matched = Counter(g[3] for g, _ in match_spans(gold, predicted, mode))
    per_label = {label: LabelScore(matched[label], support[label], emitted[label]) for label in labels}
    micro = LabelScore(sum(matched.values()), len(gold), len(predicted))
    return ModeScores(per_label, micro)


def score_all_modes(gold: Iterable[Span], predicted: Iterable[Span], labels: Sequence[str]) -> dict[Mode, ModeScores]:
    """``score_spans`` under every matching mode, keyed by mode name."""
    gold, predicted = list(gold), list(predicted)
    return {mode: score_spans(gold, predicted, labels, mode) for mode in MODES}
