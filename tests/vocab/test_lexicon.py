"""The lay lexicon: strict parsing with file and line in every error, round trips, verified cross-references."""

import pytest

from anecdata.errors import RuleError
from anecdata.vocab.lexicon import COLUMNS, load_lay_lexicon, parse_lexicon, parse_row
from anecdata.vocab.sources.icd10cm import is_valid_code
from anecdata.vocab.sources.mesh import mesh_descriptors

HEADER = "\t".join(COLUMNS)
GOOD = "heat\ttreatment\theat therapy\theat|heating pad\t\tMeSH:D006979\tnofuzzy\tMeSH D006979"


def test_lexicon_every_lay_row_round_trips():
    for entry in load_lay_lexicon():
        assert parse_row(entry.to_row(), "x") == entry


def test_lexicon_every_lay_entry_cites_a_source():
    assert all(e.source for e in load_lay_lexicon())


def test_lexicon_cross_references_exist_in_the_bundled_vocabularies():
    descriptors = mesh_descriptors()
    for entry in load_lay_lexicon():
        for ref in entry.codes:
            system, _, code = ref.partition(":")
            if system == "MeSH":
                assert code in descriptors, f"{entry.id}: MeSH {code} is not in the bundled descriptor list"
                assert code in entry.source, f"{entry.id}: its source should name {code}"
            elif system == "ICD-10-CM":
                assert is_valid_code(code), f"{entry.id}: {code} is not an ICD-10-CM code"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("heat\ttreatment\theat", "expected 8 tab-separated columns"),
        (GOOD.replace("treatment", "therapy"), "type 'therapy' is not one of"),
        (GOOD.replace("nofuzzy", "loud"), "unknown flag 'loud'"),
        (GOOD.replace("MeSH:D006979", "D006979"), "is not SYSTEM:CODE"),
        (GOOD.replace("heat|heating pad", ""), "has no synonyms"),
    ],
    ids=["columns", "type", "flag", "code", "empty"],
)
def test_lexicon_malformed_rows_name_file_line_and_reason(row, message):
    with pytest.raises(RuleError, match=message) as error:
        parse_lexicon(f"# comment\n{HEADER}\n{row}\n", "lay.tsv")
    assert str(error.value).startswith("lay.tsv:3:")


def test_lexicon_duplicate_ids_and_bad_headers_are_refused():
    with pytest.raises(RuleError, match="appears twice"):
        parse_lexicon(f"{HEADER}\n{GOOD}\n{GOOD}\n", "lay.tsv")
    with pytest.raises(RuleError, match=r"lay\.tsv:1: header"):
        parse_lexicon(GOOD + "\n", "lay.tsv")
