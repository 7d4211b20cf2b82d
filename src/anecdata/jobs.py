"""Workflows that compose layers: analysing one pasted thread, ingesting sources into a store, reading stored posts.

This is the only module that knows both the reading pipeline and the store (``analyze`` links claims to the
evidence corpus a store holds). Ingest commits in batches, and the reading step reads whatever stored posts lack
current annotations, so a run that was killed is finished by running the same command again; several reading runs
on one store (on one machine or many) claim distinct posts, so each post is read once. The pipeline (spaCy
and its models) is imported only by the workflows that read, so ingesting without reading starts in a fraction of
the time.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from anecdata.errors import ReaderError, StoreError
from anecdata.evidence.rank import vector_text
from anecdata.evidence_links import LinkSettings, Mention, bundled_embedder, find_mentions, link_evidence
from anecdata.ingest.checks import checked_threads
from anecdata.ingest.pasted import read_pasted_file
from anecdata.ingest.registry import choose_reader, input_files
from anecdata.ingest.source import FileProgress, Problem, ReadContext, ignore
from anecdata.ingest.textfile import DEFAULT_MAX_BYTES, read_text_source
from anecdata.model import Post, Thread
from anecdata.serialise import records_version
from anecdata.store import EvidenceStore, IngestCounts, Reading, SqlStore, open_store
from anecdata.store.carried import CarriedReadings, Sentence, ThreadRecords

BATCH_POSTS = 50_000
"""Posts per store transaction. Post ids are hashes, so on a large store each insert lands on its own index page,
and a commit writes every page it changed: a larger batch writes each such page once for more posts (a million
comments: 18.6k/s at 10,000 a batch, 20.4k/s at 20,000, 21.3k/s at 50,000). A killed run loses at most one batch,
and a batch of comments is tens of MB in memory."""
READ_CHUNK = 64
"""Posts sent to a reading worker at a time: enough to amortise the hand-over, small enough to balance."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """The analysed threads of one input (usually one) and what the user should be told about the input."""

    threads: tuple[Thread, ...]
    warnings: tuple[str, ...] = ()

    @property
    def thread(self) -> Thread:
        """The first thread: the one of a pasted thread or a one-thread page."""
        return self.threads[0]


MAX_ANALYZED_THREADS = 20
"""The most threads ``analyze`` reads from one file without being told which: a dump of more is ``ingest``'s."""
WARNINGS_SHOWN = 20
"""Problems of the input shown as warnings; the rest are counted in one more line."""


def analyze_path(
    path: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    statement_model: Path | None = None,
    evidence_db: str | None = None,
    evidence: LinkSettings | None = None,
    fmt: str | None = None,
    pick: int | None = None,
    source: str | None = None,
) -> Analysis:
    """Read the threads of one file (or ``-``) with ingest's readers, read every post, derive questions and
    experiences, and link each claim to the published evidence in ``evidence_db`` (or say that no corpus is loaded).

    Args:
        path: a saved forum page, a Reddit or Discourse thread's JSON, an mbox, a pasted thread as a text file,
            or ``-`` for standard input (a pasted thread).
        max_bytes: inputs larger than this (on disk) are refused.
        statement_model: a model from ``anecdata train statements`` to use instead of the shipped one.
        evidence_db: a store holding abstracts from ``anecdata evidence add``; None links none.
        evidence: how many links a claim keeps and how candidates are ranked; None for the defaults.
        fmt: the ingest format to read ``path`` as; None sniffs it from its content.
        pick: read only the ``pick``-th thread of the file (from 1); None reads each, up to
            :data:`MAX_ANALYZED_THREADS`.
        source: the source's name (the forum's host) for a file that does not say it, as ``ingest --source``.

    Raises:
        ReaderError: the input cannot be read, holds no post, or holds more threads than are read without ``pick``.
        StoreError: ``evidence_db`` cannot be opened (checked before the pipeline loads) or names no database.
    """
    threads, warnings = read_for_analysis(path, max_bytes, fmt, pick, source)
    with _evidence_corpus(evidence_db) as corpus:
        from anecdata.read.pipeline import annotate_thread, build_pipeline  # slow: after the store opened
        from anecdata.thread import add_thread_logic

        config = {"anecdata_statements": {"model": str(statement_model)}} if statement_model else None
        nlp = build_pipeline(config=config) if config else None
        settings = evidence or LinkSettings()
        analysed = tuple(
            link_evidence(add_thread_logic(annotate_thread(thread, nlp)), corpus, settings) for thread in threads
        )
        return Analysis(analysed, tuple(warnings))


def read_for_analysis(
    path: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fmt: str | None = None,
    pick: int | None = None,
    source: str | None = None,
) -> tuple[list[Thread], list[str]]:
    """The threads ``analyze`` reads from ``path``, and warnings about the input; see :func:`analyze_path`.

    Standard input, ``.txt`` files and ``--input-format pasted`` are pasted threads; a text file no reader takes
    (no suffix, ``.md``) is one too, as ``analyze`` always read it. Everything else goes through the ingest
    registry, so a saved page or a thread's JSON is read as ``ingest`` reads it, never as markup pasted as a post.
    """
    if pick is not None and pick <= 0:
        raise ReaderError(f"--thread counts from 1, got {pick}")
    if path == "-" or fmt == "pasted":
        return _pasted(path, max_bytes, pick)
    file = Path(path)
    if not file.exists():
        raise ReaderError(f"no such file: {path!r}")
    if file.is_dir():
        raise ReaderError(f"{path!r} is a directory; give one thread file (or - for standard input)")
    try:
        size = file.stat().st_size
    except OSError as e:
        raise ReaderError(f"cannot read {path!r}: {e.strerror}") from e
    if size > max_bytes:
        raise ReaderError(f"{path} is larger than {max_bytes:,} bytes; pass --max-bytes N to read it anyway")
    choice = choose_reader(file, fmt)
    if isinstance(choice, Problem):
        if choice.skipped:
            return _pasted(path, max_bytes, pick)
        raise ReaderError(str(choice))
    if choice.format == "pasted":
        return _pasted(path, max_bytes, pick)
    problems: list[Problem] = []
    read = _guarded(choice.reader(file, ReadContext(problems.append, source=source)), file, problems.append)
    threads = checked_threads(read, path, problems.append)
    chosen = _chosen(threads, pick, path)
    if not chosen:
        why = next((p.reason for p in problems if not p.where), None) or next((str(p) for p in problems), None)
        raise ReaderError(f"{path}: no post read as {choice.format}" + (f" ({why})" if why else ""))
    return chosen, _warnings(problems)


def _chosen(threads: Iterable[Thread], pick: int | None, path: str) -> list[Thread]:
    """The ``pick``-th thread, else every thread up to :data:`MAX_ANALYZED_THREADS` (more is an error)."""
    found: list[Thread] = []
    count = 0
    for count, thread in enumerate(threads, 1):
        if pick is not None:
            if count == pick:
                return [thread]
            continue
        found.append(thread)
        if len(found) > MAX_ANALYZED_THREADS:
            raise ReaderError(
                f"{path} holds more than {MAX_ANALYZED_THREADS} threads; pass --thread N to analyse the Nth, "
                "or ingest it (anecdata ingest FILE --db ...)"
            )
    if pick is not None and count:
        raise ReaderError(f"{path} holds {count} thread(s); --thread {pick} names none")
    return found


def _pasted(path: str, max_bytes: int, pick: int | None) -> tuple[list[Thread], list[str]]:
    source = read_text_source(path, max_bytes=max_bytes)
    if pick is not None and pick != 1:
        raise ReaderError(f"{source.name} is one pasted thread; --thread {pick} names none")
    warnings = []
    if source.replaced:
        warnings.append(f"{source.name}: {source.replaced} byte(s) were not valid UTF-8 and were replaced with U+FFFD")
    return [read_pasted_file(source.text, source.name)], warnings


def _warnings(problems: Sequence[Problem]) -> list[str]:
    shown = [str(p) for p in problems[:WARNINGS_SHOWN]]
    if len(problems) > WARNINGS_SHOWN:
        shown.append(f"{len(problems) - WARNINGS_SHOWN} more problem(s) in the input")
    return shown


@contextmanager
def _evidence_corpus(url: str | None) -> Iterator[EvidenceStore | None]:
    """The evidence corpus of the store at ``url``, open for the block; None when no URL is given.

    A missing SQLite file is an error rather than a new store: analysing never creates a database.
    """
    if url is None:
        yield None
        return
    with open_store(url, create=False, option="--evidence-db") as store:
        yield EvidenceStore(store)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read the sources: a forced format, a source name, a column mapping, the batch size."""

    fmt: str | None = None
    source: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    batch_posts: int = BATCH_POSTS


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest run did: post counts, problems per file, files read, and the store's size after it."""

    counts: IngestCounts
    problems_by_file: Mapping[str, int]
    formats: Mapping[str, str]
    threads_in_store: int
    posts_in_store: int


class _IngestRun:
    """The running totals of one ingest, and the listeners they are reported to."""

    def __init__(
        self,
        total: int,
        on_problem: Callable[[Problem], None],
        on_progress: Callable[[FileProgress], None],
    ) -> None:
        self.total = total
        self.counts = IngestCounts()
        self.on_problem = on_problem
        self.on_progress = on_progress
        self.problems: Counter[str] = Counter()
        self.base = 0
        self.file = ""

    def report(self, problem: Problem) -> None:
        self.problems[problem.file] += 1
        self.on_problem(problem)

    def progress(self, consumed: int) -> None:
        """``consumed`` bytes of the current file are read."""
        self.on_progress(FileProgress(self.base + consumed, self.total, self.counts.posts, self.file))


def ingest_sources(
    sources: Sequence[str],
    store: SqlStore,
    options: IngestOptions = IngestOptions(),
    on_problem: Callable[[Problem], None] = ignore,
    on_progress: Callable[[FileProgress], None] = ignore,
) -> IngestReport:
    """Read every file named (folders expanded) with its reader and store the threads in batches.

    A file, line or frame that cannot be read is reported through ``on_problem``, counted and skipped; the
    rest is stored. Each batch is one transaction, so stopping at any moment loses only the current batch.
    """
    items = list(input_files(sources))
    formats: dict[str, str] = {}
    run = _IngestRun(sum(p.stat().st_size for p in items if isinstance(p, Path)), on_problem, on_progress)
    for item in items:
        if isinstance(item, Problem):
            run.report(item)
            continue
        run.file = str(item)
        choice = choose_reader(item, options.fmt)
        if isinstance(choice, Problem):
            run.report(choice)
        else:
            formats[str(item)] = choice.format
            ctx = ReadContext(run.report, run.progress, options.source, options.columns)
            before = run.counts.posts
            threads = checked_threads(_guarded(choice.reader(item, ctx), item, run.report), str(item), run.report)
            for batch in _batches(threads, options.batch_posts):
                run.counts += store.add_threads(batch)
            if run.counts.posts == before:
                run.report(Problem(str(item), "", f"nothing stored from this file (read as {choice.format})"))
        run.base += item.stat().st_size
        run.progress(0)
    return IngestReport(run.counts, dict(run.problems), formats, store.count("threads"), store.count("posts"))


def _guarded(threads: Iterator[Thread], path: Path, report: Callable[[Problem], None]) -> Iterator[Thread]:
    """The reader's threads; whatever stops the reader (an unreadable file, or input it was not built for) is
    reported as one line, and the threads it gave before are kept."""
    try:
        yield from threads
    except OSError as e:
        report(Problem(str(path), "", f"cannot read ({e.strerror or e})"))
    except ReaderError as e:
        report(Problem(str(path), "", f"cannot read ({e})"))
    except RecursionError:
        report(Problem(str(path), "", "cannot read: nested too deeply; the rest of the file is skipped"))
    except Exception as e:  # a reader's bug must not cost the other files: one line, not a traceback
        report(Problem(str(path), "", f"cannot read ({type(e).__name__}: {e}); the rest of the file is skipped"))


def _batches(threads: Iterable[Thread], batch_posts: int) -> Iterable[list[Thread]]:
    batch: list[Thread] = []
    held = 0
    for thread in threads:
        batch.append(thread)
        held += len(thread.posts)
        if held >= batch_posts:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


@dataclass(frozen=True, slots=True)
class ReadProgress:
    """Where a reading run is: posts read and saved, of those pending when it started."""

    done: int
    total: int


def read_chunk(items: Sequence[tuple[Post, tuple[str, ...], str]]) -> list[Reading]:
    """Read a chunk of stored posts (in a worker process): each with the names of its thread, for PII.

    One post never stops the chunk: a post longer than the pipeline reads, or one the pipeline fails on, gets a
    reading that says why it was skipped (stored, and listed by ``anecdata read``), and the others are read.
    """
    from anecdata.read.pipeline import check_length, default_pipeline

    nlp = default_pipeline()
    readings = []
    for names, group in groupby(sorted(items, key=lambda item: item[1]), key=lambda item: item[1]):
        members = []
        for post, _, text_hash in group:
            try:
                check_length(post)
            except ReaderError as e:
                readings.append(Reading(post.id, text_hash, skipped=_reason(e), sentences=_cut(post)))
            else:
                members.append((post, text_hash))
        try:
            readings.extend(_read_posts(members, nlp, names))
        except Exception:  # find the post that fails, and read the others
            for member in members:
                try:
                    readings.extend(_read_posts([member], nlp, names))
                except Exception as e:  # any failure of the pipeline on one post skips that post
                    readings.append(Reading(member[0].id, member[1], skipped=_reason(e), sentences=_cut(member[0])))
    return readings


def _read_posts(members: Sequence[tuple[Post, str]], nlp: Any, names: tuple[str, ...]) -> list[Reading]:
    from anecdata.read.pipeline import annotate_posts

    annotated = annotate_posts([post for post, _ in members], nlp, names)
    return [
        Reading(post.id, text_hash, post.annotations, sentences=_cut(post))
        for post, (_, text_hash) in zip(annotated, members, strict=True)
    ]


def _cut(post: Post) -> tuple[Sentence, ...] | None:
    """The post's sentences around its statements, as reading carries them in the store (``search.sentences``);
    None if cutting fails (the reading is kept, and pages cut the post themselves)."""
    from anecdata.search.sentences import Statement, cut_post

    try:
        return tuple(cut_post(post.text, [Statement(a.id, a.label, a.start, a.end) for a in post.layer("statement")]))
    except Exception:  # a sentence is never worth a reading
        return None


SKIP_REASON_CHARS = 300
"""The longest reason stored for a skipped post."""


def _reason(error: Exception) -> str:
    """One line saying why a post was skipped, safe to store on any backend (no NUL) and short."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    reason = message if isinstance(error, ReaderError) else f"the pipeline failed: {type(error).__name__}: {message}"
    return reason.replace("\x00", "\ufffd")[:SKIP_REASON_CHARS]


WATCH_SECONDS = 1.0
"""How often a reading worker checks that the ``read`` that started it is still running."""


def end_with_parent(main_pid: int) -> None:
    """Make this reading worker end within :data:`WATCH_SECONDS` of the process that started the pool.

    A worker's parent is the forkserver, which itself stays up as long as any worker holds its "alive" pipe, so
    nothing ends when ``read`` is killed (``kill -9``, SIGTERM): a daemon thread watches ``main_pid`` instead,
    and when it has ended the worker exits; the forkserver and the resource tracker then see their pipes close
    and end too.
    """
    import threading

    def watch() -> None:
        while _running(main_pid):
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, ended but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def default_workers() -> int:
    """One reading worker per CPU core."""
    return os.cpu_count() or 1


def reader_id() -> str:
    """A name for this reading run in the store's claims: its machine, its process and a random part (a process
    id is used again, a reader's name never is)."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:12]}"


def release_ended_readers(store: SqlStore) -> int:
    """Drop the claims of readers on this machine whose process has ended (a reader killed mid-page); returns how
    many. Their posts are pending again at once instead of after ``store.sql.CLAIM_EXPIRY_SECONDS``; a reader on
    another machine cannot be checked, and its claims are left to expire. A machine is known by its host name."""
    host, released = socket.gethostname(), 0
    for reader in store.claim_readers():
        machine, _, rest = reader.partition("/")
        pid = rest.split("/", 1)[0]
        if machine == host and pid.isdigit() and not _running(int(pid)):
            released += store.release_claims(reader)
    return released


def read_pending(
    store: SqlStore,
    workers: int = 0,
    chunk_posts: int = READ_CHUNK,
    on_progress: Callable[[ReadProgress], None] = ignore,
) -> int:
    """Read every stored post whose annotations are missing or from another pipeline version; returns how many.

    Posts go in chunks to ``workers`` processes (started with forkserver, or spawn where fork is unsafe, so
    workers never inherit the store's connection); the main process alone writes to the store, one transaction
    per chunk. ``workers=0`` means one per core; ``workers=1`` reads in this process.

    The run claims each chunk in the store before reading it (:meth:`SqlStore.claim_pending`) and drops the claims
    in the transaction that saves the chunk's readings, so runs reading one store at the same time, on one machine
    or several, read distinct posts. Claims left by a run on this machine that has ended are dropped first; those
    of a run elsewhere expire (``store.sql.CLAIM_EXPIRY_SECONDS``). Progress counts the posts no other run had
    claimed when this one started; when other runs took some of them, the last report's total is what this run read.
    """
    from anecdata.read.pipeline import PIPELINE_VERSION

    release_ended_readers(store)
    reader = reader_id()
    total = store.count_pending(PIPELINE_VERSION, reader)
    if total == 0:
        return 0
    workers = workers or default_workers()
    pages = _claimed_pages(store, PIPELINE_VERSION, reader, chunk_posts)
    try:
        done = _read_pages(
            store, pages, workers, reader, PIPELINE_VERSION, lambda done: on_progress(ReadProgress(done, total))
        )
    except BaseException:
        with suppress(StoreError):  # the claims expire if the store cannot be reached
            store.release_claims(reader)
        raise
    store.release_claims(reader)
    if done < total:
        on_progress(ReadProgress(done, done))
    return done


def _read_pages(
    store: SqlStore,
    pages: Iterable[list[tuple[Post, tuple[str, ...], str]]],
    workers: int,
    reader: str,
    version: str,
    saved: Callable[[int], None],
) -> int:
    """Read claimed pages in this process (``workers=1``) or in a pool, save each page's readings with its
    claims dropped, and report the posts saved so far to ``saved``; returns how many."""
    done = 0
    if workers == 1:
        for page in pages:
            done += store.save_readings(read_chunk(page), version, reader)
            saved(done)
        return done
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        in_flight: deque[Future[list[Reading]]] = deque()
        for page in pages:
            in_flight.append(pool.submit(read_chunk, page))
            while len(in_flight) >= 2 * workers:
                done += store.save_readings(in_flight.popleft().result(), version, reader)
                saved(done)
        while in_flight:
            done += store.save_readings(in_flight.popleft().result(), version, reader)
            saved(done)
    return done


EMBED_BATCH = 2_000
"""Abstracts embedded and stored per transaction."""
ABSTRACTS_PER_ENCODE = 64
"""Abstracts per call of the embedder: small batches of long texts keep its token-vector gather in cache."""


def embed_abstracts(
    evidence: EvidenceStore, batch: int = EMBED_BATCH, on_progress: Callable[[ReadProgress], None] = ignore
) -> int:
    """Give every stored abstract a vector of the bundled embedding model; returns how many were embedded.

    Resumable: each batch is one transaction, and a run starts from the abstracts still without a vector (an
    abstract whose text changed lost its vector when it was updated).
    """
    embedder = bundled_embedder()
    total = evidence.count() - evidence.count_vectors(embedder.key)
    done, after = 0, ""
    while todo := evidence.without_vectors(embedder.key, batch, after):
        vectors = embedder.encode([vector_text(a) for a in todo], batch_size=ABSTRACTS_PER_ENCODE)
        evidence.add_vectors(embedder.key, [(a.pmid, v) for a, v in zip(todo, vectors, strict=True)])
        done, after = done + len(todo), todo[-1].pmid
        on_progress(ReadProgress(done, total))
    return done


CARRY_BATCH = 500
"""Posts cut, titles matched or abstracts matched per transaction when carrying what reading knows."""


def carry_readings(store: SqlStore, on_progress: Callable[[ReadProgress], None] = ignore) -> int:
    """Carry in the store what pages would otherwise read or derive again per request; returns how many posts,
    titles and threads.

    Cuts the sentences of every read post whose reading carries none (a store read before sentences were
    carried: migration 8), finds the mentions of every thread title that has none of this pipeline version
    for its current title, and stores the records of threads that have none of this code (:func:`carry_records`).
    Resumable: each batch is one transaction, and a run starts from what is still missing. Runs after reading
    (``anecdata read``, ``ingest --read``); on a store with nothing missing it costs a few queries.
    """
    from anecdata.search.sentences import cut_post

    carried = CarriedReadings(store)
    total = carried.count_uncut()
    done, after = 0, 0
    while uncut := carried.uncut(after, CARRY_BATCH):
        carried.save_sentences([(p.post_id, p.text_hash, cut_post(p.text, p.statements)) for p in uncut])
        done, after = done + len(uncut), uncut[-1].seq
        on_progress(ReadProgress(done, total))
    return done + carry_titles(store) + carry_records(store)


def carry_titles(store: SqlStore) -> int:
    """Find and keep the mentions of every thread title that has none of this pipeline version for its current
    title (what linking a thread's claims to evidence reads); returns how many titles. Runs after indexing."""
    from anecdata.read.pipeline import PIPELINE_VERSION
    from anecdata.store.carried import StoredMention

    carried = CarriedReadings(store)
    titled = 0
    while titles := carried.titles_without_mentions(PIPELINE_VERSION, CARRY_BATCH):
        found = find_mentions([title for _, title in titles])
        carried.save_title_mentions(
            PIPELINE_VERSION,
            [
                (thread_id, title, [StoredMention(m.start, m.end, m.label, m.concept_id) for m in mentions])
                for (thread_id, title), mentions in zip(titles, found, strict=True)
            ],
        )
        titled += len(titles)
    return titled


def find_abstract_mentions(
    evidence: EvidenceStore, batch: int = CARRY_BATCH, on_progress: Callable[[ReadProgress], None] = ignore
) -> int:
    """Keep the reading's mentions of every stored abstract's title and text that has none of this pipeline
    version, so ranking candidates for a claim reads them instead of matching them per request; returns how many.

    Resumable like :func:`embed_abstracts`: each batch is one transaction, and an abstract that changed lost its
    mentions when it was updated.
    """
    from anecdata.read.pipeline import PIPELINE_VERSION
    from anecdata.store.carried import StoredMention
    from anecdata.store.evidence import AbstractMentions

    def kept(mentions: Sequence[Mention]) -> tuple[StoredMention, ...]:
        return tuple(StoredMention(m.start, m.end, m.label, m.concept_id) for m in mentions)

    total = evidence.count_without_mentions(PIPELINE_VERSION)
    done, after = 0, ""
    while todo := evidence.without_mentions(PIPELINE_VERSION, batch, after):
        found = find_mentions([text for a in todo for text in (a.title, a.text)])
        evidence.add_mentions(
            PIPELINE_VERSION,
            [
                AbstractMentions(a.pmid, a.title, a.text, kept(found[2 * i]), kept(found[2 * i + 1]))
                for i, a in enumerate(todo)
            ],
        )
        done, after = done + len(todo), todo[-1].pmid
        on_progress(ReadProgress(done, total))
    return done


INDEX_BATCH_THREADS = 200
"""Threads indexed per transaction."""


def index_experiences(store: SqlStore, on_progress: Callable[[ReadProgress], None] = ignore) -> int:
    """Rebuild the experience index of every thread on the stale list (its readings or its posts' rows changed), and
    store the thread's records (its experiences and questions, which the thread page reads back); returns how many
    threads.

    Thread logic runs once per thread for both. Runs after reading (``anecdata read``, ``ingest --read``); a
    killed run leaves the rest on the stale list, so the next run finishes it (records stored for a thread still
    on the list read as none). A thread another reader saved readings of while it was being indexed stays on the
    list and is indexed again. The titles of threads then get their mentions (:func:`carry_titles`).
    """
    from anecdata.report.facts import thread_index
    from anecdata.store.experiences import ExperienceIndex

    index, carried = ExperienceIndex(store), CarriedReadings(store)
    total, done = index.count_stale(), 0
    while stale := index.stale(INDEX_BATCH_THREADS):
        threads, bases = _derive_records(store, carried, stale)
        indexed = index.replace([thread_index(thread) for thread in threads], bases)
        if not indexed:  # another reader changed every thread of the batch meanwhile: it indexes them when it ends
            break
        done += indexed
        on_progress(ReadProgress(done, total))
    carry_titles(store)
    return done


def carry_records(store: SqlStore) -> int:
    """Store the records of every thread that has none of this code's version (a store indexed before records were
    stored, migration 9, or by another version of thread logic), leaving stale threads to indexing; returns how
    many threads. Resumable: each batch is one transaction. Runs after indexing, in :func:`carry_readings`."""
    carried, version = CarriedReadings(store), records_version()
    done, after = 0, ""
    while todo := carried.threads_without_records(version, after, CARRY_BATCH):
        _derive_records(store, carried, todo)
        done, after = done + len(todo), todo[-1]
    return done


def _derive_records(
    store: SqlStore, carried: CarriedReadings, thread_ids: Sequence[str]
) -> tuple[list[Thread], dict[str, str]]:
    """The stored threads with their logic applied, and the bases taken before they were read, after storing their
    records with those bases (a thread that changes meanwhile keeps none)."""
    from anecdata.thread import add_thread_logic

    bases = carried.thread_bases(thread_ids)
    threads = [add_thread_logic(store.thread(thread_id)) for thread_id in thread_ids]
    carried.save_thread_records(
        records_version(), [(t.id, bases[t.id], ThreadRecords(t.experiences, t.questions)) for t in threads]
    )
    return threads, bases


def store_reports(store: SqlStore, on_progress: Callable[[ReadProgress], None] = ignore) -> int:
    """Build and store the report of every condition people's records name, most named first, for this version of
    the experience index, so that opening one reads it back; returns how many were built (stored ones are not).

    A report is built from the rows of the threads that mention its condition, so storing them all costs about
    as much as reading the index once per condition a thread mentions; a condition named by no record (a broader
    one asked for by name) is built when asked, and stored by ``anecdata report``."""
    from anecdata.report.condition import built_with, stored_condition_report
    from anecdata.store.experiences import ExperienceIndex
    from anecdata.vocab.compiled import load_lexicon

    index, lexicon = ExperienceIndex(store), load_lexicon()
    version = index.version()
    wanted = [concept for concept, _, _ in index.conditions(limit=None)]
    by = built_with(lexicon)
    todo = [c for c in wanted if index.stored_report(c, version, by) is None]
    for done, concept in enumerate(todo, 1):
        stored_condition_report(store, concept, lexicon)
        on_progress(ReadProgress(done, len(todo)))
    return len(todo)


def _claimed_pages(
    store: SqlStore, version: str, reader: str, chunk_posts: int
) -> Iterator[list[tuple[Post, tuple[str, ...], str]]]:
    """Pages of pending posts claimed for ``reader``, each claimed when it is asked for (as a worker is free)."""
    after = 0
    while (page := store.claim_pending(version, reader, after, chunk_posts)).last_seq is not None:
        after = page.last_seq
        if page.posts:
            yield [(p.post, p.names, p.text_hash) for p in page.posts]
