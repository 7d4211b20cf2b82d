"""The ``experiences`` task: what real posts say was tried, by whom, with what result (forum_experiences).

The gold (``forum_experiences/posts.jsonl``) lists per Reddit post the treatments named, who tried them (self,
other, none) and the outcome the writer reported, and the post's conditions. Texts come from
``../redhot/derived/st1_train_with_text.jsonl`` (title on the first line). Each post is read as a one-post thread
whose first line is its title, through the whole default pipeline and the thread logic, and scored on the
experience records a condition report would count. Scoring, as the project's issue fixes it:

- occurrences of a gold string are case-insensitive matches at word boundaries;
- predicted treatments are merged per post by concept, across persons; generic placeholders ("tried everything")
  are left out;
- a predicted concept matches a gold item when its name or a synonym equals the gold ``canonical``, or one of its
  mention spans overlaps an occurrence of the gold ``text`` or ``canonical``;
- recall: gold self/other items matched / all of them; precision: predicted concepts matching a self/other item /
  all predicted concepts (matching only a ``who: none`` item counts against it); duplicates: predicted concepts
  matching a gold item another concept of the post already matched;
- outcomes: over matched pairs whose gold outcome is known, the outcome of the person the gold ``who`` names;
  accuracy, a confusion table and macro-F1 over improved / no_change / worse;
- conditions: a predicted condition matches a gold name when its name or a synonym equals it, or its mention
  overlaps an occurrence of it;
- 95% intervals by bootstrap over posts (1,000 resamples, seed 13).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument
from anecdata.evaluate.tasks import EvalTask, RecordEvalResult, ratio, register_task_object

POSTS_FILE = "posts.jsonl"
TEXTS_FILE = Path("..") / "redhot" / "derived" / "st1_train_with_text.jsonl"
WHO = ("self", "other", "none")
TRIED = frozenset({"self", "other"})
OUTCOMES = ("improved", "no_change", "worse", "mixed", "unknown")
SCORED_OUTCOMES = ("improved", "no_change", "worse")
"""The outcomes macro-F1 averages over (the issue's target); mixed and unknown still count for accuracy."""
RESAMPLES = 1000
SEED = 13


@dataclass(frozen=True, slots=True)
class GoldTreatment:
    """One gold treatment of a post: first mention, generic name, who tried it, what the writer reported."""

    text: str
    canonical: str
    who: str
    outcome: str


@dataclass(frozen=True, slots=True)
class GoldPost:
    """A post's text and its gold treatments and conditions."""

    id: str
    text: str
    treatments: tuple[GoldTreatment, ...]
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PredictedConcept:
    """One concept the reading found in a post, merged across persons.

    ``names`` are its preferred name and its vocabulary synonyms (lower case); ``spans`` its mention intervals;
    ``outcomes`` the combined outcome per kind of person (``self`` for the writer, ``other`` for anyone they speak
    of).
    """

    key: str
    names: frozenset[str]
    spans: tuple[tuple[int, int], ...]
    outcomes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PostPrediction:
    """What the reading of one post gives the scorer: tried treatments and conditions, by concept."""

    treatments: tuple[PredictedConcept, ...] = ()
    conditions: tuple[PredictedConcept, ...] = ()


ExperiencePredictor = Callable[[Sequence[str]], Iterable[PostPrediction]]


def load_forum_experiences(data_dir: Path) -> list[GoldPost]:
    """The gold posts of ``data_dir/posts.jsonl`` joined with their RedHOT texts.

    Raises:
        DataError: a file is missing, a line is not a gold record, or a post's text is not found.
    """
    path, texts_path = data_dir / POSTS_FILE, data_dir / TEXTS_FILE
    for needed in (path, texts_path):
        if not needed.is_file():
            raise DataError(
                f"no {needed.name} at {needed}: pass --data DIR with {POSTS_FILE} inside and the RedHOT texts at "
                f"DIR/{TEXTS_FILE}"
            )
    texts = {}
    for _, record in _json_lines(texts_path):
        if isinstance(record.get("post_id"), str) and isinstance(record.get("text"), str):
            texts[record["post_id"]] = record["text"]
    posts = []
    for number, record in _json_lines(path):
        where = f"{path}:{number}"
        post_id = record.get("post_id")
        if post_id not in texts:
            raise DataError(f"{where}: post {post_id!r} has no text in {texts_path}")
        try:
            treatments = tuple(
                GoldTreatment(t["text"], t["canonical"], t["who"], t["outcome"]) for t in record["treatments"]
            )
            conditions = tuple(str(c) for c in record["conditions"])
        except (KeyError, TypeError) as e:
            raise DataError(f"{where}: not a forum_experiences record ({e!r})") from None
        bad = [t for t in treatments if t.who not in WHO or t.outcome not in OUTCOMES]
        if bad:
            raise DataError(f"{where}: who must be one of {WHO} and outcome one of {OUTCOMES}, got {bad[0]}")
        posts.append(GoldPost(post_id, texts[post_id], treatments, conditions))
    return posts


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{number}: not valid JSON ({e.msg})") from None
            if not isinstance(record, dict):
                raise DataError(f"{path}:{number}: expected a JSON object")
            yield number, record


def experiences_predictor(outcome_model: Path | None = None) -> Callable[[Sequence[str]], Iterator[PostPrediction]]:
    """A predictor reading each text as a one-post thread (first line the title) and gathering its records by
    concept; ``outcome_model``: one written by ``anecdata train outcomes``, read with the cue rules (None: the
    shipped reader)."""

    def predict(texts: Sequence[str]) -> Iterator[PostPrediction]:
        from anecdata.read.pipeline import annotate_thread, build_pipeline
        from anecdata.thread import add_thread_logic

        nlp = build_pipeline(config={"anecdata_outcomes": {"model": str(outcome_model)}}) if outcome_model else None
        for number, text in enumerate(texts):
            thread = add_thread_logic(annotate_thread(one_post_thread(f"post-{number}", text), nlp))
            yield post_prediction(thread)

    return predict


predict_experiences = experiences_predictor()
"""The shipped reader's predictor."""


def one_post_thread(thread_id: str, text: str) -> Any:
    """A thread of one Reddit post whose first line is its title, with the title's extent in the post context."""
    from anecdata.model import Post, PostContext, TextExtent, Thread

    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end
    context = PostContext(title=TextExtent(0, title_end))
    post = Post(id=f"{thread_id}-0", thread_id=thread_id, position=0, text=text, context=context)
    return Thread(id=thread_id, source="reddit", posts=(post,), title=text[:title_end])


def post_prediction(thread: Any) -> PostPrediction:
    """A read thread's tried treatments and conditions, merged by concept across persons."""
    mentions = {a.id: a for p in thread.posts for a in p.layer("mention")}
    treatments: dict[str, _Gathering] = {}
    conditions: dict[str, _Gathering] = {}
    for experience in thread.experiences:
        kind = "self" if experience.experiencer == "self" else "other"
        for tried in experience.treatments:
            judged = [mentions[i] for i in tried.annotation_ids if i in mentions]
            if any(m.attrs.get("generic") for m in judged):
                continue
            gathering = treatments.setdefault(_key(judged, tried.name), _Gathering(tried.name))
            gathering.add(judged)
            gathering.outcomes.setdefault(kind, []).append(tried.outcome)
        for reported in experience.conditions:
            named = [mentions[i] for i in reported.annotation_ids if i in mentions]
            conditions.setdefault(_key(named, reported.name), _Gathering(reported.name)).add(named)
    return PostPrediction(
        tuple(g.concept(key) for key, g in treatments.items()),
        tuple(g.concept(key) for key, g in conditions.items()),
    )


@dataclass
class _Gathering:
    name: str
    mentions: list[Any] = field(default_factory=list)
    outcomes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, mentions: list[Any]) -> None:
        self.mentions += mentions

    def concept(self, key: str) -> PredictedConcept:
        from anecdata.thread import combine_outcomes
        from anecdata.vocab.compiled import concept_phrases

        names = {self.name.lower()}
        for m in self.mentions:
            names |= concept_phrases(m.attrs.get("concept_id", ""))
        spans = tuple(sorted({(m.start, m.end) for m in self.mentions}))
        outcomes = {kind: combine_outcomes(labels) for kind, labels in self.outcomes.items()}
        return PredictedConcept(key, frozenset(names), spans, outcomes)


def _key(mentions: list[Any], name: str) -> str:
    ids = [m.attrs["concept_id"] for m in mentions if m.attrs.get("concept_id")]
    return ids[0] if ids else name.lower()


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Case-insensitive occurrences of ``phrase`` in ``text`` at word boundaries."""
    if not phrase.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _overlaps(spans: Iterable[tuple[int, int]], others: Iterable[tuple[int, int]]) -> bool:
    others = list(others)
    return any(s < oe and os < e for s, e in spans for os, oe in others)


def _matches(concept: PredictedConcept, text: str, names: Iterable[str]) -> bool:
    names = [n for n in names if n]
    if any(n.lower() in concept.names for n in names):
        return True
    return _overlaps(concept.spans, (o for n in names for o in occurrences(text, n)))


@dataclass
class PostScore:
    """One post's counts; the task sums them, and the bootstrap resamples posts."""

    gold_tried: int = 0
    matched_tried: int = 0
    predicted: int = 0
    precise: int = 0
    duplicates: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)
    """(gold outcome, predicted outcome) for matched items whose gold outcome is known."""
    gold_conditions: int = 0
    matched_conditions: int = 0
    predicted_conditions: int = 0
    precise_conditions: int = 0
    misses: list[str] = field(default_factory=list)
    """Readable notes on what went wrong, for error analysis (``--json`` shows them)."""


def score_post(gold: GoldPost, predicted: PostPrediction) -> PostScore:
    """Match one post's predicted concepts to its gold items (see the module doc)."""
    score = PostScore(predicted=len(predicted.treatments))
    matched_by: dict[int, str] = {}
    for concept in predicted.treatments:
        hits = [
            i
            for i, g in enumerate(gold.treatments)
            if _matches(concept, gold.text, (g.canonical,))
            or _overlaps(concept.spans, (o for n in (g.text, g.canonical) for o in occurrences(gold.text, n)))
        ]
        if any(gold.treatments[i].who in TRIED for i in hits):
            score.precise += 1
        else:
            score.misses.append(f"extra: {sorted(concept.names)[0]!r} ({concept.key})")
        if any(i in matched_by for i in hits):
            score.duplicates += 1
            first = next(matched_by[i] for i in hits if i in matched_by)
            score.misses.append(f"duplicate: {concept.key} beside {first}")
        for i in hits:
            matched_by.setdefault(i, concept.key)
            g = gold.treatments[i]
            if g.who in TRIED and g.outcome != "unknown" and matched_by[i] == concept.key:
                found = concept.outcomes.get(g.who, "unknown")
                score.pairs.append((g.outcome, found))
                if found != g.outcome:
                    score.misses.append(f"outcome: {g.text!r} gold {g.outcome}, read {found}")
    for i, g in enumerate(gold.treatments):
        if g.who in TRIED:
            score.gold_tried += 1
            score.matched_tried += i in matched_by
            if i not in matched_by:
                score.misses.append(f"missed: {g.text!r} ({g.canonical}, {g.who})")
    score.gold_conditions = len(gold.conditions)
    score.matched_conditions = sum(
        any(_matches(c, gold.text, (name,)) for c in predicted.conditions) for name in gold.conditions
    )
    score.predicted_conditions = len(predicted.conditions)
    score.precise_conditions = sum(
        any(_matches(c, gold.text, (name,)) for name in gold.conditions) for c in predicted.conditions
    )
    return score


def _sums(scores: Sequence[PostScore]) -> dict[str, float]:
    total = Counter()
    for s in scores:
        for name in ("gold_tried", "matched_tried", "predicted", "precise", "duplicates"):
            total[name] += getattr(s, name)
        total["pairs"] += len(s.pairs)
        total["right"] += sum(g == p for g, p in s.pairs)
    return {
        "recall": ratio(total["matched_tried"], total["gold_tried"]),
        "precision": ratio(total["precise"], total["predicted"]),
        "accuracy": ratio(total["right"], total["pairs"]),
    }


def bootstrap(scores: Sequence[PostScore], resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, list[float]]:
    """95% percentile intervals of recall, precision and outcome accuracy, resampling posts with replacement."""
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {"recall": [], "precision": [], "accuracy": []}
    for _ in range(resamples):
        sample = [scores[rng.randrange(len(scores))] for _ in scores]
        for name, value in _sums(sample).items():
            draws[name].append(value)
    interval = {}
    for name, values in draws.items():
        values.sort()
        interval[name] = [values[int(0.025 * (resamples - 1))], values[int(0.975 * (resamples - 1))]]
    return interval


def outcome_scores(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, a gold → predicted confusion table, and macro-F1 over improved / no_change / worse."""
    confusion = {g: dict.fromkeys(OUTCOMES, 0) for g in OUTCOMES if g != "unknown"}
    for gold, found in pairs:
        confusion[gold][found] += 1
    f1s = []
    for label in SCORED_OUTCOMES:
        tp = confusion[label][label]
        predicted = sum(row[label] for row in confusion.values())
        support = sum(confusion[label].values())
        p, r = ratio(tp, predicted), ratio(tp, support)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return {
        "accuracy": ratio(sum(g == f for g, f in pairs), len(pairs)),
        "macro_f1": sum(f1s) / len(f1s),
        "confusion": confusion,
        "pairs": len(pairs),
    }


@dataclass(frozen=True, slots=True)
class ExperiencesTask(EvalTask):
    """End-to-end scoring of experience records against forum_experiences (see the module doc)."""

    load_posts: Callable[[Path], list[GoldPost]] = load_forum_experiences

    def run(self, data_dir: Path, predictor: Any = None) -> RecordEvalResult:
        """Read every gold post, score its records, and total the scores with bootstrap intervals."""
        started = time.perf_counter()
        posts = self.load_posts(data_dir)
        if not posts:
            raise DataError(f"no gold posts for task {self.name!r} in {data_dir}")
        readings = iter((predictor or self.default_predictor)([p.text for p in posts]))
        scores = [score_post(post, next(readings)) for post in posts]
        totals = Counter()
        for s in scores:
            for name, value in vars(s).items():
                if isinstance(value, int):
                    totals[name] += value
        sums = _sums(scores)
        interval = bootstrap(scores)
        details = {
            "treatments": {
                "recall": sums["recall"],
                "precision": sums["precision"],
                "duplicates": totals["duplicates"],
                "gold": totals["gold_tried"],
                "predicted": totals["predicted"],
                "ci": {"recall": interval["recall"], "precision": interval["precision"]},
            },
            "outcomes": {
                **outcome_scores([pair for s in scores for pair in s.pairs]),
                "ci": {"accuracy": interval["accuracy"]},
            },
            "conditions": {
                "recall": ratio(totals["matched_conditions"], totals["gold_conditions"]),
                "precision": ratio(totals["precise_conditions"], totals["predicted_conditions"]),
                "gold": totals["gold_conditions"],
                "predicted": totals["predicted_conditions"],
            },
        }
        return RecordEvalResult(
            task=self.name,
            data=data_dir,
            documents=len(posts),
            labels=self.labels,
            scores={},
            predicted=totals["predicted"],
            seconds=time.perf_counter() - started,
            details=details,
            misses={post.id: s.misses for post, s in zip(posts, scores, strict=True) if s.misses},
        )


def _gold_documents(data_dir: Path) -> list[GoldDocument]:
    return [GoldDocument(p.id, p.text, ()) for p in load_forum_experiences(data_dir)]


register_task_object(
    ExperiencesTask(
        name="experiences",
        description="treatments tried, by whom, with the outcome the writer reported, in real Reddit posts",
        default_subdir="forum_experiences",
        labels=("treatment", "outcome", "condition"),
        load_gold=_gold_documents,
        default_predictor=predict_experiences,
        model_predictor=experiences_predictor,
    )
)
