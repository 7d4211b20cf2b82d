"""The ``pii`` tasks: person and location names in WNUT-17, and every PII kind in the project's own forum posts.

``pii`` scores WNUT-17's ``emerging.dev.conll`` (informal web text, CC BY 4.0): its ``person`` and ``location``
are ours; its other entity types (group, corporation, product, creative-work) are not PII and are not scored.

``pii_forum`` scores the project-written set in ``evaluate/data/pii_forum/`` (fictional posts with signatures,
handles, towns, phone numbers and e-mail addresses). Its file marks each PII span in place as
``[[text|label]]`` or ``[[text|label|category]]``; the category (signature, handle, email, phone, ...) lets
tests report recall per kind of place a name appears in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.language import Language

from anecdata.errors import DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan, load_conll
from anecdata.evaluate.tasks import register_task
from anecdata.model import LAYERS

WNUT_DEV_FILE = "emerging.dev.conll"
WNUT_LABELS = ("person", "location")
FORUM_FILE = "forum_pii.txt"
PII_COMPONENTS = ("anecdata_sentences", "anecdata_pii")
"""The PII task runs only what PII detection reads: sentences (the tagger's units) and the PII component."""
_MARK = re.compile(r"\[\[(?P<text>[^\[\]|]+)\|(?P<label>[a-z_]+)(?:\|(?P<category>[a-z_]+))?\]\]")
_HEADER = re.compile(r"^=== (?P<id>\S+)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ForumGold:
    """The forum set: its documents, and each gold span's category keyed by ``(doc id, start, end)``."""

    documents: list[GoldDocument]
    categories: dict[tuple[str, int, int], str]


@cache
def pii_pipeline() -> Language:
    from anecdata.read.pipeline import build_pipeline

    return build_pipeline(PII_COMPONENTS)


def predict_pii(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    """The PII spans of each text, found by the sentence and PII components of the reading pipeline."""
    from anecdata.read.pipeline import annotate_texts

    for post_annotations in annotate_texts(texts, pii_pipeline()):
        yield [(a.start, a.end, a.label) for a in post_annotations if a.layer == "pii"]


@register_task(
    "pii",
    description="person and location names in informal web text (WNUT-17 dev, CoNLL)",
    default_subdir="wnut17_pii",
    labels=WNUT_LABELS,
    default_predictor=predict_pii,
)
def load_wnut_pii(data: Path) -> list[GoldDocument]:
    """WNUT-17's dev file with only its person and location spans kept."""
    path = data / WNUT_DEV_FILE
    if not path.is_file():
        raise DataError(f"no WNUT-17 dev file at {path}: pass --data DIR with {WNUT_DEV_FILE} inside")
    return [GoldDocument(d.id, d.text, tuple(s for s in d.spans if s.label in WNUT_LABELS)) for d in load_conll(path)]


def bundled_forum_dir() -> Path:
    """Where the package keeps the project's forum PII set."""
    return Path(str(resources.files("anecdata.evaluate").joinpath("data", "pii_forum")))


def parse_forum_set(text: str, where: str) -> ForumGold:
    """Documents from the marked-up forum file: ``=== ID`` lines open documents, ``[[text|label]]`` marks PII.

    Lines before the first header starting with ``#`` are comments. Each document's text is the text between
    its header and the next, marks removed, with its leading and trailing blank lines dropped.
    """
    headers = list(_HEADER.finditer(text))
    if not headers:
        raise DataError(f"{where}: no documents (each starts with a line '=== ID')")
    preamble = text[: headers[0].start()]
    if any(line.strip() and not line.startswith("#") for line in preamble.splitlines()):
        raise DataError(f"{where}: text before the first '=== ID' line must be # comments")
    documents, categories, seen = [], {}, set()
    for header, following in zip(headers, [*headers[1:], None], strict=True):
        doc_id = header["id"]
        if doc_id in seen:
            raise DataError(f"{where}: document id {doc_id!r} appears twice")
        seen.add(doc_id)
        body = text[header.end() : following.start() if following else len(text)].strip("\n")
        plain, spans = [], []
        position = length = 0
        for m in _MARK.finditer(body):
            plain.append(body[position : m.start()])
            length += m.start() - position
            label = m["label"]
            if label not in LAYERS["pii"]:
                raise DataError(f"{where}: {doc_id}: label {label!r} is not one of {LAYERS['pii']}")
            spans.append(GoldSpan(length, length + len(m["text"]), label, m["text"]))
            categories[(doc_id, length, length + len(m["text"]))] = m["category"] or label
            plain.append(m["text"])
            length += len(m["text"])
            position = m.end()
        plain.append(body[position:])
        document_text = "".join(plain)
        if "[[" in document_text or "]]" in document_text:
            raise DataError(f"{where}: {doc_id}: a malformed mark; write [[text|label]] or [[text|label|category]]")
        documents.append(GoldDocument(doc_id, document_text, tuple(spans)))
    return ForumGold(documents, categories)


def load_forum_gold(data: Path) -> ForumGold:
    path = data / FORUM_FILE
    if not path.is_file():
        raise DataError(
            f"no {FORUM_FILE} in {data}: the project's forum PII set is bundled; pass --data {bundled_forum_dir()}"
        )
    return parse_forum_set(path.read_text(encoding="utf-8"), str(path))


@register_task(
    "pii_forum",
    description="every PII kind in the project's own fictional forum posts (signatures, handles, contacts)",
    default_subdir=str(bundled_forum_dir()),  # an absolute folder: the set ships with the package
    labels=LAYERS["pii"],
    default_predictor=predict_pii,
)
def load_forum_pii(data: Path) -> list[GoldDocument]:
    """The project's forum PII set (``forum_pii.txt``) from ``data``."""
    return load_forum_gold(data).documents
