"""The RedHOT fact-check folder (Joseph et al., Findings of ACL 2026): claims, RCT abstracts, expert relevance.

Layout read (``redhot_factcheck/``):

- ``annotation_data/anno*/*.json``: one file per annotator and split, a list of records. A record holds the
  Reddit post (``text``: the thread title on its first line, then the body; ``post`` when ``text`` is
  absent, read as a body without title), the ``claim``, the post id, ten
  abstracts (titles ``t1..t10``, texts ``a1_doc..a10_doc``) and ``tab_annos``, one per abstract, whose
  ``Overall`` relevance is an index into its ``cats`` (``Irrelevant`` / ``Somewhat Relevant`` / ``Relevant``
  → gain 0 / 1 / 2; ``N/A`` and the unset ``Select`` are no judgement).
- ``retrieval_test/relevance_anno/*_anno.json``: the same records for five other claims, one file per
  retrieval strategy, each record holding that strategy's ten results, judged; and
  ``summary_table_per_strategy_and_claim.csv``, the authors' mean relevance per strategy and claim.

A claim's gain for an abstract is the mean over the judgements given (annotators, or a strategy file each).
Abstracts carry no PMID; an abstract's id here is a hash of its title and text, so the same abstract under two
claims, or in two strategies' results, is one abstract. Nothing else of a record is read: not the gold PIO
spans (``stage2_labels``), not the other system's extractions (``TS_PICOR``, punchlines ``p1..p10``), not the
query PIO the retrieval test's strategies were given.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anecdata.errors import DataError
from anecdata.evidence.model import Abstract

ANNOTATIONS = "annotation_data"
ANNOTATION_GLOB = "anno*/*.json"
RELEVANCE = Path("retrieval_test") / "relevance_anno"
RELEVANCE_SUFFIX = "_anno.json"
SUMMARY_CSV = "summary_table_per_strategy_and_claim.csv"
GAINS = {"Irrelevant": 0, "Somewhat Relevant": 1, "Relevant": 2}
"""Overall relevance → gain; any other category (``N/A``, ``Select``) is no judgement."""
OVERALL = "Overall"


@dataclass(frozen=True, slots=True)
class JudgedAbstract:
    """An abstract in a claim's list: its 1-based position there, and its mean gain (None: nobody judged it)."""

    abstract: Abstract
    position: int
    gain: float | None
    judgements: int


@dataclass(frozen=True, slots=True)
class FactcheckClaim:
    """A claim, the thread title and post it comes from, and its abstracts in the order the source listed them.

    ``title`` is empty when the post has a single line (a link post's title is all there is: it is the post).
    """

    id: str
    claim: str
    title: str
    post: str
    abstracts: tuple[JudgedAbstract, ...]


def abstract_id(title: str, text: str) -> str:
    """The id of an abstract without a PMID: the same title and text always give the same id."""
    return "sha1:" + hashlib.sha1(f"{title}\x1f{text}".encode()).hexdigest()[:16]


def split_title(text: str) -> tuple[str, str]:
    """A post's ``(title, body)``: the first line and the rest, or no title when there is no second line."""
    first, _, rest = text.strip().partition("\n")
    return (first.strip(), rest.strip()) if rest.strip() else ("", text.strip())


def load_annotated_claims(data_dir: Path) -> list[FactcheckClaim]:
    """Every claim of ``annotation_data/``, judgements of all annotators merged, in order of first appearance.

    Raises:
        DataError: no annotation file, or a file that is not the layout above (named, with the record).
    """
    files = sorted((data_dir / ANNOTATIONS).glob(ANNOTATION_GLOB))
    if not files:
        raise DataError(
            f"no fact-check annotation files at {data_dir / ANNOTATIONS / ANNOTATION_GLOB}: "
            "pass --data DIR pointing at a folder in the redhot_factcheck layout"
        )
    claims = _merge(record for path in files for record in _records(path))
    if not claims:
        raise DataError(f"the fact-check annotation files under {data_dir / ANNOTATIONS} hold no records")
    return claims


def load_strategy_runs(data_dir: Path) -> dict[str, list[FactcheckClaim]] | None:
    """The retrieval test's judged results by strategy name (file name less ``_anno.json``); None when absent.

    Raises:
        DataError: a strategy file that is not the layout above.
    """
    files = sorted((data_dir / RELEVANCE).glob("*" + RELEVANCE_SUFFIX))
    if not files:
        return None
    return {path.name.removesuffix(RELEVANCE_SUFFIX): _merge(_records(path)) for path in files}


def load_reported_overall(data_dir: Path) -> dict[str, float]:
    """The authors' summary table: mean ``Overall`` per strategy over its claims, on their 1-3 scale.

    The table names a strategy as ``<annotator>_<strategy> annotations.json``; the name kept is ``<strategy>``.
    Empty when the table is absent.

    Raises:
        DataError: the table lacks the ``strat`` or ``Overall`` column.
    """
    path = data_dir / RELEVANCE / SUMMARY_CSV
    if not path.is_file():
        return {}
    by_strategy: dict[str, list[float]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if not {"strat", OVERALL} <= set(reader.fieldnames or ()):
            raise DataError(f"{path}: needs the columns 'strat' and {OVERALL!r}, has {reader.fieldnames}")
        for row in reader:
            name = row["strat"].split(" ")[0].split("_", 1)[-1]
            try:
                by_strategy[name].append(float(row[OVERALL]))
            except ValueError:
                raise DataError(f"{path}: {OVERALL} {row[OVERALL]!r} of {row['strat']!r} is not a number") from None
    return {name: sum(v) / len(v) for name, v in sorted(by_strategy.items())}


@dataclass(frozen=True, slots=True)
class _Record:
    key: tuple[str, str]
    claim: str
    title: str
    post: str
    abstracts: tuple[Abstract, ...]
    gains: tuple[int | None, ...]


def _records(path: Path) -> Iterator[_Record]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataError(f"{path}: not a readable JSON file ({e})") from e
    if not isinstance(records, list):
        raise DataError(f"{path}: expected a list of records, found {type(records).__name__}")
    for number, record in enumerate(records, start=1):
        try:
            yield _record(record)
        except KeyError as e:
            raise DataError(f"{path}, record {number}: not a fact-check record (no field {e})") from e
        except (TypeError, IndexError, ValueError, AttributeError) as e:
            raise DataError(f"{path}, record {number}: not a fact-check record ({e})") from e


def _record(record: dict[str, Any]) -> _Record:
    claim = record["claim"]
    text = record.get("text") or record["post"]
    if not isinstance(claim, str) or not isinstance(text, str):
        raise TypeError("'claim' and 'text' / 'post' must be strings")
    title, post = split_title(text) if "text" in record else ("", text)
    abstracts = []
    number = 1
    while f"t{number}" in record:
        heading, body = record[f"t{number}"], record[f"a{number}_doc"]
        if not isinstance(heading, str) or not isinstance(body, str):
            raise TypeError(f"'t{number}' and 'a{number}_doc' must be strings")
        abstracts.append(Abstract(abstract_id(heading, body), heading, body))
        number += 1
    if not abstracts:
        raise KeyError("t1")
    tabs = record["tab_annos"]
    if len(tabs) != len(abstracts):
        raise ValueError(f"{len(tabs)} tab_annos for {len(abstracts)} abstracts")
    key = (str(record.get("post_id", "")), claim)
    return _Record(key, claim, title, post, tuple(abstracts), tuple(_overall_gain(tab) for tab in tabs))


def _overall_gain(tab: dict[str, Any]) -> int | None:
    for item in tab["rel_anno"]:
        if item["label"] == OVERALL:
            categories, chosen = item["cats"], item["anno"]
            if not isinstance(chosen, int) or not 0 <= chosen < len(categories):
                raise ValueError(f"{OVERALL} relevance {chosen!r} is not an index into {categories!r}")
            return GAINS.get(categories[chosen])
    raise ValueError(f"an abstract has no {OVERALL!r} relevance")


def _merge(records: Iterable[_Record]) -> list[FactcheckClaim]:
    """One claim per (post id, claim), its abstracts in first-seen order, gains averaged over judgements."""
    firsts: dict[tuple[str, str], _Record] = {}
    abstracts: dict[tuple[str, str], dict[str, tuple[int, Abstract]]] = defaultdict(dict)
    gains: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        firsts.setdefault(r.key, r)
        for position, (abstract, gain) in enumerate(zip(r.abstracts, r.gains, strict=True), start=1):
            abstracts[r.key].setdefault(abstract.pmid, (position, abstract))
            if gain is not None:
                gains[r.key][abstract.pmid].append(gain)
    claims = []
    for number, (key, first) in enumerate(firsts.items(), start=1):
        judged = []
        for pmid, (position, abstract) in abstracts[key].items():
            given = gains[key].get(pmid, [])
            judged.append(JudgedAbstract(abstract, position, sum(given) / len(given) if given else None, len(given)))
        judged.sort(key=lambda j: j.position)
        claims.append(FactcheckClaim(key[0] or f"claim-{number}", first.claim, first.title, first.post, tuple(judged)))
    return claims
