"""PubMed XML (a ``PubmedArticleSet``, as in the annual baseline and E-utilities efetch, or a pre-2017 MEDLINE
baseline's ``MedlineCitationSet`` of bare ``MedlineCitation`` elements), plain or gzipped.

Streamed with ``iterparse``: each ``PubmedArticle`` is read when its end tag arrives and then cleared, so a
30,000-article baseline file is read in the memory of one article. An article without an id, or without a
title and an abstract, is reported and skipped. XML that is not well formed ends the file with a problem that
says where: the articles before it are kept (a download cut short loses only its tail).

Fields: ``MedlineCitation/PMID``; ``Article/ArticleTitle`` (inline markup such as ``<i>`` kept as text);
``Article/Abstract/AbstractText`` sections, each as ``LABEL: text`` when labelled, one per line; the year
from ``PubDate/Year``, else the first year of ``PubDate/MedlineDate``, else ``ArticleDate/Year``; the journal's
``Title``, else its ISO abbreviation; ``PublicationTypeList``; ``MeshHeadingList`` descriptor names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from anecdata.evidence.model import Abstract
from anecdata.evidence.source import DAMAGED, damaged, make_abstract, one_line, open_input
from anecdata.ingest.source import Problem, ReadContext

ARTICLE_SET = "PubmedArticleSet"
ARTICLE = "PubmedArticle"
CITATION_SET = "MedlineCitationSet"
CITATION = "MedlineCitation"
"""A MEDLINE baseline before 2017 holds citations directly, not wrapped in ``PubmedArticle``."""
ROOTS = (ARTICLE_SET, CITATION_SET)
BOOK_ARTICLE = "PubmedBookArticle"
PROGRESS_EVERY = 256
"""Articles between progress reports."""


def _text(element: ET.Element | None) -> str:
    """All the text of ``element``, inline markup included, on one line."""
    return "" if element is None else one_line("".join(element.itertext()))


def _abstract_text(article: ET.Element) -> str:
    sections = []
    for part in article.iterfind("Abstract/AbstractText"):
        text = _text(part)
        label = (part.get("Label") or "").strip()
        if text:
            sections.append(f"{label}: {text}" if label else text)
    return "\n".join(sections)


def _year(article: ET.Element) -> str | None:
    date = article.find("Journal/JournalIssue/PubDate")
    if date is not None:
        found = date.findtext("Year") or date.findtext("MedlineDate")
        if found:
            return found
    return article.findtext("ArticleDate/Year")


def parse_article(element: ET.Element) -> Abstract | str:
    """One ``PubmedArticle`` (or bare ``MedlineCitation``) element as an :class:`Abstract`, or the reason it cannot
    be one."""
    citation = element if element.tag == CITATION else element.find(CITATION)
    article = citation.find("Article") if citation is not None else None
    if citation is None or article is None:
        return "no MedlineCitation/Article"
    journal = article.find("Journal")
    return make_abstract(
        pmid=citation.findtext("PMID") or "",
        title=_text(article.find("ArticleTitle")),
        text=_abstract_text(article),
        year=_year(article),
        journal=(journal.findtext("Title") or journal.findtext("ISOAbbreviation")) if journal is not None else None,
        publication_types=[_text(t) for t in article.iterfind("PublicationTypeList/PublicationType")],
        mesh_headings=[_text(d) for d in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")],
    )


def read_pubmed_xml(path: Path, ctx: ReadContext) -> Iterator[Abstract]:
    """The articles of a PubMed XML file, in file order; problems go to ``ctx.report``."""
    name = str(path)
    number = 0
    with open_input(path) as opened:
        root: ET.Element | None = None
        try:
            for event, element in ET.iterparse(opened.stream, events=("start", "end")):
                if root is None:
                    root = element  # the first event is the root's start; cleared articles leave it
                if event == "start":
                    continue
                if element.tag == ARTICLE or (element.tag == CITATION and root.tag == CITATION_SET):
                    number += 1
                    parsed = parse_article(element)
                    root.clear()
                    if isinstance(parsed, str):
                        ctx.report(Problem(name, f"article {number}", parsed))
                    else:
                        yield parsed
                    if number % PROGRESS_EVERY == 0:
                        ctx.progress(opened.consumed())
                elif element.tag == BOOK_ARTICLE:
                    number += 1
                    pmid = element.findtext("BookDocument/PMID") or "?"
                    root.clear()
                    ctx.report(
                        Problem(name, f"article {number}", f"PMID {pmid}: a book chapter; only articles are read")
                    )
        except ET.ParseError as e:
            line, column = e.position
            reason = str(e).split(":", 1)[0]
            ctx.report(Problem(name, f"line {line}, column {column}", f"malformed XML ({reason}); rest skipped"))
        except DAMAGED as e:
            ctx.report(damaged(path, opened, e))
        if number == 0 and root is not None and root.tag not in ROOTS:
            wanted = " or ".join(f"<{tag}>" for tag in ROOTS)
            ctx.report(Problem(name, "", f"the root element is <{root.tag}>, not {wanted}: no articles"))
        ctx.progress(opened.consumed())
