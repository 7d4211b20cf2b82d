"""The ``pii_reddit`` task: what redaction hides in real Reddit health posts (the forum_experiences folder).

The gold (``forum_experiences/posts.jsonl``) lists per post its PII strings (``pii``: text, type, ``public``) and
up to about ten capitalised strings that are not personal information (``not_pii_capitalised``). Texts are loaded
as in the ``experiences`` task (``load_forum_experiences``) and each post is read as a one-post thread whose
first line is its title, through the whole default pipeline; the PII layer is scored. Scoring, as issue 16 fixes
it:

- occurrences of a gold string are case-sensitive exact matches, at word boundaries where the string begins or
  ends with a word character (so "Al" is not found inside "Also"); the gold lists strings in their exact case;
- only PII spans count, every label but ``date`` (a date is masked as a date, never as a name or place);
- precision: predicted spans overlapping an occurrence of one of the post's gold PII strings / all predicted spans;
- recall, per group of gold strings: ``private`` (person, location, handle, contact not marked public),
  ``public`` (public persons, ``organisation_of_person``) and ``url``. A string is found when every one of its
  occurrences is overlapped by a predicted span (one left bare is a leak); a string that never occurs in the text
  is not counted and is reported;
- false-alarm rate: occurrences of ``not_pii_capitalised`` strings that a predicted span overlaps / all such
  occurrences, leaving out occurrences inside a gold PII occurrence (a word of a clinic's name).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from anecdata.errors import DataError
from anecdata.evaluate.experiences import POSTS_FILE, load_forum_experiences, one_post_thread
from anecdata.evaluate.formats import GoldDocument
from anecdata.evaluate.pii import pipeline_with_tagger
from anecdata.evaluate.tasks import EvalTask, Predictor, RecordEvalResult, ratio, register_task_object

GROUPS = ("private", "public", "url")
PII_TYPES = frozenset({"person", "location", "handle", "contact", "url", "organisation_of_person"})
UNSCORED_LABELS = frozenset({"date"})
"""PII labels left out of precision and false alarms: a date is masked as a date, not as a name or a place."""


@dataclass(frozen=True, slots=True)
class GoldPii:
    """One gold PII string of a post: its exact text, its type, and whether it names a public figure."""

    text: str
    type: str
    public: bool = False

    @property
    def group(self) -> str:
        """``url``, ``public`` (public persons and organisations of persons) or ``private``."""
        if self.type == "url":
            return "url"
        return "public" if self.public or self.type == "organisation_of_person" else "private"


@dataclass(frozen=True, slots=True)
class PiiPost:
    """A post's text, its gold PII strings, and its capitalised strings that are not PII."""

    id: str
    text: str
    pii: tuple[GoldPii, ...]
    not_pii: tuple[str, ...]


def load_pii_posts(data_dir: Path) -> list[PiiPost]:
    """The gold posts of ``data_dir/posts.jsonl``, with their texts joined as the experiences task joins them.

    Raises:
        DataError: a file is missing, or a line has no ``pii`` / ``not_pii_capitalised`` lists of the schema.
    """
    texts = {post.id: post.text for post in load_forum_experiences(data_dir)}
    path = data_dir / POSTS_FILE
    posts = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
                pii = tuple(
                    GoldPii(str(p["text"]), str(p["type"]), bool(p.get("public", False))) for p in record["pii"]
                )
                not_pii = tuple(str(s) for s in record["not_pii_capitalised"])
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
                raise DataError(f"{where}: not a forum_experiences record with pii lists ({e!r})") from None
            if bad := [p for p in pii if p.type not in PII_TYPES]:
                raise DataError(f"{where}: pii type must be one of {sorted(PII_TYPES)}, got {bad[0].type!r}")
            posts.append(PiiPost(record["post_id"], texts[record["post_id"]], pii, not_pii))
    return posts


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Case-sensitive occurrences of ``phrase``, at word boundaries where it begins or ends with a word character."""
    if not phrase.strip():
        return []
    before = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    after = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return [(m.start(), m.end()) for m in re.finditer(before + re.escape(phrase) + after, text)]


def _overlapping(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


@dataclass
class PostPiiScore:
    """One post's counts; the task sums them."""

    predicted: int = 0
    precise: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    not_pii: int = 0
    false_alarms: int = 0
    misses: list[str] = field(default_factory=list)


def score_post(post: PiiPost, predicted: Sequence[tuple[int, int, str]]) -> PostPiiScore:
    """Score one post's predicted PII spans against its gold strings (see the module doc)."""
    spans = [(s, e, label) for s, e, label in predicted if label not in UNSCORED_LABELS]
    extents = [(s, e) for s, e, _ in spans]
    score = PostPiiScore(predicted=len(spans))
    gold_at = {p: occurrences(post.text, p.text) for p in post.pii}
    every_gold = [o for found in gold_at.values() for o in found]
    for s, e, label in spans:
        if _overlapping((s, e), every_gold):
            score.precise += 1
        else:
            score.misses.append(f"extra {label}: {post.text[s:e]!r}")
    for p, found in gold_at.items():
        if not found:
            score.misses.append(f"not in text ({p.group} {p.type}): {p.text!r}")
            continue
        score.gold[p.group] += 1
        bare = [o for o in found if not _overlapping(o, extents)]
        if bare:
            score.misses.append(f"missed {p.group} {p.type}: {p.text!r} ({len(bare)} of {len(found)} left)")
        else:
            score.found[p.group] += 1
    for phrase in dict.fromkeys(post.not_pii):
        for o in occurrences(post.text, phrase):
            if _overlapping(o, every_gold):
                continue
            score.not_pii += 1
            hit = next((label for s, e, label in spans if _overlapping(o, [(s, e)])), None)
            if hit:
                score.false_alarms += 1
                score.misses.append(f"false alarm {hit}: {phrase!r}")
    return score


def predict_pii_reddit(texts: Sequence[str], nlp: Language | None = None) -> Iterator[list[tuple[int, int, str]]]:
    """Read each text as a one-post thread (first line the title) with the default pipeline; its PII spans."""
    from anecdata.read.pipeline import annotate_thread

    for number, text in enumerate(texts):
        thread = annotate_thread(one_post_thread(f"post-{number}", text), nlp)
        yield [(a.start, a.end, a.label) for post in thread.posts for a in post.layer("pii")]


def pii_reddit_model_predictor(model: Path) -> Predictor:
    """``predict_pii_reddit`` with the name tagger ``anecdata train pii`` wrote at ``model`` (``--model``)."""
    nlp = pipeline_with_tagger(model)
    return lambda texts: predict_pii_reddit(texts, nlp)


@dataclass(frozen=True, slots=True)
class PiiRedditTask(EvalTask):
    """Scores the PII layer of the default reading against forum_experiences' PII lists (see the module doc)."""

    def run(self, data_dir: Path, predictor: Any = None) -> RecordEvalResult:
        """Read every gold post, score its PII spans, and total the counts."""
        started = time.perf_counter()
        posts = load_pii_posts(data_dir)
        if not posts:
            raise DataError(f"no gold posts for task {self.name!r} in {data_dir}")
        readings = iter((predictor or self.default_predictor)([p.text for p in posts]))
        scores = [score_post(post, list(next(readings))) for post in posts]
        gold, found = Counter(), Counter()
        for s in scores:
            gold.update(s.gold)
            found.update(s.found)
        predicted = sum(s.predicted for s in scores)
        precise = sum(s.precise for s in scores)
        not_pii = sum(s.not_pii for s in scores)
        false_alarms = sum(s.false_alarms for s in scores)
        details = {
            "precision": ratio(precise, predicted),
            "false_alarm_rate": ratio(false_alarms, not_pii),
            "recall": {group: ratio(found[group], gold[group]) for group in GROUPS},
            "counts": {
                "predicted": predicted,
                "precise": precise,
                "gold": {group: gold[group] for group in GROUPS},
                "found": {group: found[group] for group in GROUPS},
                "not_pii_occurrences": not_pii,
                "false_alarms": false_alarms,
            },
        }
        return RecordEvalResult(
            task=self.name,
            data=data_dir,
            documents=len(posts),
            labels=self.labels,
            scores={},
            predicted=predicted,
            seconds=time.perf_counter() - started,
            details=details,
            misses={post.id: s.misses for post, s in zip(posts, scores, strict=True) if s.misses},
        )


def _gold_documents(data_dir: Path) -> list[GoldDocument]:
    return [GoldDocument(p.id, p.text, ()) for p in load_pii_posts(data_dir)]


register_task_object(
    PiiRedditTask(
        name="pii_reddit",
        description="what redaction hides in real Reddit posts: PII precision, recall by kind, false alarms",
        default_subdir="forum_experiences",
        labels=("person", "location", "contact", "handle", "url", "credential"),
        load_gold=_gold_documents,
        default_predictor=predict_pii_reddit,
        model_predictor=pii_reddit_model_predictor,
    )
)
