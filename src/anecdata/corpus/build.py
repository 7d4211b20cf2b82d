"""Build the corpus folder: markup sources → one ``anecdata/2`` document per split, a manifest, and statistics.

Layout of a corpus folder (``data/corpus/``)::

    threads/<id>.md        one thread per file, in the authoring markup (GUIDE.md)
    json/train.json        the threads of each split as an ``anecdata/2`` document, gold annotations in place
    json/dev.json            of predictions (origin component ``gold``)
    json/test.json
    threads.tsv            id, area, split, posts, words: one row per thread
    README.md              its statistics block is rewritten by ``build``
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.corpus.markup import Authored, read_thread, split_of
from anecdata.errors import DataError
from anecdata.model import LAYERS, Post, Thread
from anecdata.serialise import document_from_record, document_to_record
from anecdata.settings import REPO_ROOT

CORPUS_DIR = REPO_ROOT / "data" / "corpus"
SPLITS = ("train", "dev", "test")
STATS_BEGIN = "<!-- stats:begin (written by python -m anecdata.corpus build) -->"
STATS_END = "<!-- stats:end -->"
LENGTH_BINS = ((1, 10), (11, 30), (31, 80), (81, 200), (201, 500), (501, 1000), (1001, None))
DUPLICATE_MIN_WORDS = 4
"""Sentences shorter than this ("Thanks!", "Same here.") repeat in any forum and are left out of the duplicate rate."""
_WORD = re.compile(r"\w+(?:'\w+)?")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def words(text: str) -> list[str]:
    """The words of a text, lower case (for lengths, duplicates and n-grams)."""
    return [w.lower() for w in _WORD.findall(text)]


def read_sources(folder: Path = CORPUS_DIR) -> list[Authored]:
    """Every thread of ``folder/threads/*.md``, by id.

    Raises:
        DataError: the first file that does not parse, as ``file:line: message``; or no files at all.
    """
    paths = sorted((folder / "threads").glob("*.md"))
    if not paths:
        raise DataError(f"no thread files in {folder / 'threads'}; write one as GUIDE.md shows")
    authored = [read_thread(p) for p in paths]
    posts: set[str] = set()
    for a in authored:
        for post in a.thread.posts:
            if post.id in posts:
                raise DataError(f"post id {post.id!r} occurs in two threads; thread ids must not be prefixes")
            posts.add(post.id)
    return authored


def documents(authored: Iterable[Authored]) -> dict[str, dict[str, Any]]:
    """One ``anecdata/2`` record per split, threads ordered by id."""
    by_split: dict[str, list[Thread]] = {s: [] for s in SPLITS}
    for a in sorted(authored, key=lambda a: a.thread.id):
        by_split[split_of(a.thread.id)].append(a.thread)
    return {split: document_to_record(threads) for split, threads in by_split.items()}


def load_split(folder: Path, split: str) -> list[Thread]:
    """The gold threads of one split of a built corpus folder."""
    if split not in SPLITS:
        raise DataError(f"split {split!r} is not one of {SPLITS}")
    path = folder / "json" / f"{split}.json"
    if not path.is_file():
        raise DataError(f"{path} is missing; run: python -m anecdata.corpus build")
    return document_from_record(json.loads(path.read_text(encoding="utf-8")))


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def manifest(authored: Sequence[Authored]) -> str:
    rows = ["id\tarea\tsplit\tposts\twords"]
    for a in sorted(authored, key=lambda a: a.thread.id):
        n = sum(len(words(p.text)) for p in a.thread.posts)
        rows.append(f"{a.thread.id}\t{a.area}\t{split_of(a.thread.id)}\t{len(a.thread.posts)}\t{n}")
    return "\n".join(rows) + "\n"


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Counts and histograms of a corpus, as the README shows them."""

    threads: int
    posts: int
    words: int
    splits: dict[str, tuple[int, int]]
    layers: dict[str, Counter[str]]
    areas: Counter[str]
    conditions: Counter[str]
    lengths: Counter[str]
    sentences: int
    duplicate_sentences: int

    @property
    def duplicate_rate(self) -> float:
        return self.duplicate_sentences / self.sentences if self.sentences else 0.0


def _unquoted(post: Post) -> str:
    """The post text with quoted extents blanked: a quote repeats an earlier post by design."""
    text = post.text
    for q in post.context.quotes:
        text = text[: q.start] + "\n" * (q.end - q.start) + text[q.end :]
    return text


def _bin(n: int) -> str:
    for low, high in LENGTH_BINS:
        if high is None or n <= high:
            return f"{low}+" if high is None else f"{low}-{high}"
    raise AssertionError(n)


def corpus_stats(authored: Sequence[Authored]) -> CorpusStats:
    """Counts per split and layer, threads per area and condition, words per post, and the duplicate-sentence rate.

    A condition counts once per thread (the concept of a ``condition`` mention). A sentence is a stretch of a post
    ending in ``.``, ``!``, ``?`` or a line break; it is a duplicate when an earlier sentence of the corpus has the
    same words; only sentences of :data:`DUPLICATE_MIN_WORDS` words or more, outside quotes, are counted.
    """
    layers: dict[str, Counter[str]] = {layer: Counter() for layer in LAYERS}
    conditions: Counter[str] = Counter()
    lengths: Counter[str] = Counter()
    splits = {s: [0, 0] for s in SPLITS}
    seen: set[tuple[str, ...]] = set()
    sentences = duplicates = total_words = 0
    for a in authored:
        split = splits[split_of(a.thread.id)]
        split[0] += 1
        split[1] += len(a.thread.posts)
        names: set[str] = set()
        for post in a.thread.posts:
            n = len(words(post.text))
            total_words += n
            lengths[_bin(n)] += 1
            for ann in post.annotations:
                layers[ann.layer][ann.label] += 1
                if ann.label == "condition" and ann.concept is not None:
                    names.add(ann.concept.name)
            for match in _SENTENCE.finditer(_unquoted(post)):
                key = tuple(words(match[0]))
                if len(key) < DUPLICATE_MIN_WORDS:
                    continue
                sentences += 1
                duplicates += key in seen
                seen.add(key)
        conditions.update(names)
    return CorpusStats(
        threads=len(authored),
        posts=sum(len(a.thread.posts) for a in authored),
        words=total_words,
        splits={s: (v[0], v[1]) for s, v in splits.items()},
        layers=layers,
        areas=Counter(a.area for a in authored),
        conditions=conditions,
        lengths=lengths,
        sentences=sentences,
        duplicate_sentences=duplicates,
    )


def _counts(counter: Counter[str], order: Iterable[str] | None = None) -> str:
    keys = list(order) if order is not None else [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ", ".join(f"{k} {counter[k]}" for k in keys if counter[k])


def stats_markdown(s: CorpusStats) -> str:
    """The statistics block of the README (Markdown)."""
    bins = [_bin(low) for low, _ in LENGTH_BINS]
    width = max(s.lengths.values(), default=1)
    bars = "\n".join(f"{b:>9} | {'#' * round(30 * s.lengths[b] / width):<30} {s.lengths[b]}" for b in bins)
    lines = [
        f"- threads: {s.threads}; posts (opening posts and replies): {s.posts}; words: {s.words}",
        "- splits (threads / posts): " + ", ".join(f"{k} {v[0]} / {v[1]}" for k, v in s.splits.items()),
        "- annotations per layer: "
        + ", ".join(f"{layer} {sum(c.values())}" for layer, c in s.layers.items() if sum(c.values())),
    ]
    lines += [f"  - {layer}: {_counts(c, LAYERS[layer])}" for layer, c in s.layers.items() if sum(c.values())]
    lines += [
        f"- duplicate sentences ({DUPLICATE_MIN_WORDS}+ words): {s.duplicate_sentences} of {s.sentences} "
        f"({100 * s.duplicate_rate:.2f}%)",
        f"- threads per area: {_counts(s.areas)}",
        f"- threads per condition ({len(s.conditions)} conditions): {_counts(s.conditions)}",
        "",
        "Words per post:",
        "",
        "```",
        bars,
        "```",
    ]
    return "\n".join(lines)


def readme_with_stats(readme: str, block: str, begin_marker: str = STATS_BEGIN, end_marker: str = STATS_END) -> str:
    """``readme`` with the text between two marker lines (the statistics block's by default) replaced by ``block``."""
    begin, end = readme.find(begin_marker), readme.find(end_marker)
    if begin < 0 or end < begin:
        raise DataError(f"README has no block to rewrite: add the lines {begin_marker!r} and {end_marker!r}")
    return readme[: begin + len(begin_marker)] + "\n" + block + "\n" + readme[end:]


def expected_files(folder: Path = CORPUS_DIR) -> dict[Path, str]:
    """Every file ``build`` writes, with the content it writes, from the thread sources of ``folder``."""
    authored = read_sources(folder)
    files = {folder / "json" / f"{split}.json": _dump(doc) for split, doc in documents(authored).items()}
    files[folder / "threads.tsv"] = manifest(authored)
    readme = folder / "README.md"
    current = readme.read_text(encoding="utf-8") if readme.is_file() else f"{STATS_BEGIN}\n{STATS_END}\n"
    files[readme] = readme_with_stats(current, stats_markdown(corpus_stats(authored)))
    return files


def build(folder: Path = CORPUS_DIR) -> list[Path]:
    """Convert and validate every source, then write the split documents, manifest and README statistics."""
    written = []
    for path, content in expected_files(folder).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


def stale_files(folder: Path = CORPUS_DIR) -> list[Path]:
    """The built files that differ from what the sources give (empty when the folder is up to date)."""
    return [
        path
        for path, content in expected_files(folder).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != content
    ]
