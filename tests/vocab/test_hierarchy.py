"""Narrower concepts: ICD-10-CM descendants, shared MeSH descriptors and the relations in broader.tsv."""

import pytest

from anecdata.errors import DataError
from anecdata.vocab.compiled import load_lexicon
from anecdata.vocab.hierarchy import CONDITION_TYPES, addressed, entry_id, lay_pairs, narrower, resolve_entry


def test_hierarchy_back_pain_takes_in_low_back_pain_from_the_broader_file():
    assert {"anecdata:back_pain", "anecdata:low_back_pain"} <= narrower(load_lexicon(), "anecdata:back_pain")


def test_hierarchy_dorsalgia_takes_in_sciatica_and_neck_pain_by_their_icd_codes():
    found = narrower(load_lexicon(), "ICD-10-CM:M54")
    assert {"anecdata:sciatica", "anecdata:neck_pain", "anecdata:low_back_pain"} <= found


def test_hierarchy_a_concept_without_children_is_itself_and_an_unknown_id_is_only_itself():
    assert narrower(load_lexicon(), "anecdata:piriformis_syndrome") == {"anecdata:piriformis_syndrome"}
    assert narrower(load_lexicon(), "nowhere:x") == {"nowhere:x"}


def test_hierarchy_a_name_the_matcher_leaves_out_still_resolves_by_its_exact_name():
    from anecdata.vocab.hierarchy import CONDITION_TYPES, resolve_entry

    lexicon = load_lexicon()
    left_out = next(
        e for e in lexicon.entries if e.type == "condition" and e.name.lower() not in lexicon.phrases and " " in e.name
    )
    assert resolve_entry(lexicon, left_out.name.upper(), CONDITION_TYPES, "condition").name == left_out.name


def test_hierarchy_addresses_name_lexicon_concepts_both_ways():
    """``addresses.tsv``: each pair names a treatment and a cause of the lay lexicon, and is read both ways."""
    by_id = {entry_id(e): e for e in load_lexicon().entries}
    for treatment, cause in lay_pairs("addresses.tsv"):
        assert (by_id[treatment].type, by_id[cause].type) == ("treatment", "cause")
        assert cause in addressed(treatment) and treatment in addressed(cause)
    assert "anecdata:mind_body" in addressed("anecdata:psychological_stress")


def test_hierarchy_suggests_only_names_that_share_a_telling_word():
    """ "unicorn disease" shares only "disease" with "cori disease": no suggestion; a misspelt word still finds its
    condition ("plantar fascitis syndrom" → plantar fasciitis)."""
    lexicon = load_lexicon()
    with pytest.raises(DataError) as unicorn:
        resolve_entry(lexicon, "unicorn disease", CONDITION_TYPES, "condition")
    assert "did you mean" not in str(unicorn.value)
    with pytest.raises(DataError, match="did you mean 'plantar fasciitis'"):
        resolve_entry(lexicon, "plantar fascitis syndrom", CONDITION_TYPES, "condition")
