"""The MEDLINE reader: fields, continuation lines, MeSH qualifiers, and bad records reported by line."""

from __future__ import annotations

from evidence_files import MEDLINE, gzipped, read_all


def test_medline_reads_every_sample_record():
    abstracts, problems, progress = read_all("medline", MEDLINE)
    assert problems == []
    assert [a.pmid for a in abstracts] == ["90000011", "90000012", "90000013", "90000014"]
    assert progress[-1] == MEDLINE.stat().st_size


def test_medline_joins_continuation_lines_and_reads_the_fields():
    trial = read_all("medline", MEDLINE)[0][0]
    assert trial.title == (
        "Heavy slow resistance versus eccentric loading for mid-portion Achilles tendinopathy in recreational runners."
    )
    assert trial.text.startswith(
        "BACKGROUND: Loading programmes are the first-line treatment for Achilles tendinopathy"
    )
    assert "  " not in trial.text and trial.text.endswith("similar results.")
    assert (trial.year, trial.journal) == (2023, "Journal of Invented Sports Medicine")
    assert trial.publication_types == ("Journal Article", "Randomized Controlled Trial")


def test_medline_mesh_headings_lose_qualifiers_and_major_topic_stars():
    trial = read_all("medline", MEDLINE)[0][0]
    assert trial.mesh_headings == (
        "Achilles Tendon",
        "Adult",
        "Humans",
        "Resistance Training",
        "Running",
        "Tendinopathy",
    )


def test_medline_year_from_a_full_date_and_journal_from_ta_without_jt(tmp_path):
    path = tmp_path / "one.nbib"
    path.write_text("PMID- 91000001\nDP  - 2021 Sep 15\nTI  - A title.\nTA  - Invent J\n")
    (abstract,) = read_all("medline", path)[0]
    assert (abstract.year, abstract.journal, abstract.text) == (2021, "Invent J", "")


def test_medline_gzipped_and_crlf_read_the_same(tmp_path):
    plain = read_all("medline", MEDLINE)[0]
    assert read_all("medline", gzipped(MEDLINE, tmp_path / "s.nbib.gz"))[0] == plain
    crlf = tmp_path / "crlf.nbib"
    crlf.write_bytes(MEDLINE.read_bytes().replace(b"\n", b"\r\n"))
    assert read_all("medline", crlf)[0] == plain


def test_medline_a_bad_record_is_skipped_with_its_line_and_the_next_is_read(tmp_path):
    path = tmp_path / "bad.nbib"
    path.write_bytes(
        b"PMID- 91000001\nTI  - Fine.\n\n"
        b"PMID- 91000002\nTI  - Broken\nthis line is no field\nAB  - text\n\n"
        b"PMID- 91000003\nTI  - Caf\xe9 is not UTF-8.\n\n"
        b"TI  - No id here.\n\n"
        b"PMID- 91000005\nTI  - Fine too.\n"
    )
    abstracts, problems, _ = read_all("medline", path)
    assert [a.pmid for a in abstracts] == ["91000001", "91000005"]
    assert [(p.where, p.reason) for p in problems] == [
        ("line 6", "not a MEDLINE field or continuation: 'this line is no field'; record skipped"),
        ("line 10", "not valid UTF-8; record skipped"),
        ("line 12", "no PMID"),
    ]


def test_medline_truncated_gzip_keeps_the_whole_records_before_the_break(tmp_path):
    import gzip

    records = "".join(f"PMID- {91000000 + i}\nTI  - Title {i}.\nAB  - {'word ' * 150}\n\n" for i in range(300))
    data = gzip.compress(records.encode())
    path = tmp_path / "cut.nbib.gz"
    path.write_bytes(data[: len(data) // 2])
    abstracts, problems, _ = read_all("medline", path)
    assert 0 < len(abstracts) < 300
    assert all(a.text == ("word " * 150).strip() for a in abstracts)
    assert len(problems) == 1 and "truncated or corrupt gzip data" in problems[0].reason


def test_medline_a_pmid_field_starts_a_record_without_a_blank_line(tmp_path):
    path = tmp_path / "joined.nbib"
    path.write_text("PMID- 91000001\nTI  - First.\nPMID- 91000002\nTI  - Second.\n")
    assert [(a.pmid, a.title) for a in read_all("medline", path)[0]] == [
        ("91000001", "First."),
        ("91000002", "Second."),
    ]
