"""The RIS reader on records constructed here (none copied from a real export): fields, ids, and what is refused."""

from __future__ import annotations

import gzip

from evidence_files import read_all

RCT = (
    "TY  - JOUR\n"
    "AN  - 31234567\n"
    "TI  - Eccentric loading for Achilles tendinopathy: a randomised controlled trial\n"
    "AB  - Sixty adults were randomly assigned to eccentric loading or rest.\n"
    "  Pain fell more after loading.\n"
    "KW  - Randomized Controlled Trial\n"
    "PY  - 2019///\n"
    "JO  - Invented Journal of Tendons\n"
    "ER  - \n"
)
DOI_ONLY = (
    "TY  - JOUR\n"
    "DO  - https://doi.org/10.1234/ABC.5\n"
    "T1  - Night splints and heel pain\n"
    "N2  - Forty people were followed for a year.\n"
    "Y1  - 2021/03/01/\n"
    "T2  - Invented Foot Review\n"
    "ER  -\n"
)


def _ris(tmp_path, text: str, name: str = "constructed.ris"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_ris_reads_the_fields_of_constructed_records(tmp_path):
    abstracts, problems, progress = read_all("ris", _ris(tmp_path, "\ufeff" + RCT + "\n" + DOI_ONLY))
    assert problems == [] and progress
    first, second = abstracts
    assert (first.pmid, first.year, first.journal) == ("31234567", 2019, "Invented Journal of Tendons")
    assert first.title.startswith("Eccentric loading") and first.text.endswith("rest. Pain fell more after loading.")
    assert first.publication_types == () and first.mesh_headings == ()  # keywords are not an indexing we grade on
    assert (second.pmid, second.title, second.year, second.journal) == (
        "doi:10.1234/abc.5",
        "Night splints and heel pain",
        2021,
        "Invented Foot Review",
    )
    assert second.text == "Forty people were followed for a year."


def test_ris_windows_line_ends_and_gzip_read_the_same(tmp_path):
    plain, _, _ = read_all("ris", _ris(tmp_path, RCT))
    crlf = _ris(tmp_path, gzip.compress(RCT.replace("\n", "\r\n").encode()), "constructed.ris.gz")
    assert read_all("ris", crlf)[0] == plain


def test_ris_an_accession_number_that_is_not_a_pmid_is_the_key_when_there_is_no_doi(tmp_path):
    record = RCT.replace("AN  - 31234567", "AN  - WOS:000123456700001")
    ((abstract,), _, _) = read_all("ris", _ris(tmp_path, record))
    assert abstract.pmid == "WOS:000123456700001"


def test_ris_bad_records_are_reported_with_their_line_and_the_rest_read(tmp_path):
    text = (
        "Exported by an invented tool\n\n"  # line 1: outside any record
        + RCT  # lines 3-11
        + "TY  - JOUR\nTI  - No id here\nER  - \n"  # lines 12-14
        + "TY  - JOUR\nAN  - 1\nTI  - A wrapped\n   title\nER  - \n"  # lines 15-19: a wrapped title is one
        + "TY  - JOUR\nAN  - 3\nTI  - cut by the next record\n"  # lines 20-22: cut by the next TY
        + DOI_ONLY  # lines 23-29
        + "TY  - JOUR\nAN  - 2\nTI  - cut short\n"  # lines 30-32: the file ends
    )
    abstracts, problems, _ = read_all("ris", _ris(tmp_path, text))
    assert [a.pmid for a in abstracts] == ["31234567", "1", "doi:10.1234/abc.5"]
    assert abstracts[1].title == "A wrapped title"
    assert [(p.where, p.reason) for p in problems] == [
        ("line 1", "text outside a record (TY ... ER); skipped"),
        ("line 12", "no id: the record has no AN (accession number) and no DO (DOI)"),
        ("line 20", "a record with no ER line; skipped"),
        ("line 30", "the file ends inside a record (no ER line); skipped"),
    ]


def test_ris_a_line_that_is_no_field_before_any_field_and_bytes_not_utf8_skip_the_record(tmp_path):
    text = b"TY  - JOUR\nnot a field\nER  - \nTY  - JOUR\nAN  - 5\nTI  - caf\xe9\nER  - \n" + RCT.encode()
    abstracts, problems, _ = read_all("ris", _ris(tmp_path, text))
    assert [a.pmid for a in abstracts] == ["31234567"]
    assert [(p.where, p.reason) for p in problems] == [
        ("line 1", "line 2: not an RIS field: 'not a field'; record skipped"),
        ("line 4", "line 6: not valid UTF-8; record skipped"),
    ]
