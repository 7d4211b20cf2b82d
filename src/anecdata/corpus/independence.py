"""Independence of the corpus from the gold corpora: word n-grams the two share, counted, never shown.

The project's corpus must be written without reading RedHOT, CADEC, PsyTAR, TwiMed or forum_experiences, and must
not repeat them. :func:`shared_ngrams` reads every text file of each gold corpus folder and counts the corpus's
n-grams (default eight words) that occur there. It returns counts and the corpus locations only, so a check never
prints gold text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from anecdata.corpus.build import words
from anecdata.model import Thread

NGRAM = 8
TEXT_SUFFIXES = (".txt", ".ann", ".json", ".jsonl", ".csv", ".tsv", ".conll", ".xml", ".md", ".source", ".target")
MAX_FILE_BYTES = 200_000_000


def corpus_ngrams(threads: Iterable[Thread], n: int = NGRAM) -> dict[tuple[str, ...], str]:
    """Each n-gram of the corpus's post texts and titles, with the post id where it first occurs."""
    grams: dict[tuple[str, ...], str] = {}
    for thread in threads:
        texts = [(f"{thread.id} (title)", thread.title or "")] + [(p.id, p.text) for p in thread.posts]
        for where, text in texts:
            w = words(text)
            for i in range(len(w) - n + 1):
                grams.setdefault(tuple(w[i : i + n]), where)
    return grams


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def file_texts(path: Path) -> Iterator[str]:
    """The text of one gold file: JSON strings one by one, a CoNLL file's first column, other files whole."""
    raw = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix == ".jsonl":
        for line in raw.splitlines():
            try:
                yield from _strings(json.loads(line))
            except ValueError:
                yield line
    elif path.suffix == ".json":
        try:
            yield from _strings(json.loads(raw))
        except ValueError:
            yield raw
    elif path.suffix == ".conll":
        yield " ".join(line.split("\t")[0].split(" ")[0] for line in raw.splitlines())
    else:
        yield raw


def shared_ngrams(threads: Sequence[Thread], corpora: Path, n: int = NGRAM) -> dict[str, Counter[str]]:
    """Per gold corpus folder under ``corpora``, the corpus posts holding an n-gram found there, with counts.

    Every file with a suffix of :data:`TEXT_SUFFIXES` counts; an empty result for a folder means independence.
    """
    grams = corpus_ngrams(threads, n)
    found: dict[str, Counter[str]] = {}
    for folder in sorted(p for p in corpora.iterdir() if p.is_dir()):
        hits: Counter[str] = Counter()
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix not in TEXT_SUFFIXES or path.stat().st_size > MAX_FILE_BYTES:
                continue
            for text in file_texts(path):
                w = words(text)
                for i in range(len(w) - n + 1):
                    where = grams.get(tuple(w[i : i + n]))
                    if where is not None:
                        hits[where] += 1
        found[folder.name] = hits
    return found


def files_scanned(corpora: Path) -> int:
    """How many gold files :func:`shared_ngrams` reads (a check that it read something)."""
    return sum(
        1
        for folder in corpora.iterdir()
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in TEXT_SUFFIXES and p.stat().st_size <= MAX_FILE_BYTES
    )
