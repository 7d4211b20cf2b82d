"""The evidence readers by format name, and which one reads a file: told by ``--format`` or sniffed.

Sniffing reads the first 64 KiB (decompressed when gzipped) and looks at the content, never the name:
PubMed's ``.txt`` may be MEDLINE, a ``.txt`` may be RIS, and a ``.xml.gz`` is gzip before it is XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from anecdata.evidence.jsonl import read_jsonl
from anecdata.evidence.medline import read_medline
from anecdata.evidence.model import Abstract
from anecdata.evidence.pubmed_xml import read_pubmed_xml
from anecdata.evidence.ris import is_ris, read_ris
from anecdata.evidence.source import head
from anecdata.ingest.source import ReadContext

SNIFF_BYTES = 1 << 16
_MEDLINE_START = re.compile(rb"PMID- ?\S")
_PUBMED_XML = (
    b"<PubmedArticleSet",
    b"<PubmedArticle>",
    b"<PubmedArticle ",
    b"<!DOCTYPE PubmedArticleSet",
    b"<MedlineCitationSet",
    b"<!DOCTYPE MedlineCitationSet",
)


class AbstractReader(Protocol):
    """An evidence reader: one file in, abstracts out, problems and progress reported through the context."""

    def __call__(self, path: Path, ctx: ReadContext) -> Iterator[Abstract]: ...


READERS: Mapping[str, AbstractReader] = {
    "pubmed-xml": read_pubmed_xml,
    "medline": read_medline,
    "jsonl": read_jsonl,
    "ris": read_ris,
}
"""Every evidence reader, by the name ``--format`` takes."""
FORMATS: tuple[str, ...] = tuple(READERS)


def sniff(path: Path) -> str | None:
    """The format of ``path`` judged from its first bytes, or None when none fits.

    Raises:
        OSError: the file cannot be opened, or is gzip that cannot be decompressed.
    """
    start = head(path, SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "pubmed-xml" if any(marker in start for marker in _PUBMED_XML) else None
    if start.startswith(b"{"):
        return "jsonl"
    if _MEDLINE_START.match(start):
        return "medline"
    if is_ris(start):
        return "ris"
    return None
