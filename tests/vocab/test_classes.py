"""Classes and combinations: brands resolve to ingredients, classes know their members, a combination is one concept."""

from anecdata.vocab.classes import class_members, class_rows, classes_of, ingredients, unresolved_members
from anecdata.vocab.compiled import load_lexicon
from anecdata.vocab.lexicon import load_lay_lexicon


def _concept(phrase: str) -> str:
    lexicon = load_lexicon()
    return lexicon.entries[lexicon.phrases[phrase]].id


def test_classes_brands_resolve_to_their_ingredient():
    assert _concept("aleve") == _concept("naproxen")
    assert _concept("tysabri") == _concept("natalizumab")
    assert _concept("miralax") == _concept("polyethylene glycol 3350")
    assert _concept("creon") == _concept("pancrelipase")


def test_classes_a_combination_is_one_concept_with_its_ingredients():
    assert _concept("trikafta") == _concept("kaftrio") == _concept("elexacaftor tezacaftor ivacaftor")
    assert _concept("symkevi") == _concept("symdeko")
    norco = _concept("norco")
    assert norco == _concept("vicodin")
    assert _concept("acetaminophen") in ingredients(norco) and len(ingredients(norco)) == 2
    assert len(ingredients(_concept("mylanta"))) == 3
    assert ingredients(_concept("naproxen")) == ()


def test_classes_one_medicine_is_one_concept_across_sources():
    lexicon = load_lexicon()
    assert lexicon.aliases["drug:ibuprofen"] == "ibuprofen"
    assert _concept("brufen") == _concept("advil") == "ibuprofen"


def test_classes_know_their_members_and_members_their_classes():
    nsaids = class_members("nsaid")
    assert {_concept("ibuprofen"), _concept("naproxen")} <= nsaids
    assert "nsaid" in classes_of("drug:ibuprofen") and "nsaid" in classes_of("naproxen")
    assert _concept("omeprazole") in class_members("proton_pump_inhibitors")
    assert _concept("sertraline") in class_members("antidepressants")  # through the SSRIs
    assert "opioids" in classes_of(_concept("norco"))  # through its ingredient hydrocodone
    assert _concept("trikafta") in class_members("cftr_modulators")
    assert class_members("naproxen") == frozenset()


def test_classes_every_table_member_resolves_and_every_class_is_a_lay_class():
    assert unresolved_members() == []
    lay = {e.id: e for e in load_lay_lexicon()}
    for cls, _, source in class_rows():
        assert cls in lay and lay[cls].drug_class, cls
        assert source


def test_classes_lay_abbreviations_people_write():
    lexicon = load_lexicon()
    for written, concept in [("PPI", "proton_pump_inhibitors"), ("PPIs", "proton_pump_inhibitors"),
                             ("HCQ", "hydroxychloroquine"), ("DMT", "dmt"), ("SSRIs", "ssri")]:  # fmt: skip
        assert lexicon.entries[lexicon.abbreviations[written]].id == concept
    assert lexicon.entries[lexicon.abbreviations["allo"]].id == _concept("allopurinol")
