"""How many labels the shipped statement decoder puts on a sentence, and what one label per span would score.

Run: ``.venv/bin/python bench/statements_one_label.py [--data DIR]`` (about half a minute). Writes scores and counts
only (no corpus text) to ``bench/results/statements_one_label.json``, for RedHOT (``--data``, default
``../shared/corpora/redhot``) and the project corpus's dev split (``data/corpus``):

- ``labels_per_sentence``: how often the shipped decoder (hysteresis per label, the question rules, questions win)
  gives a sentence none, one, two or three labels;
- ``shipped``: its span-overlap scores, as ``anecdata evaluate statements`` computes them (``merge_by_label``);
- ``every_sentence_all_narrative``: a floor that reads nothing: the shipped question decisions, and every other
  sentence claim, per_exp and claim_per_exp at once;
- ``one_label_logit_margin``: the shipped decisions, then each sentence with several labels keeps one: question if
  it asks, else the label whose probability is furthest above its own ``high`` threshold (in log-odds);
- ``one_label_viterbi_lambda_1``: one label per sentence from a Viterbi pass per post (states none, claim, per_exp,
  claim_per_exp; emission: log-odds over the label's ``high`` threshold; a label change costs 1) between the
  shipped question decisions.

Issue 15 asks for one label per statement span; the shipped decoder reaches its RedHOT score largely through
spans that carry two or three labels, which overlap matching rewards (``every_sentence_all_narrative`` shows how
far labelling everything alone goes). The sentences are read by the same code as training
(``anecdata.train.statements.read_posts``); posts are scored as in ``label_f1``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from anecdata.evaluate.formats import load_redhot_jsonl
from anecdata.evaluate.spans import score_spans
from anecdata.evaluate.statements import REDHOT_STATEMENTS_FILE, merge_by_label
from anecdata.read.statements.model import StatementModel, load_model, questions_win
from anecdata.read.statements.rules import asks_without_question_mark
from anecdata.settings import REPO_ROOT
from anecdata.train.corpus import corpus_documents
from anecdata.train.statements import LABELS, LAYER, Post, read_posts

RESULTS = Path(__file__).parent / "results" / "statements_one_label.json"
NARRATIVE = ("claim", "per_exp", "claim_per_exp")
Decoder = Callable[[StatementModel, Post, np.ndarray], list[list[str]]]


def shipped(model: StatementModel, post: Post, p: np.ndarray) -> list[list[str]]:
    """The component's decisions: hysteresis per label, questions without "?" by rule, questions win."""
    decoded = model.decode(p)
    for i, (start, end) in enumerate(post.extents):
        if "question" not in decoded[i] and asks_without_question_mark(post.text[start:end]):
            decoded[i] = [*decoded[i], "question"]
    return questions_win(decoded)


def _margin(model: StatementModel, p: np.ndarray, label: str) -> np.ndarray:
    column = np.clip(p[..., model.labels.index(label)], 1e-6, 1 - 1e-6)
    high = model.thresholds[label].high
    return np.log(column / (1 - column)) - np.log(high / (1 - high))


def all_narrative(model: StatementModel, post: Post, p: np.ndarray) -> list[list[str]]:
    return [["question"] if "question" in labels else list(NARRATIVE) for labels in shipped(model, post, p)]


def logit_margin(model: StatementModel, post: Post, p: np.ndarray) -> list[list[str]]:
    out = []
    for i, labels in enumerate(shipped(model, post, p)):
        if len(labels) > 1:
            labels = ["question"] if "question" in labels else [max(labels, key=lambda k: _margin(model, p[i], k))]
        out.append(labels)
    return out


def viterbi(model: StatementModel, post: Post, p: np.ndarray, change: float = 1.0) -> list[list[str]]:
    asks = ["question" in labels for labels in shipped(model, post, p)]
    emission = np.column_stack([np.zeros(len(p))] + [_margin(model, p, label) for label in NARRATIVE])
    cost = np.full((4, 4), -change)
    np.fill_diagonal(cost, 0.0)
    cost[0, 1:] = cost[1:, 0] = -change / 2
    out: list[list[str]] = [["question"] if a else [] for a in asks]
    i = 0
    while i < len(asks):
        j = i
        while j < len(asks) and not asks[j]:
            j += 1
        if j > i:
            score, back = emission[i].copy(), []
            for row in emission[i + 1 : j]:
                candidates = score[:, None] + cost
                back.append(candidates.argmax(0))
                score = candidates.max(0) + row
            state = int(score.argmax())
            path = [state]
            for pointers in reversed(back):
                state = int(pointers[state])
                path.append(state)
            for k, s in enumerate(reversed(path)):
                out[i + k] = [NARRATIVE[s - 1]] if s else []
        i = j + 1
    return out


def score(posts: Sequence[Post], labelled: Sequence[list[list[str]]]) -> dict[str, float]:
    gold, predicted = [], []
    for post, labels in zip(posts, labelled, strict=True):
        gold += [(post.id, s, e, g) for s, e, g in post.gold]
        on = [(s, e, label) for (s, e), found in zip(post.extents, labels, strict=True) for label in found]
        predicted += [(post.id, s, e, g) for s, e, g in merge_by_label(post.text, on)]
    scores = score_spans(gold, predicted, LABELS, "overlap")
    return {"macro_f1": round(scores.macro_f1, 4)} | {k: round(scores.per_label[k].f1, 4) for k in LABELS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "corpora" / "redhot")
    args = parser.parse_args()
    model = load_model("builtin")
    sets = {
        "redhot": read_posts(load_redhot_jsonl(args.data / REDHOT_STATEMENTS_FILE)),
        "corpus_dev": read_posts(corpus_documents(REPO_ROOT / "data" / "corpus", "dev", LAYER)),
    }
    decoders: dict[str, Decoder] = {
        "shipped": shipped,
        "every_sentence_all_narrative": all_narrative,
        "one_label_logit_margin": logit_margin,
        "one_label_viterbi_lambda_1": viterbi,
    }
    result: dict[str, object] = {}
    for name, posts in sets.items():
        pairs = [(p, model.probabilities(p.rows)) for p in posts]
        counts = Counter(len(labels) for p, q in pairs for labels in shipped(model, p, q))
        entry: dict[str, object] = {"posts": len(posts), "labels_per_sentence": dict(sorted(counts.items()))}
        for decoder_name, decoder in decoders.items():
            entry[decoder_name] = score(posts, [decoder(model, p, q) for p, q in pairs])
        result[name] = entry
        print(name, json.dumps(entry))
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
