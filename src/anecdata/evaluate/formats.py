"""Loaders that turn gold corpora (RedHOT jsonl, brat standoff, CoNLL BIO) into documents with gold spans.

Every loader cuts ``GoldSpan.text`` from the document text at the gold offsets, so the stand-off invariant
``doc.text[s.start:s.end] == s.text`` holds by construction; the text a corpus stores beside its offsets is
not trusted (CADEC has a span whose stored text disagrees with its offsets). Layout problems raise
``DataError`` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.errors import DataError


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One gold span: half-open character offsets into its document's text, a label, and the text there."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold document: its id, its full text and its gold spans in file order."""

    id: str
    text: str
    spans: tuple[GoldSpan, ...]


def _read_text(path: Path) -> str:
    """The file's text with its line endings untouched, since gold offsets count every character."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise DataError(f"no such file: {path}") from None
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from e
    except OSError as e:
        raise DataError(f"{path}: cannot read ({e.strerror})") from e


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines numbered from 1, split on ``\n`` only: ``str.splitlines`` would also split inside
    a line at characters such as U+2028, which forum text contains, and shift every line number after it.
    """
    for number, line in enumerate(_read_text(path).split("\n"), start=1):
        yield number, line.removesuffix("\r")


def _cut(text: str, start: int, end: int, label: str, where: str) -> GoldSpan:
    """A span cut from ``text``, refusing offsets that do not fit inside it."""
    if not 0 <= start <= end <= len(text):
        raise DataError(f"{where}: span [{start}, {end}) {label!r} is outside the text (length {len(text)})")
    return GoldSpan(start, end, label, text[start:end])


def _field(record: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    # bool is a subclass of int, but a boolean offset is a broken record, not 0 or 1.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DataError(f"{where}: {key!r} must be of type {kind.__name__}, got {value!r}")
    return value


def load_redhot_jsonl(path: Path) -> list[GoldDocument]:
    """RedHOT records (``post_id``, ``text``, ``spans``, ``aligned``), keeping only ``aligned: true`` ones.

    Unaligned records are the posts whose hydrated text no longer fits the gold offsets (edited or removed
    on Reddit), so scoring them would measure the drift, not the reader.
    """
    documents: list[GoldDocument] = []
    seen: set[str] = set()
    for number, line in _numbered_lines(path):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataError(f"{where}: not valid JSON ({e.msg})") from e
        if not isinstance(record, dict):
            raise DataError(f"{where}: expected a JSON object, got {type(record).__name__}")
        if not _field(record, "aligned", bool, where):
            continue
        post_id = _field(record, "post_id", str, where)
        if post_id in seen:
            raise DataError(f"{where}: post_id {post_id!r} appears twice")
        seen.add(post_id)
        text = _field(record, "text", str, where)
        spans = []
        for span in _field(record, "spans", list, where):
            if not isinstance(span, dict):
                raise DataError(f"{where}: a span must be a JSON object, got {span!r}")
            start, end = _field(span, "start", int, where), _field(span, "end", int, where)
            spans.append(_cut(text, start, end, _field(span, "label", str, where), where))
        documents.append(GoldDocument(post_id, text, tuple(spans)))
    return documents


def _brat_fragments(offsets: str, where: str) -> Iterator[tuple[int, int]]:
    for fragment in offsets.split(";"):
        bounds = fragment.split()
        if len(bounds) != 2 or not all(b.isascii() and b.isdigit() for b in bounds):
            raise DataError(f"{where}: offsets {offsets!r} are not 'START END[;START END...]'")
        yield int(bounds[0]), int(bounds[1])


def load_brat(text_path: Path, ann_path: Path) -> GoldDocument:
    """One brat document: its ``.txt`` and the text-bound (``T``) entities of its ``.ann``.

    A discontinuous entity (``T1\\tADR 9 19;25 30\\t...``) becomes one span over the extent of its fragments
    (here 9 to 30), so an entity counts once in support and any prediction touching its extent can match;
    the words between fragments are inside that extent. Lines other than ``T`` (notes, relations,
    attributes) are skipped. The document id is the file name without ``.txt``.
    """
    text = _read_text(text_path)
    spans = []
    for number, line in _numbered_lines(ann_path):
        if not line.startswith("T"):
            continue
        where = f"{ann_path}:{number}"
        columns = line.split("\t")
        if len(columns) != 3:
            raise DataError(f"{where}: a T line needs 3 tab-separated columns (id, label offsets, text)")
        label, _, offsets = columns[1].partition(" ")
        fragments = list(_brat_fragments(offsets, where))
        start, end = min(s for s, _ in fragments), max(e for _, e in fragments)
        spans.append(_cut(text, start, end, label, where))
    return GoldDocument(text_path.stem, text, tuple(spans))


def load_brat_folder(folder: Path, text_dir: str = "text", ann_dir: str = "original") -> list[GoldDocument]:
    """Every ``FOLDER/TEXT_DIR/NAME.txt`` with its ``FOLDER/ANN_DIR/NAME.ann`` (CADEC's layout), by name."""
    text_paths = sorted((folder / text_dir).glob("*.txt"))
    if not text_paths:
        raise DataError(f"no .txt files in {folder / text_dir}: expected brat text files there")
    documents = []
    for text_path in text_paths:
        ann_path = folder / ann_dir / f"{text_path.stem}.ann"
        if not ann_path.is_file():
            raise DataError(f"{text_path} has no annotation file {ann_path}")
        documents.append(load_brat(text_path, ann_path))
    return documents


def load_conll(path: Path) -> list[GoldDocument]:
    """CoNLL two-column files (``token<TAB>BIO-tag``); each blank-line-separated block is one document.

    The text is rebuilt by joining tokens with single spaces, so offsets refer to that rebuilt text. An
    ``I-`` tag that does not continue a span of the same label starts a new one (the conlleval reading).
    Document ids are ``<file stem>:<block number>``, counted from 1. A token tagged with several types at once
    (``B-person,B-group``, as WNUT-17 has) keeps its first type; see :func:`read_conll_blocks` to choose.
    """
    return [
        conll_document(doc_id, tokens, [tag.split(",")[0] for tag in tags])
        for doc_id, tokens, tags in read_conll_blocks(path)
    ]


def _is_bio_tag(tag: str) -> bool:
    return tag == "O" or (tag[:2] in ("B-", "I-") and len(tag) > 2)


def read_conll_blocks(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Each block of a CoNLL two-column file as ``(doc id, tokens, tags)``, tags as written.

    A tag is ``O``, ``B-LABEL``, ``I-LABEL``, or several ``B-``/``I-`` tags joined by commas (a token of two
    types); anything else is refused with its line number.
    """
    blocks: list[tuple[str, list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []

    def close_block() -> None:
        if tokens:
            blocks.append((f"{path.stem}:{len(blocks) + 1}", list(tokens), list(tags)))
            tokens.clear()
            tags.clear()

    for number, line in _numbered_lines(path):
        if not line.strip():
            close_block()
            continue
        columns = line.split("\t")
        if len(columns) != 2 or not columns[0]:
            raise DataError(f"{path}:{number}: expected 'TOKEN<TAB>TAG', got {line!r}")
        token, tag = columns
        parts = tag.split(",")
        if not all(_is_bio_tag(part) for part in parts) or (len(parts) > 1 and "O" in parts):
            raise DataError(f"{path}:{number}: tag {tag!r} is not O, B-LABEL or I-LABEL (or several joined by commas)")
        tokens.append(token)
        tags.append(tag)
    close_block()
    return blocks


def conll_document(doc_id: str, tokens: list[str], tags: list[str]) -> GoldDocument:
    """One document from tokens and single BIO tags: tokens joined by single spaces, spans over that text."""
    text = " ".join(tokens)
    entities: list[tuple[str, int, int]] = []
    inside: str | None = None  # the label of the span the previous token belongs to
    offset = 0
    for token, tag in zip(tokens, tags, strict=True):
        end = offset + len(token)
        if tag.startswith("I-") and tag[2:] == inside:
            label, start, _ = entities[-1]
            entities[-1] = (label, start, end)
        elif tag == "O":
            inside = None
        else:
            inside = tag[2:]
            entities.append((inside, offset, end))
        offset = end + 1
    return GoldDocument(doc_id, text, tuple(GoldSpan(s, e, label, text[s:e]) for label, s, e in entities))
