"""Workflows that compose layers: reading a source, running the pipeline and the thread logic over it."""

from __future__ import annotations

from dataclasses import dataclass

from anecdata.ingest.pasted import read_pasted_file
from anecdata.ingest.textfile import DEFAULT_MAX_BYTES, read_text_source
from anecdata.model import Thread
from anecdata.read.pipeline import annotate_thread
from anecdata.thread import add_thread_logic


@dataclass(frozen=True, slots=True)
class Analysis:
    """An analysed thread and what the user should be told about its input."""

    thread: Thread
    warnings: tuple[str, ...] = ()


def analyze_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Analysis:
    """Read one pasted thread from a file (or ``-``), read every post, derive questions and experiences."""
    source = read_text_source(path, max_bytes=max_bytes)
    warnings = []
    if source.replaced:
        warnings.append(f"{source.name}: {source.replaced} byte(s) were not valid UTF-8 and were replaced with U+FFFD")
    thread = read_pasted_file(source.text, source.name)
    return Analysis(add_thread_logic(annotate_thread(thread)), tuple(warnings))
