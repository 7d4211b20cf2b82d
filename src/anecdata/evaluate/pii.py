"""The ``pii`` tasks: person and location names in WNUT-17, and every PII kind in the project's own forum posts.

``pii`` scores WNUT-17's ``emerging.dev.conll`` (informal web text, CC BY 4.0): its ``person`` and ``location``
are ours; its other entity types (group, corporation, product, creative-work) are not PII and are not scored.

``pii_forum`` scores the project-written set in ``evaluate/data/pii_forum/`` (fictional posts with signatures,
handles, towns, phone numbers and e-mail addresses). Its file marks each PII span in place as
``[[text|label]]`` or ``[[text|label|category]]``; the category (signature, handle, email, phone, ...) lets
tests report recall per kind of place a name appears in.

Every PII task scores a name tagger trained with ``anecdata train pii`` in place of the shipped one with
``--model`` (``pipeline_with_tagger``): the bundled ``pii.toml`` is read with only the tagger's model changed.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language

from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan, conll_document, read_conll_blocks
from anecdata.evaluate.tasks import EvalResult, EvalTask, Predictor, register_task, register_task_object
from anecdata.model import LAYERS

WNUT_DEV_FILE = "emerging.dev.conll"
WNUT_LABELS = ("person", "location")
FORUM_FILE = "forum_pii.txt"
PII_COMPONENTS = ("anecdata_sentences", "anecdata_pii")
"""The PII task runs only what PII detection reads: sentences (the tagger's units) and the PII component."""
_MARK = re.compile(r"\[\[(?P<text>[^\[\]|]+)\|(?P<label>[a-z_]+)(?:\|(?P<category>[a-z_]+))?\]\]")
_HEADER = re.compile(r"^=== (?P<id>\S+)[ \t]*$", re.MULTILINE)
_TAGGER_MODEL = re.compile(r'^model = "builtin"', re.MULTILINE)
"""The name tagger's model line of the bundled ``pii.toml``, the one line ``pipeline_with_tagger`` changes."""


@dataclass(frozen=True, slots=True)
class ForumGold:
    """The forum set: its documents, and each gold span's category keyed by ``(doc id, start, end)``."""

    documents: list[GoldDocument]
    categories: dict[tuple[str, int, int], str]


@cache
def pii_pipeline() -> Language:
    from anecdata.read.pipeline import build_pipeline

    return build_pipeline(PII_COMPONENTS)


def predict_pii(texts: Sequence[str], nlp: Language | None = None) -> Iterator[list[tuple[int, int, str]]]:
    """The PII spans of each text, found by the sentence and PII components of the reading pipeline."""
    from anecdata.read.pipeline import annotate_texts

    for post_annotations in annotate_texts(texts, nlp or pii_pipeline()):
        yield [(a.start, a.end, a.label) for a in post_annotations if a.layer == "pii"]


def pipeline_with_tagger(model: Path, components: Sequence[str] | None = None) -> Language:
    """The reading pipeline (``components``; None: the default ones) whose name tagger is the model ``anecdata
    train pii`` wrote at ``model`` (its ``name_tagger.json`` or its folder); the rest of ``pii.toml`` is the
    bundled file's.

    Raises:
        ConfigError: no model file at ``model``.
    """
    from anecdata.read.pii.config import CONFIG_FILE
    from anecdata.read.pii.tagger import MODEL_FILE
    from anecdata.read.pipeline import DEFAULT_COMPONENTS, build_pipeline

    path = (model / MODEL_FILE if model.is_dir() else model).resolve()
    if not path.is_file():
        raise ConfigError(f"no name tagger model at {str(path)!r}: write one with `anecdata train pii --out DIR`")
    bundled = resources.files("anecdata.read.pii").joinpath("data", CONFIG_FILE).read_text("utf-8")
    text, changed = _TAGGER_MODEL.subn(f"model = {json.dumps(str(path))}", bundled)
    if changed != 1:
        raise ConfigError(f"read/pii/data/{CONFIG_FILE}: expected one line 'model = \"builtin\"' for the name tagger")
    with tempfile.TemporaryDirectory() as folder:  # the component reads its configuration when built
        config = Path(folder) / CONFIG_FILE
        config.write_text(text, encoding="utf-8")
        return build_pipeline(components or DEFAULT_COMPONENTS, {"anecdata_pii": {"config": str(config)}})


def pii_model_predictor(model: Path) -> Predictor:
    """``predict_pii`` with the name tagger at ``model`` (``--model``)."""
    nlp = pipeline_with_tagger(model, PII_COMPONENTS)
    return lambda texts: predict_pii(texts, nlp)


@dataclass(frozen=True, slots=True)
class WnutGold:
    """WNUT-17's documents as the corpus means them, and what was mapped to get there, as countable lines."""

    documents: list[GoldDocument]
    mapped: Counter[str]

    def mapped_lines(self) -> list[str]:
        return [f"{count} x {what}" for what, count in sorted(self.mapped.items(), key=lambda kv: (-kv[1], kv[0]))]


def _wnut_tag(tag: str, mapped: Counter[str]) -> str:
    """One BIO tag for a WNUT tag: of a token's several types (``B-person,B-group``), a scored one wins."""
    parts = tag.split(",")
    if len(parts) == 1:
        return tag
    chosen = next((p for label in WNUT_LABELS for p in parts if p[2:] == label), parts[0])
    mapped[f"{tag} -> {chosen}"] += 1
    return chosen


def _is_user_placeholder(tokens: list[str], i: int) -> bool:
    return tokens[i] == "@" and i + 1 < len(tokens) and tokens[i + 1].lower() == "user"


def wnut_gold(tokens_and_tags: list[tuple[str, list[str], list[str]]]) -> WnutGold:
    """WNUT-17 blocks as the corpus means them, keeping only person and location spans.

    - A token of several types counts as its scored type: ``B-person,B-group`` is ``B-person``.
    - ``@`` followed by ``user`` (a user mention, tokenised in two) is one token ``@user``, a person's handle:
      a person span, or the scored type the corpus gives either token.
    """
    mapped: Counter[str] = Counter()
    documents = []
    for doc_id, tokens, raw_tags in tokens_and_tags:
        tags = [_wnut_tag(tag, mapped) for tag in raw_tags]
        joined_tokens: list[str] = []
        joined_tags: list[str] = []
        i = 0
        while i < len(tokens):
            if _is_user_placeholder(tokens, i):
                label = next((t[2:] for t in (tags[i], tags[i + 1]) if t[2:] in WNUT_LABELS), "person")
                mapped[f"'@' 'user' tagged {raw_tags[i]} {raw_tags[i + 1]} -> one token '@user', B-{label}"] += 1
                joined_tokens.append(tokens[i] + tokens[i + 1])
                joined_tags.append(f"B-{label}")
                i += 2
                continue
            joined_tokens.append(tokens[i])
            joined_tags.append(tags[i])
            i += 1
        document = conll_document(doc_id, joined_tokens, joined_tags)
        documents.append(
            GoldDocument(document.id, document.text, tuple(s for s in document.spans if s.label in WNUT_LABELS))
        )
    return WnutGold(documents, mapped)


def load_wnut_gold(data: Path) -> WnutGold:
    """WNUT-17's dev file as the corpus means it (see :func:`wnut_gold`)."""
    path = data / WNUT_DEV_FILE
    if not path.is_file():
        raise DataError(f"no WNUT-17 dev file at {path}: pass --data DIR with {WNUT_DEV_FILE} inside")
    return wnut_gold(read_conll_blocks(path))


def load_wnut_pii(data: Path) -> list[GoldDocument]:
    """WNUT-17's dev file with only its person and location spans kept."""
    return load_wnut_gold(data).documents


@dataclass(frozen=True, slots=True)
class WnutEvalResult(EvalResult):
    """The usual span scores, with the lines saying what of the corpus's tagging was mapped and how often."""

    mapped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**EvalResult.to_dict(self), "mapped": self.mapped}


@dataclass(frozen=True, slots=True)
class WnutPiiTask(EvalTask):
    """The ``pii`` task: scores as any span task, and reports what the WNUT-17 reading mapped."""

    def run(self, data_dir: Path, predictor: Predictor | None = None) -> WnutEvalResult:
        result = EvalTask.run(self, data_dir, predictor)
        mapped = load_wnut_gold(data_dir).mapped_lines() or ["nothing: no multi-type tags, no '@' 'user' pairs"]
        return WnutEvalResult(**{f.name: getattr(result, f.name) for f in fields(EvalResult)}, mapped=mapped)


register_task_object(
    WnutPiiTask(
        name="pii",
        description="person and location names in informal web text (WNUT-17 dev, CoNLL)",
        default_subdir="wnut17_pii",
        labels=WNUT_LABELS,
        load_gold=load_wnut_pii,
        default_predictor=predict_pii,
        model_predictor=pii_model_predictor,
    )
)


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
    model_predictor=pii_model_predictor,
)
def load_forum_pii(data: Path) -> list[GoldDocument]:
    """The project's forum PII set (``forum_pii.txt``) from ``data``."""
    return load_forum_gold(data).documents
