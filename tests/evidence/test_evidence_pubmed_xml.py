"""The PubMed XML reader: fields of the sample articles, gzip, and bad articles reported and skipped."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET

from evidence_files import PUBMED_XML, gzipped, pubmed_article, pubmed_set, read_all

from anecdata.evidence import pubmed_xml
from anecdata.evidence.model import Abstract


def test_pubmed_xml_reads_every_sample_article_in_order():
    abstracts, problems, progress = read_all("pubmed-xml", PUBMED_XML)
    assert problems == []
    assert [a.pmid for a in abstracts] == [f"9000000{i}" for i in range(1, 7)]
    assert progress[-1] == PUBMED_XML.stat().st_size


def test_pubmed_xml_reads_the_fields_of_a_structured_abstract():
    trial = read_all("pubmed-xml", PUBMED_XML)[0][0]
    assert trial.title.startswith("A six-week piriformis stretching programme")
    assert trial.year == 2021
    assert trial.journal == "Journal of Invented Musculoskeletal Therapy"
    assert trial.publication_types == ("Journal Article", "Randomized Controlled Trial")
    assert trial.mesh_headings == ("Adult", "Humans", "Piriformis Muscle Syndrome", "Muscle Stretching Exercises")
    sections = trial.text.split("\n")
    assert [s.split(":", 1)[0] for s in sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert sections[1].startswith("METHODS: Eighty-four adults")


def test_pubmed_xml_year_from_medline_date_and_journal_from_its_abbreviation():
    by_pmid = {a.pmid: a for a in read_all("pubmed-xml", PUBMED_XML)[0]}
    assert by_pmid["90000002"].year == 2022  # <MedlineDate>2022 Nov-Dec</MedlineDate>
    assert by_pmid["90000006"].journal == "Invent Open Sports Sci"  # no <Title>, only <ISOAbbreviation>


def test_pubmed_xml_keeps_the_text_of_inline_markup_in_a_title():
    cohort = read_all("pubmed-xml", PUBMED_XML)[0][5]
    assert cohort.title.startswith("Return to running after plantar fasciitis: a prospective cohort study")


def test_pubmed_xml_gzipped_reads_the_same_articles(tmp_path):
    plain = read_all("pubmed-xml", PUBMED_XML)[0]
    compressed = gzipped(PUBMED_XML, tmp_path / "sample.xml.gz")
    abstracts, problems, progress = read_all("pubmed-xml", compressed)
    assert abstracts == plain and problems == []
    assert progress[-1] == compressed.stat().st_size  # progress counts bytes on disk


def test_pubmed_xml_reports_and_skips_an_article_without_pmid_or_text(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(
        pubmed_set(
            pubmed_article("91000001"),
            pubmed_article("", title="No id."),
            pubmed_article("91000003", title="", abstract=""),
            pubmed_article("91000004"),
        )
    )
    abstracts, problems, _ = read_all("pubmed-xml", path)
    assert [a.pmid for a in abstracts] == ["91000001", "91000004"]
    assert [(p.where, p.reason) for p in problems] == [
        ("article 2", "no PMID"),
        ("article 3", "PMID 91000003: no title and no abstract"),
    ]
    assert all(p.file == str(path) for p in problems)


def test_pubmed_xml_malformed_xml_keeps_the_articles_before_it_and_says_where(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(
        pubmed_set(
            pubmed_article("91000001"), pubmed_article("91000002", title="Bad <b>markup."), pubmed_article("91000003")
        )
    )
    abstracts, problems, _ = read_all("pubmed-xml", path)
    assert [a.pmid for a in abstracts] == ["91000001"]
    assert len(problems) == 1 and problems[0].where.startswith("line 4, column")
    assert problems[0].reason == "malformed XML (mismatched tag); rest skipped"


def test_pubmed_xml_truncated_gzip_keeps_what_was_read(tmp_path):
    articles = [pubmed_article(str(91000000 + i), abstract="word " * 200) for i in range(400)]
    data = gzip.compress(pubmed_set(*articles).encode())
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    abstracts, problems, _ = read_all("pubmed-xml", path)
    assert 0 < len(abstracts) < 400
    assert [a.pmid for a in abstracts] == [str(91000000 + i) for i in range(len(abstracts))]
    assert len(problems) == 1 and "truncated or corrupt gzip data" in problems[0].reason


def test_pubmed_xml_book_chapters_and_other_roots_are_reported(tmp_path):
    book = "<PubmedBookArticle><BookDocument><PMID>91000009</PMID></BookDocument></PubmedBookArticle>"
    path = tmp_path / "book.xml"
    path.write_text(pubmed_set(book, pubmed_article("91000001")))
    abstracts, problems, _ = read_all("pubmed-xml", path)
    assert [a.pmid for a in abstracts] == ["91000001"]
    assert [p.reason for p in problems] == ["PMID 91000009: a book chapter; only articles are read"]
    other = tmp_path / "other.xml"
    other.write_text("<catalog><item/></catalog>")
    assert [p.reason for p in read_all("pubmed-xml", other)[1]] == [
        "the root element is <catalog>, not <PubmedArticleSet> or <MedlineCitationSet>: no articles"
    ]


def test_pubmed_xml_clears_each_article_once_read(tmp_path, monkeypatch):
    """Streaming: the root never holds more than the articles of one parser chunk, however long the file."""
    roots: list[ET.Element] = []
    children_at_parse: list[int] = []
    real_iterparse, real_parse = ET.iterparse, pubmed_xml.parse_article

    def recording_iterparse(source, events=None):
        for event, element in real_iterparse(source, events):
            roots[:] = roots or [element]
            yield event, element

    def measuring_parse(element: ET.Element) -> Abstract | str:
        children_at_parse.append(len(roots[0]))
        return real_parse(element)

    monkeypatch.setattr(pubmed_xml.ET, "iterparse", recording_iterparse)
    monkeypatch.setattr(pubmed_xml, "parse_article", measuring_parse)
    path = tmp_path / "many.xml"
    path.write_text(pubmed_set(*(pubmed_article(str(91000000 + i)) for i in range(1000))))
    assert len(read_all("pubmed-xml", path)[0]) == 1000
    assert max(children_at_parse) < 100  # iterparse reads 16 KiB at a time: some 40 of these articles


def _citation(pmid: str, title: str) -> str:
    """One bare ``MedlineCitation``, as a MEDLINE baseline before 2017 holds it (constructed, not copied)."""
    return (
        f'<MedlineCitation Owner="NLM" Status="MEDLINE"><PMID Version="1">{pmid}</PMID><Article PubModel="Print">'
        "<Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue>"
        f"<Title>Invented Journal</Title></Journal><ArticleTitle>{title}</ArticleTitle>"
        "<Abstract><AbstractText>Forty adults were randomly assigned.</AbstractText></Abstract>"
        "<PublicationTypeList><PublicationType>Randomized Controlled Trial</PublicationType></PublicationTypeList>"
        "</Article><MeshHeadingList><MeshHeading><DescriptorName>Cryotherapy</DescriptorName></MeshHeading>"
        "</MeshHeadingList></MedlineCitation>\n"
    )


def test_pubmed_xml_reads_a_constructed_pre_2017_medline_citation_set(tmp_path):
    path = tmp_path / "constructed-medline-2016.xml.gz"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE MedlineCitationSet PUBLIC "-//NLM//DTD Medline Citation, 1st January, '
        '2016//EN" "http://www.nlm.nih.gov/databases/dtd/nlmmedlinecitationset_160101.dtd">\n<MedlineCitationSet>\n'
        + _citation("91000101", "Ice after ankle sprain.")
        + _citation("91000102", "Heat after ankle sprain.")
        + "<DeleteCitation><PMID>91000009</PMID></DeleteCitation>\n</MedlineCitationSet>\n"
    )
    path.write_bytes(gzip.compress(text.encode()))
    abstracts, problems, _ = read_all("pubmed-xml", path)
    assert problems == []
    assert [(a.pmid, a.title, a.year) for a in abstracts] == [
        ("91000101", "Ice after ankle sprain.", 1998),
        ("91000102", "Heat after ankle sprain.", 1998),
    ]
    assert abstracts[0].publication_types == ("Randomized Controlled Trial",)
    assert abstracts[0].mesh_headings == ("Cryotherapy",) and abstracts[0].journal == "Invented Journal"
