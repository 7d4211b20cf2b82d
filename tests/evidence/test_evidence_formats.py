"""Telling an evidence file's format by its content: plain or gzipped, whatever its name."""

from __future__ import annotations

import gzip

import pytest
from evidence_files import JSONL, MEDLINE, PUBMED_XML

from anecdata.evidence.formats import FORMATS, sniff


def test_formats_are_the_four_readers():
    assert FORMATS == ("pubmed-xml", "medline", "jsonl", "ris")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PUBMED_XML.read_bytes(), "pubmed-xml"),
        (MEDLINE.read_bytes(), "medline"),
        (JSONL.read_bytes(), "jsonl"),
        (b"\xef\xbb\xbf\n\nPMID- 1\nTI  - x\n", "medline"),
        (b"<PubmedArticleSet><PubmedArticle>", "pubmed-xml"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE MedlineCitationSet PUBLIC "x" "y">\n<MedlineCitationSet>', "pubmed-xml"),
        (b"\xef\xbb\xbf\r\nTY  - JOUR\r\nTI  - x\r\nER  - \r\n", "ris"),
        (b"TY - JOUR\n", None),
        (b"<?xml version='1.0'?><catalog/>", None),
        (b"<html><body>PubMed</body></html>", None),
        (b"Just some notes about papers.\n", None),
        (b"", None),
    ],
)
def test_formats_sniff_by_content_plain_and_gzipped(tmp_path, content, expected):
    plain = tmp_path / "input.txt"
    plain.write_bytes(content)
    packed = tmp_path / "input.bin"
    packed.write_bytes(gzip.compress(content))
    assert sniff(plain) == expected
    assert sniff(packed) == expected


def test_formats_sniff_a_corrupt_gzip_is_an_error(tmp_path):
    path = tmp_path / "bad.xml.gz"
    path.write_bytes(b"\x1f\x8b" + b"\x00" * 40)
    with pytest.raises(OSError, match="truncated or corrupt gzip data"):
        sniff(path)
