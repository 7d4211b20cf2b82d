"""Helpers for the evidence tests: read a file with any reader and collect what it reports; write PubMed XML."""

from __future__ import annotations

import gzip
from pathlib import Path

from anecdata.evidence.formats import READERS
from anecdata.evidence.model import Abstract
from anecdata.ingest.source import Problem, ReadContext
from paths import EXAMPLES

EVIDENCE = EXAMPLES / "evidence"
PUBMED_XML = EVIDENCE / "pubmed-sample.xml"
MEDLINE = EVIDENCE / "medline-sample.nbib"
JSONL = EVIDENCE / "abstracts-sample.jsonl"


def read_all(fmt: str, path: Path) -> tuple[list[Abstract], list[Problem], list[int]]:
    """Every abstract, problem and progress report a reader gives for ``path``."""
    problems: list[Problem] = []
    progress: list[int] = []
    abstracts = list(READERS[fmt](path, ReadContext(report=problems.append, progress=progress.append)))
    return abstracts, problems, progress


def gzipped(source: Path, target: Path) -> Path:
    """``source`` gzipped into ``target``."""
    target.write_bytes(gzip.compress(source.read_bytes()))
    return target


def pubmed_article(pmid: str, title: str = "A title.", abstract: str = "An abstract.", extra: str = "") -> str:
    """One small ``PubmedArticle`` element, as text."""
    return (
        f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article><Journal><JournalIssue><PubDate>"
        f"<Year>2020</Year></PubDate></JournalIssue><Title>Invented Journal</Title></Journal>"
        f"<ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText></Abstract>"
        f"<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>"
        f"{extra}</Article></MedlineCitation></PubmedArticle>\n"
    )


def pubmed_set(*articles: str) -> str:
    return '<?xml version="1.0"?>\n<PubmedArticleSet>\n' + "".join(articles) + "</PubmedArticleSet>\n"
