"""The ``context`` task: mention context attributes against TwiMed's entity attributes, where they map to ours.

TwiMed (brat) annotates Drug, Disease and Symptom entities in tweets and PubMed sentences with attributes. What
maps, and how it is scored (each a span label at the entity's offsets):

- ``Polarity`` → ``negated``; ``Modality=Hypothetical`` → ``hypothetical``; ``Modality=Hedged`` → ``uncertain``;
- ``Status=Complete`` → ``historical`` (approximate: "complete" is a finished course, not necessarily the past);
- ``Person=1st`` → ``person_self`` (experiencer self); ``Person=2nd`` or ``3rd`` → ``person_other``
  (experiencer family, client or other).

What does not map: ``Modality=Generic`` (general statements; we have no such attribute), ``Status=Continuing``,
``Exemplification``, ``Duration``, ``Severity`` and ``Sentiment``. They are counted in the result's ``mapping``.

Attributes are judged on entities both sides found: a predicted attribute counts only on a mention that overlaps
a gold entity (TwiMed says nothing of the others), and person labels only on entities TwiMed gave a person.
The result reports how many gold entities our mentions found. Tweets are read from the third-party hydration
(only those whose offsets align as they are); PubMed sentences from the official folder.
"""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan
from anecdata.evaluate.spans import Span, score_spans
from anecdata.evaluate.tasks import EvalResult, EvalTask, Predictor, predicted_spans, register_task_object

GOLD = Path("official_annotations") / "gold"
TWEETS = Path("hydrated_tweets_thirdparty")
ALIGNMENT = TWEETS / "ALIGNMENT.tsv"
ENTITY_TYPES = ("Drug", "Disease", "Symptom")
LABELS = ("negated", "uncertain", "hypothetical", "historical", "person_self", "person_other")
ENTITY = "entity"
HAS_PERSON = "has_person"
MENTION = "mention"
ATTRIBUTE_TO_OURS = {
    ("Polarity", "Polarity"): "negated",
    ("Modality", "Hypothetical"): "hypothetical",
    ("Modality", "Hedged"): "uncertain",
    ("Status", "Complete"): "historical",
    ("Person", "1st"): "person_self",
    ("Person", "2nd"): "person_other",
    ("Person", "3rd"): "person_other",
}
CONTEXT_COMPONENTS = ("anecdata_sentences", "anecdata_mentions", "anecdata_context")


def load_twimed_context(data_dir: Path) -> list[GoldDocument]:
    """TwiMed's PubMed sentences and aligned tweets, with entity spans and their mapped attributes.

    Raises:
        DataError: the official gold folder is missing.
    """
    if not (data_dir / GOLD).is_dir():
        raise DataError(f"no TwiMed gold folder at {data_dir / GOLD}: pass --data DIR with {GOLD} inside")
    documents = []
    for ann in sorted((data_dir / GOLD / "pubmed").glob("*.ann")):
        text_path = ann.with_suffix(".txt")
        if text_path.is_file():
            documents.append(_document(f"pubmed/{ann.stem}", text_path.read_text(encoding="utf-8"), ann))
    for tweet_id in _aligned_tweets(data_dir):
        ann = data_dir / GOLD / "twitter" / f"{tweet_id}.ann"
        text_path = data_dir / TWEETS / f"{tweet_id}.txt"
        if ann.is_file() and text_path.is_file():
            documents.append(_document(f"twitter/{tweet_id}", text_path.read_text(encoding="utf-8"), ann))
    return documents


def unmapped_attributes(data_dir: Path) -> dict[str, int]:
    """How often each TwiMed attribute (and value) that has no counterpart of ours occurs, over all gold files."""
    counts: Counter[str] = Counter()
    for ann in (data_dir / GOLD).glob("*/*.ann"):
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("A"):
                name, value = _attribute(line)
                if (name, value) not in ATTRIBUTE_TO_OURS:
                    counts[f"{name}={value}" if value else name] += 1
    return dict(sorted(counts.items()))


def _aligned_tweets(data_dir: Path) -> list[str]:
    path = data_dir / ALIGNMENT
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [row["tweet_id"] for row in csv.DictReader(f, delimiter="\t") if row["aligned_raw"] == "1"]


def _attribute(line: str) -> tuple[str, str | None]:
    parts = line.split("\t")[1].split()
    return parts[0], (parts[2] if len(parts) > 2 else None)


def _document(doc_id: str, text: str, ann: Path) -> GoldDocument:
    entities: dict[str, tuple[int, int]] = {}
    spans = []
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.startswith("T"):
            continue
        tid, info, *_ = line.split("\t")
        kind, *offsets = info.replace(";", " ").split()
        if kind not in ENTITY_TYPES or len(offsets) != 2:
            continue  # discontinuous entities: too few to matter, and not one extent
        start, end = int(offsets[0]), int(offsets[1])
        if end > len(text):
            continue
        entities[tid] = (start, end)
        spans.append(GoldSpan(start, end, ENTITY, text[start:end]))
    for line in lines:
        if not line.startswith("A"):
            continue
        name, value = _attribute(line)
        target = line.split("\t")[1].split()[1]
        if target not in entities or (ours := ATTRIBUTE_TO_OURS.get((name, value))) is None:
            continue
        start, end = entities[target]
        spans.append(GoldSpan(start, end, ours, text[start:end]))
        if name == "Person":
            spans.append(GoldSpan(start, end, HAS_PERSON, text[start:end]))
    return GoldDocument(doc_id, text, tuple(spans))


def predict_context(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    """Every mention (labelled ``mention``) and each context attribute it has, as a span at its offsets."""
    from anecdata.read.pipeline import annotate_texts, build_pipeline

    nlp = build_pipeline(CONTEXT_COMPONENTS)
    for found in annotate_texts(texts, nlp):
        spans = []
        for a in found:
            if a.layer != "mention" or a.label == "duration":
                continue
            spans.append((a.start, a.end, MENTION))
            spans += [(a.start, a.end, label) for label in LABELS[:4] if a.attrs.get(label)]
            experiencer = a.attrs.get("experiencer")
            if experiencer is not None:
                spans.append((a.start, a.end, "person_self" if experiencer == "self" else "person_other"))
        yield spans


@dataclass(frozen=True, slots=True)
class ContextEvalResult(EvalResult):
    """An ``EvalResult`` with the entity coverage and what of TwiMed's attributes maps to ours."""

    coverage: dict[str, int] = field(default_factory=dict)
    mapping: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The base result's JSON object plus ``coverage`` and ``mapping``."""
        return {**EvalResult.to_dict(self), "coverage": self.coverage, "mapping": self.mapping}


@dataclass(frozen=True, slots=True)
class ContextTask(EvalTask):
    """Attribute scoring on the gold entities our mentions found (see the module docstring)."""

    def run(self, data_dir: Path, predictor: Predictor | None = None) -> ContextEvalResult:
        """Load TwiMed, predict mentions and their attributes, and score the attributes on found entities."""
        started = time.perf_counter()
        documents = self.load_gold(data_dir)
        if not documents:
            raise DataError(f"no gold documents for task {self.name!r} in {data_dir}")
        gold = [(d.id, s.start, s.end, s.label) for d in documents for s in d.spans]
        entities = [g for g in gold if g[3] == ENTITY]
        with_person = [g for g in gold if g[3] == HAS_PERSON]
        predicted = list(predicted_spans(documents, predictor or self.default_predictor))
        mentions = _by_document(p for p in predicted if p[3] == MENTION)
        found = [e for e in entities if _overlaps_any(e, mentions)]
        found_by_doc, person_by_doc = _by_document(found), _by_document(with_person)
        kept = [
            p
            for p in predicted
            if p[3] in LABELS and _overlaps_any(p, person_by_doc if p[3].startswith("person") else found_by_doc)
        ]
        judged = [g for g in gold if g[3] in LABELS and _overlaps_any(g, found_by_doc)]
        return ContextEvalResult(
            task=self.name,
            data=data_dir,
            documents=len(documents),
            labels=self.labels,
            scores={"overlap": score_spans(judged, kept, self.labels, "overlap")},
            predicted=len(kept),
            seconds=time.perf_counter() - started,
            set_aside=dict(Counter(p[3] for p in predicted if p[3] not in LABELS and p[3] != MENTION)),
            coverage={"gold_entities": len(entities), "found": len(found)},
            mapping={
                "mapped": {f"{k}={v}" if v else k: ours for (k, v), ours in ATTRIBUTE_TO_OURS.items()},
                "not_mapped": unmapped_attributes(data_dir),
            },
        )


def _by_document(spans: Iterable[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        grouped[span[0]].append(span)
    return grouped


def _overlaps_any(span: Span, others: dict[str, list[Span]]) -> bool:
    """Whether ``span`` shares a character with any span of its document in ``others``."""
    return any(span[1] < o[2] and o[1] < span[2] for o in others.get(span[0], ()))


register_task_object(
    ContextTask(
        name="context",
        description="mention context (negation, modality, person) on TwiMed's entity attributes",
        default_subdir="twimed",
        labels=LABELS,
        load_gold=load_twimed_context,
        default_predictor=predict_context,
    )
)
