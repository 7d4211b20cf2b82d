"""Loading evidence files into a corpus: which files and formats, then read → grade → add in batches.

The corpus is whatever ``add`` writes to (the store's :class:`~anecdata.store.evidence.EvidenceStore`, a
list in a test), so this module knows no store. Files are checked before anything is read: a named file that
is missing or of no known format is an error, raised before a single abstract is stored; a bad record inside
a good file is a :class:`Problem`, reported, counted and skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from anecdata.errors import ConfigError, ReaderError
from anecdata.evidence.formats import FORMATS, READERS, sniff
from anecdata.evidence.grading import grade
from anecdata.evidence.model import Abstract, AddCounts, GradedAbstract
from anecdata.ingest.source import FileProgress, Problem, ReadContext, ignore

BATCH_ABSTRACTS = 1000
"""Abstracts per ``add`` call (one store transaction): about 2 MB of text, and a killed run loses one batch."""


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """One file to load, the format it is read as, and whether that format was sniffed or told."""

    path: Path
    format: str
    sniffed: bool


def _format_help() -> str:
    return f"pass --format ({'|'.join(FORMATS)})"


def plan_files(names: Sequence[str], fmt: str | None = None) -> tuple[list[EvidenceFile], list[Problem]]:
    """The files to load and their formats; files inside a named folder that no reader fits, as problems.

    A folder is expanded to the files under it (sorted, hidden ones left out), so a folder holding PubMed's
    baseline with its ``.md5`` files loads the XML and reports the rest.

    Raises:
        ConfigError: ``fmt`` is not a format.
        ReaderError: a named file or folder does not exist, cannot be read, or (a file) has no known format;
            or nothing at all is left to read.
    """
    if fmt is not None and fmt not in READERS:
        raise ConfigError(f"unknown evidence format {fmt!r}; formats are {', '.join(FORMATS)}")
    files: list[EvidenceFile] = []
    problems: list[Problem] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))):
                choice = _choose(found, fmt)
                if isinstance(choice, str):
                    problems.append(Problem(str(found), "", choice))
                else:
                    files.append(choice)
        elif path.is_file():
            choice = _choose(path, fmt)
            if isinstance(choice, str):
                raise ReaderError(f"{name}: {choice}")
            files.append(choice)
        else:
            raise ReaderError(f"{name}: no such file or folder")
    if not files:
        raise ReaderError(
            f"no PubMed XML, MEDLINE, RIS or JSONL file in {', '.join(names) or 'no input'}; {_format_help()}"
        )
    return files, problems


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _choose(path: Path, fmt: str | None) -> EvidenceFile | str:
    if fmt is not None:
        return EvidenceFile(path, fmt, sniffed=False)
    try:
        sniffed = sniff(path)
    except OSError as e:
        return f"cannot read ({e.strerror or e})"
    if sniffed is None:
        return f"not PubMed XML, MEDLINE, RIS or JSONL abstracts, as far as its first bytes tell; {_format_help()}"
    return EvidenceFile(path, sniffed, sniffed=True)


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did: the corpus's counts, problems per file, the format each file was read as, the abstracts
    read from each, and why a file could not be read as a whole (its first problem that names no record)."""

    counts: AddCounts
    problems_by_file: Mapping[str, int]
    formats: Mapping[str, str]
    read_by_file: Mapping[str, int] = field(default_factory=dict)
    unreadable: Mapping[str, str] = field(default_factory=dict)
    first_problem: Mapping[str, str] = field(default_factory=dict)

    @property
    def problems(self) -> int:
        return sum(self.problems_by_file.values())

    def failed(self) -> dict[str, str]:
        """Each file that failed, and why: it could not be read as a whole, or gave no abstract to store."""
        return {
            name: self.unreadable.get(name) or _nothing_stored(self.first_problem.get(name))
            for name in self.formats
            if name in self.unreadable or not self.read_by_file.get(name)
        }


def _nothing_stored(problem: str | None) -> str:
    return f"nothing stored from this file ({problem})" if problem else "nothing stored from this file"


def graded(abstracts: Iterable[Abstract]) -> Iterator[GradedAbstract]:
    """Each abstract with its grade."""
    for abstract in abstracts:
        yield GradedAbstract(abstract, grade(abstract))


def load_files(
    files: Sequence[EvidenceFile],
    add: Callable[[Sequence[GradedAbstract]], AddCounts],
    batch_size: int = BATCH_ABSTRACTS,
    on_problem: Callable[[Problem], None] = ignore,
    on_progress: Callable[[FileProgress], None] = ignore,
) -> LoadReport:
    """Read, grade and ``add`` the abstracts of ``files`` in batches of ``batch_size``; see the module docstring.

    A file that fails mid-way (a read error) is reported and the next one read; what was added stays added.
    """
    if batch_size <= 0:
        raise ConfigError(f"batch size must be positive, got {batch_size}")
    sizes = [f.path.stat().st_size for f in files]
    total = sum(sizes)
    problems: Counter[str] = Counter()
    read_by_file: Counter[str] = Counter()
    unreadable: dict[str, str] = {}
    first_problem: dict[str, str] = {}
    counts = AddCounts()
    base = read = 0
    current = ""

    def report(problem: Problem) -> None:
        problems[problem.file] += 1
        first_problem.setdefault(
            problem.file, f"{problem.where}: {problem.reason}" if problem.where else problem.reason
        )
        if not problem.where:
            unreadable.setdefault(problem.file, problem.reason)
        on_problem(problem)

    def progress(consumed: int) -> None:
        on_progress(FileProgress(base + consumed, total, read, current))

    ctx = ReadContext(report, progress)
    for file, size in zip(files, sizes, strict=True):
        current = str(file.path)
        batch: list[GradedAbstract] = []
        try:
            for item in graded(READERS[file.format](file.path, ctx)):
                read += 1
                read_by_file[current] += 1
                batch.append(item)
                if len(batch) >= batch_size:
                    counts += add(batch)
                    batch = []
        except OSError as e:
            report(Problem(current, "", f"cannot read ({e.strerror or e})"))
        if batch:
            counts += add(batch)
        base += size
        progress(0)
    formats = {str(f.path): f.format for f in files}
    return LoadReport(counts, dict(problems), formats, dict(read_by_file), unreadable, first_problem)
