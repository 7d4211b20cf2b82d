"""Evidence import throughput and memory on generated PubMed XML (gzipped files shaped like the annual baseline).

Run: ``.venv/bin/python bench/evidence_import.py [--articles N] [--per-file M]``. ``--articles`` invented articles
(about 1,500 characters of structured abstract each, with authors, MeSH headings and publication types) are
written to a temporary folder as gzipped ``PubmedArticleSet`` files of ``--per-file`` articles (the baseline's
files hold some 30,000), then imported into a fresh SQLite store by a child process: parse, grade, store and
full-text index, timed per wall second and per CPU second. The child's peak resident memory is the import's
alone (the parent only generates); most of it is SQLite's page cache (``store/connect.py`` allows 128 MiB), so a
third child reads and grades the files without a store, to show that the streaming reader's memory stays flat.
The same files are imported a second time, which must add nothing, and timed.
Writes ``bench/results/evidence_import.json``; the folder is deleted afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

RESULTS = Path(__file__).parent / "results" / "evidence_import.json"
TARGET_PER_SECOND = 2000
WORDS = (
    "patients adults runners pain stretching exercise programme trial randomised outcome baseline weeks months "
    "follow-up intervention control group placebo sham injection physiotherapy hip knee buttock sciatic nerve "
    "piriformis tendon loading strength function disability score scale improvement reduction significant "
    "confidence interval difference mean median analysis participants recruited clinic primary secondary "
    "measured assessed questionnaire treatment therapy manual dry needling heat ice rest surgery recovery return "
    "sport activity daily symptoms chronic acute inflammation imaging ultrasound magnetic resonance"
).split()
DESIGNS = (
    (("Journal Article", "Randomized Controlled Trial"), ("Humans", "Adult")),
    (("Journal Article", "Systematic Review", "Meta-Analysis", "Review"), ("Humans",)),
    (("Journal Article", "Review"), ("Humans",)),
    (("Case Reports", "Journal Article"), ("Humans", "Female")),
    (("Journal Article",), ("Animals", "Mice", "Male")),
    (("Journal Article",), ("Humans", "Prospective Studies")),
    (("Journal Article", "Comparative Study"), ("Humans", "Case-Control Studies")),
    (("Journal Article",), ("Humans",)),
    (("Journal Article",), ("Humans", "Adult")),
    (("Journal Article", "Research Support, Non-U.S. Gov't"), ("Humans",)),
)
"""Publication types and design MeSH by article, in turn: four in ten have nothing that names a design, so every
wording rule is tried on them (most PubMed records are typed only "Journal Article")."""
MESH = (
    "Piriformis Muscle Syndrome",
    "Sciatica",
    "Low Back Pain",
    "Muscle Stretching Exercises",
    "Exercise Therapy",
    "Physical Therapy Modalities",
    "Tendinopathy",
    "Achilles Tendon",
    "Plantar Fasciitis",
    "Running",
    "Treatment Outcome",
    "Pain Measurement",
    "Hip Joint",
    "Knee Joint",
    "Middle Aged",
    "Young Adult",
)
SECTIONS = ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS")


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def article(pmid: int, rng: random.Random) -> tuple[str, int]:
    """One invented ``PubmedArticle`` (a structured abstract, authors, MeSH, types) and its abstract's length.

    The length is that of the abstract as read: ``LABEL: text`` sections joined by newlines.
    """
    types, design_mesh = DESIGNS[pmid % len(DESIGNS)]
    texts = {label: " ".join(sentence(rng, rng.randrange(11, 18)) for _ in range(3)) for label in SECTIONS}
    sections = "".join(
        f'<AbstractText Label="{label}" NlmCategory="{label}">{escape(text)}</AbstractText>'
        for label, text in texts.items()
    )
    length = sum(len(label) + 2 + len(text) for label, text in texts.items()) + len(texts) - 1
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>Author{rng.randrange(10**5)}</LastName><ForeName>Invented</ForeName>'
        f"<Initials>I</Initials><AffiliationInfo><Affiliation>Invented Clinic {rng.randrange(500)}, Nowhere."
        f"</Affiliation></AffiliationInfo></Author>"
        for _ in range(rng.randrange(3, 9))
    )
    mesh = "".join(
        f'<MeshHeading><DescriptorName UI="D{rng.randrange(10**6):06d}" MajorTopicYN="N">{name}</DescriptorName>'
        f'<QualifierName UI="Q000628" MajorTopicYN="N">therapy</QualifierName></MeshHeading>'
        for name in (*design_mesh, *rng.sample(MESH, rng.randrange(3, 9)))
    )
    pub_types = "".join(f"<PublicationType>{t}</PublicationType>" for t in types)
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<DateCompleted><Year>2023</Year><Month>01</Month><Day>15</Day></DateCompleted><Article PubModel="Print">'
        f'<Journal><ISSN IssnType="Print">0000-{pmid % 10000:04d}</ISSN><JournalIssue CitedMedium="Print">'
        f"<Volume>{rng.randrange(1, 60)}</Volume><Issue>{rng.randrange(1, 12)}</Issue><PubDate>"
        f"<Year>{rng.randrange(1990, 2025)}</Year><Month>Mar</Month></PubDate></JournalIssue>"
        f"<Title>Invented Journal of Research {pmid % 300}</Title><ISOAbbreviation>Invent J Res {pmid % 300}"
        f"</ISOAbbreviation></Journal><ArticleTitle>{escape(sentence(rng, rng.randrange(8, 18)))}</ArticleTitle>"
        f"<Pagination><MedlinePgn>1-9</MedlinePgn></Pagination><Abstract>{sections}</Abstract>"
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language>'
        f"<PublicationTypeList>{pub_types}</PublicationTypeList></Article><MedlineJournalInfo>"
        f"<Country>Nowhere</Country><MedlineTA>Invent J Res</MedlineTA></MedlineJournalInfo>"
        f"<MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation><PubmedData><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>\n',
        length,
    )


def write_files(folder: Path, count: int, per_file: int, seed: int = 1) -> tuple[list[Path], int, int]:
    """``count`` articles in gzipped files of ``per_file``; returns the files, XML bytes, abstract characters."""
    rng = random.Random(seed)
    files, xml_bytes, abstract_chars = [], 0, 0
    for start in range(0, count, per_file):
        path = folder / f"pubmed-bench-{len(files) + 1:04d}.xml.gz"
        with gzip.open(path, "wb", compresslevel=6) as out:
            head = '<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
            out.write(head.encode())
            xml_bytes += len(head)
            for pmid in range(90_000_000 + start, 90_000_000 + min(start + per_file, count)):
                text, length = article(pmid, rng)
                data = text.encode()
                out.write(data)
                xml_bytes += len(data)
                abstract_chars += length
            out.write(b"</PubmedArticleSet>\n")
        files.append(path)
    return files, xml_bytes, abstract_chars


def child_import(db: str, files: list[str]) -> None:
    """In the child process: import ``files`` into ``db`` and print what happened as JSON."""
    from anecdata.evidence.load import load_files, plan_files
    from anecdata.store import EvidenceStore, open_store

    planned, skipped = plan_files(files)
    assert not skipped, skipped
    with open_store(db) as store:
        evidence = EvidenceStore(store)
        started, cpu_started = time.perf_counter(), time.process_time()
        report = load_files(planned, evidence.add)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        in_store = evidence.count()
    counts = report.counts
    result = {
        "abstracts": counts.total,
        "added": counts.added,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "problems": report.problems,
        "in_store": in_store,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


def child_read(files: list[str]) -> None:
    """In the child process: read and grade ``files`` without a store, to show what the streaming reader holds."""
    from anecdata.evidence.formats import READERS
    from anecdata.evidence.load import graded
    from anecdata.ingest.source import ReadContext

    started, cpu_started = time.perf_counter(), time.process_time()
    count = sum(1 for path in files for _ in graded(READERS["pubmed-xml"](Path(path), ReadContext())))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps({"abstracts": count, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mib": peak}))


def run_import(db: str, files: list[Path]) -> dict:
    """Import (or, with ``db`` empty, only read and grade) ``files`` in a child process; its timings and memory."""
    command = [sys.executable, __file__, "--child", db, *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    articles = result["abstracts"]
    result["abstracts_per_second"] = round(articles / result["seconds"])
    result["abstracts_per_cpu_second"] = round(articles / result["cpu_seconds"])
    result["seconds"], result["cpu_seconds"] = round(result["seconds"], 2), round(result["cpu_seconds"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000, help="articles to generate and import")
    parser.add_argument("--per-file", type=int, default=30_000, help="articles per gzipped file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, files = args.child[0], args.child[1:]
        if db:
            child_import(db, files)
        else:
            child_read(files)
        return
    result: dict = {
        "anecdata_version": _version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "target_abstracts_per_second": TARGET_PER_SECOND,
    }
    with tempfile.TemporaryDirectory(prefix="anecdata-bench-") as tmp:
        folder = Path(tmp)
        files, xml_bytes, abstract_chars = write_files(folder, args.articles, args.per_file)
        result["input"] = {
            "articles": args.articles,
            "files": len(files),
            "xml_bytes": xml_bytes,
            "gzip_bytes": sum(f.stat().st_size for f in files),
            "mean_abstract_chars": round(abstract_chars / args.articles),
        }
        db = f"sqlite:///{folder / 'evidence.db'}"
        result["first_import"] = first = run_import(db, files)
        assert first["added"] == args.articles and first["problems"] == 0, first
        result["database_bytes"] = sum(p.stat().st_size for p in folder.glob("evidence.db*"))
        print(f"first import: {first['abstracts_per_second']:,} abstracts/s, peak RSS {first['peak_rss_mib']} MiB")
        result["second_import"] = second = run_import(db, files)
        assert second["unchanged"] == args.articles and second["added"] == second["updated"] == 0, second
        print(f"second import (nothing new): {second['abstracts_per_second']:,} abstracts/s")
        result["read_and_grade_only"] = alone = run_import("", files)
        print(
            f"read and grade only: {alone['abstracts_per_second']:,} abstracts/s, peak RSS {alone['peak_rss_mib']} MiB"
        )
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["meets_target"] = first["abstracts_per_second"] >= TARGET_PER_SECOND
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def _version() -> str:
    from anecdata import __version__

    return __version__


if __name__ == "__main__":
    main()
