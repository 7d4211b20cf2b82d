"""Agreement between the corpus's annotation and a second, blind one of a sample of its threads.

The sample (``SAMPLE_POSTS`` posts or a little more, whole threads) is drawn by hashing thread ids with a fixed
seed; its ids are committed in ``agreement/sample.txt`` so that threads written later never move it. The second
annotator gets each thread rendered without annotations (:func:`blank_thread`), adds markup only, and the files
live in ``agreement/second/<id>.md``. :func:`agreement` compares the two per layer:

- statements: Cohen's kappa over the characters of the posts (words only, not spaces), each character taking
  the label of the statement that covers it or ``none``; and span F1 as for the other layers;
- mentions, outcomes, PII: span F1, a span of one annotation matching a span of the other with the same label
  whose extent overlaps it (one to one, in text order); for mentions also the share of matched pairs whose
  concepts agree, and for outcomes the share of matched pairs that judge the same treatment text;
- claim types: Cohen's kappa over matched claim spans.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from anecdata.corpus.build import CORPUS_DIR, readme_with_stats
from anecdata.corpus.markup import Authored, read_thread, render_thread
from anecdata.errors import DataError
from anecdata.model import Annotation, Post, Thread

SAMPLE_SEED = "agreement-13"
SAMPLE_POSTS = 200
AGREEMENT_DIR = "agreement"
SAMPLE_FILE = "sample.txt"
SECOND_DIR = "second"
SPAN_LAYERS = ("statement", "mention", "outcome", "pii")
README_BEGIN = "<!-- agreement:begin (written by python -m anecdata.corpus agreement) -->"
README_END = "<!-- agreement:end -->"
NONE = "none"


def draw_sample(authored: Sequence[Authored], posts: int = SAMPLE_POSTS, seed: str = SAMPLE_SEED) -> list[str]:
    """Thread ids in the order of their seeded hash, taken until they hold at least ``posts`` posts."""
    ordered = sorted(authored, key=lambda a: hashlib.sha256(f"{seed}:{a.thread.id}".encode()).hexdigest())
    chosen, total = [], 0
    for a in ordered:
        if total >= posts:
            break
        chosen.append(a.thread.id)
        total += len(a.thread.posts)
    return chosen


def blank_thread(a: Authored) -> str:
    """A thread in the authoring markup with its annotations left out (its text, title, quotes and authors kept):
    what the second annotator starts from."""
    posts = tuple(replace(p, annotations=()) for p in a.thread.posts)
    return render_thread(replace(a.thread, posts=posts), a.area)


@dataclass(frozen=True, slots=True)
class SpanAgreement:
    """Spans of one layer in each annotation, how many matched, and what the matched pairs agree on."""

    first: int
    second: int
    matched: int
    same_detail: int = 0
    """Matched pairs whose concept (mentions) or judged treatment (outcomes) is the same."""

    @property
    def f1(self) -> float:
        return 2 * self.matched / (self.first + self.second) if self.first + self.second else 1.0

    def __add__(self, other: SpanAgreement) -> SpanAgreement:
        return SpanAgreement(
            self.first + other.first,
            self.second + other.second,
            self.matched + other.matched,
            self.same_detail + other.same_detail,
        )


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement over the sample: threads and posts compared, span agreement per layer, and the kappas."""

    threads: int
    posts: int
    spans: dict[str, SpanAgreement]
    statement_kappa: float
    claim_type_kappa: float
    claim_type_pairs: int

    def markdown(self) -> str:
        """The table for ``data/corpus/README.md``."""
        rows = [
            f"Second annotation of {self.threads} threads ({self.posts} posts), made blind to the first "
            "(`python -m anecdata.corpus agreement`):",
            "",
            "| layer | first | second | matched | span F1 | also agree |",
            "|---|---|---|---|---|---|",
        ]
        detail = {"mention": "concept", "outcome": "treatment judged"}
        for layer in SPAN_LAYERS:
            s = self.spans[layer]
            also = f"{detail[layer]} {s.same_detail / s.matched:.2f}" if layer in detail and s.matched else ""
            rows.append(f"| {layer} | {s.first} | {s.second} | {s.matched} | {s.f1:.2f} | {also} |")
        rows += [
            "",
            f"Statements, Cohen's kappa over characters: {self.statement_kappa:.2f}. Claim types, Cohen's kappa over "
            f"{self.claim_type_pairs} claims both marked: {self.claim_type_kappa:.2f}.",
        ]
        return "\n".join(rows)


def sample_ids(folder: Path = CORPUS_DIR) -> list[str]:
    """The committed sample's thread ids.

    Raises:
        DataError: no sample file.
    """
    path = folder / AGREEMENT_DIR / SAMPLE_FILE
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as e:
        raise DataError(f"cannot read the agreement sample {path}: {e.strerror}") from None


def agreement(folder: Path = CORPUS_DIR) -> Agreement:
    """Compare ``threads/<id>.md`` with ``agreement/second/<id>.md`` for every sampled thread that has both.

    Raises:
        DataError: a second file does not parse, its text differs from the first's, or none is there.
    """
    pairs: list[tuple[Thread, Thread]] = []
    for tid in sample_ids(folder):
        second_path = folder / AGREEMENT_DIR / SECOND_DIR / f"{tid}.md"
        if not second_path.exists():
            continue
        first, second = read_thread(folder / "threads" / f"{tid}.md").thread, read_thread(second_path).thread
        if [p.text for p in first.posts] != [p.text for p in second.posts]:
            raise DataError(f"{second_path}: its text differs from threads/{tid}.md (add markup only)")
        if _annotated(second):
            pairs.append((first, second))
    if not pairs:
        raise DataError(f"no annotated second file in {folder / AGREEMENT_DIR / SECOND_DIR}")
    post_pairs = [(a, b) for first, second in pairs for a, b in zip(first.posts, second.posts, strict=True)]
    spans = {layer: sum((_spans(a, b, layer) for a, b in post_pairs), SpanAgreement(0, 0, 0)) for layer in SPAN_LAYERS}
    characters = [pair for a, b in post_pairs for pair in _character_labels(a, b)]
    claims = [pair for a, b in post_pairs for pair in _claim_types(a, b)]
    return Agreement(
        threads=len(pairs),
        posts=len(post_pairs),
        spans=spans,
        statement_kappa=cohen_kappa(characters),
        claim_type_kappa=cohen_kappa(claims),
        claim_type_pairs=len(claims),
    )


def write_blanks(folder: Path = CORPUS_DIR) -> list[Path]:
    """Each sampled thread without its annotations, in ``agreement/second/`` where no file is yet; the paths written."""
    second = folder / AGREEMENT_DIR / SECOND_DIR
    second.mkdir(parents=True, exist_ok=True)
    written = []
    for tid in sample_ids(folder):
        path = second / f"{tid}.md"
        if not path.exists():
            path.write_text(blank_thread(read_thread(folder / "threads" / f"{tid}.md")), encoding="utf-8")
            written.append(path)
    return written


def write_agreement(folder: Path = CORPUS_DIR) -> str:
    """The agreement table, also written into the folder's README between its agreement markers."""
    table = agreement(folder).markdown()
    readme = folder / "README.md"
    text = readme_with_stats(readme.read_text(encoding="utf-8"), table, README_BEGIN, README_END)
    readme.write_text(text, encoding="utf-8")
    return table


def _annotated(thread: Thread) -> bool:
    return any(p.annotations for p in thread.posts)


def _layer(post: Post, layer: str) -> list[Annotation]:
    return sorted((a for a in post.annotations if a.layer == layer), key=lambda a: (a.start, a.end))


def _matches(first: Sequence[Annotation], second: Sequence[Annotation]) -> list[tuple[Annotation, Annotation]]:
    """One-to-one pairs with the same label and overlapping extents, each first span taking the earliest free one."""
    taken: set[int] = set()
    pairs = []
    for a in first:
        for i, b in enumerate(second):
            if i not in taken and a.label == b.label and a.start < b.end and b.start < a.end:
                taken.add(i)
                pairs.append((a, b))
                break
    return pairs


def _spans(first: Post, second: Post, layer: str) -> SpanAgreement:
    a, b = _layer(first, layer), _layer(second, layer)
    pairs = _matches(a, b)
    if layer == "mention":
        same = sum(_concept(x) == _concept(y) for x, y in pairs)
    elif layer == "outcome":
        same = sum(_judged(first, x) & _judged(second, y) != set() for x, y in pairs)
    else:
        same = 0
    return SpanAgreement(len(a), len(b), len(pairs), same)


def _concept(a: Annotation) -> str:
    return (a.concept.name if a.concept else a.text).lower()


def _judged(post: Post, outcome: Annotation) -> set[str]:
    """The lower-case texts of the mentions an outcome links to (in its post; links to other posts are left out)."""
    ids = {a.id: a for a in post.annotations}
    return {ids[i].text.lower() for i in outcome.links if i in ids}


def _character_labels(first: Post, second: Post) -> Iterable[tuple[str, str]]:
    """(first label, second label) for each word character of the post."""
    labels = []
    for post in (first, second):
        per_char = [NONE] * len(post.text)
        for a in _layer(post, "statement"):
            per_char[a.start : a.end] = [a.label] * (a.end - a.start)
        labels.append(per_char)
    return ((x, y) for c, x, y in zip(first.text, *labels, strict=True) if c.isalnum())


def _claim_types(first: Post, second: Post) -> Iterable[tuple[str, str]]:
    claims = ("claim", "claim_per_exp")
    a = [s for s in _layer(first, "statement") if s.label in claims]
    b = [s for s in _layer(second, "statement") if s.label in claims]
    return ((x.attrs.get("claim_type", NONE), y.attrs.get("claim_type", NONE)) for x, y in _matches(a, b))


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float:
    """Cohen's kappa of two raters' labels for the same items (1.0 when both use one label throughout)."""
    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    first, second = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)
