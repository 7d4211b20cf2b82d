"""The drug dictionary as a source: what is not a treatment is left out, spellings of one medicine merge."""

from anecdata.vocab.compiled import load_lexicon
from anecdata.vocab.sources.drugs import exclusions, ingredient_names, medicine_key


def test_drug_source_combination_spellings_share_one_key():
    assert medicine_key("elexacaftor, tezacaftor, and ivacaftor") == medicine_key("elexacaftor/tezacaftor/ivacaftor")
    assert medicine_key("ofatumumab (multiple sclerosis)") == medicine_key("ofatumumab")
    assert ingredient_names("acetaminophen and codeine") == ("acetaminophen", "codeine")


def test_drug_source_lab_values_body_substances_and_reagents_are_not_treatments():
    lexicon = load_lexicon()
    for phrase in ("uric acid", "ammonium acid urate", "serotonin", "dopamine", "antibodies", "all clear"):
        index = lexicon.phrases.get(phrase)
        assert index is None or lexicon.entries[index].type not in ("drug", "treatment"), phrase
    assert any(t.startswith("D27.720.470") for t in exclusions().trees)  # MeSH laboratory chemicals


def test_drug_source_a_research_compound_keeps_only_its_own_name():
    lexicon = load_lexicon()
    assert "tetris" not in lexicon.phrases
