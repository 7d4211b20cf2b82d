"""The allow-list step: what the vocabulary knows is no person or place, unless a strong cue names someone."""

import pytest

from anecdata.read.pii.allow_list import AllowList, build_words
from anecdata.read.pii.config import load_pii_config
from anecdata.read.pii.registry import allow_list_for
from anecdata.read.pipeline import annotate_texts, build_pipeline


@pytest.fixture(scope="module")
def allow() -> AllowList:
    return allow_list_for(load_pii_config())


@pytest.fixture(scope="module")
def pii_only():
    return build_pipeline(("anecdata_sentences", "anecdata_pii"))


def pii_texts(text: str, nlp) -> set[str]:
    (annotations,) = annotate_texts([text], nlp)
    return {a.text for a in annotations if a.layer == "pii" and a.label in ("person", "location")}


@pytest.mark.parametrize(
    "text",
    ["Miralax", "Linzess", "Colchicine", "GERD", "Lupus", "Achilles", "Grasston", "Christmas Eve", "the ER", "Dr"],
)
def test_allow_list_knows_medicine_calendar_and_care_words(allow, text):
    assert allow.knows(text)


@pytest.mark.parametrize("text", ["November", "Thursday", "Edit", "Idk", "Mine", "Thanks", "doc", "PT", "M"])
def test_allow_list_knows_discourse_words_and_dates(allow, text):
    assert allow.knows(text)


@pytest.mark.parametrize("text", ["L5-S1", "C6", "T12", "Q10"])
def test_allow_list_knows_spine_levels_and_codes(allow, text):
    assert allow.knows(text)


@pytest.mark.parametrize("text", ["Wren", "Okafor", "Duluth", "Lupe", "Tacoma", "Marisol Quint"])
def test_allow_list_does_not_know_names_and_places(allow, text):
    assert not allow.knows(text)


def test_allow_list_reads_capitals_as_acronyms_only_where_the_text_is_not_shouting(allow):
    assert allow.knows("POTS", "my heart rate with ")
    assert not allow.knows("WREN", "OMG THANK YOU SO MUCH ")
    assert not allow.knows("UK", "we moved to the ")  # a country code stays a place


def test_allow_list_without_the_lexicon_still_has_its_lists():
    plain = AllowList(build_words((), None))
    assert plain.knows("November") and plain.knows("L4-L5") and not plain.knows("Miralax")


def test_pii_leaves_medicine_and_discourse_words_readable(pii_only):
    text = (
        "Meniscus tear, surgery or not?\n"
        "Edit: Idk why but Miralax and Linzess did nothing. My doc says L5-S1 and C6 are fine.\n"
        "Mine was caused by a severe fall in November. Update: GERD is better. Thanks!"
    )
    found = pii_texts(text, pii_only)
    words = {"Meniscus", "Edit", "Idk", "Miralax", "Linzess", "doc", "L5", "S1", "C6", "Mine", "November", "GERD"}
    assert not {w for w in words for f in found if w in f.split() or w == f}


def test_pii_strong_cues_name_someone_whatever_the_word(pii_only):
    text = "Dr. Graston told me to rest. My neighbour Ginger drove me home.\n\nThanks,\nMarisol Quint, PT"
    found = pii_texts(text, pii_only)
    assert "Graston" in found and "Ginger" in found and "Marisol Quint" in found


def test_pii_a_vocabulary_mention_is_never_a_name_in_the_default_pipeline():
    (annotations,) = annotate_texts(["Meniscus tear, surgery or not?\nCreon and Kaftrio changed my life."])
    assert not [a for a in annotations if a.layer == "pii"]


@pytest.mark.parametrize(
    "text",
    [
        "Cf",  # an abbreviation in another case
        "A Fib",  # ... or spacing
        "Mris",  # ... or its plural
        "Lightheadedness",  # another form of a known word
        "Esophaagitis",  # one letter too many
        "Colchicnie",  # two letters swapped
        "Reflux Esophagitis",
        "Tracker MS",  # a known last word makes the phrase medical
        "H. Pylori",
        "Indian",  # a nationality names no one
        "Salmon",  # nor does a food
        "Grilled Meatballs",
        "I.E.",
    ],
)
def test_allow_list_knows_medicine_however_it_is_written(allow, text):
    assert allow.knows(text, "my doctor said the ")


@pytest.mark.parametrize("text", ["bay", "the campus", "awoke", "this club"])
def test_allow_list_takes_common_lower_case_words_for_words(allow, text):
    assert allow.knows(text)


@pytest.mark.parametrize("text", ["emma", "dave", "maryland", "Ana", "Ed", "Emma Stone", "Johns Hopkins", "Dana Lee"])
def test_allow_list_leaves_names_alone_in_any_case(allow, text):
    assert not allow.knows(text, "we met ")


def test_pii_reads_a_hyphenated_word_whole(pii_only):
    assert not pii_texts("They did an x-ray and an MRI last week.", pii_only) & {"ray", "x-ray"}


def test_pii_reads_the_end_of_a_known_phrase_with_its_start(pii_only):
    assert not pii_texts("She left on Christmas Eve and came back in May.", pii_only) & {"Eve", "Christmas Eve"}


@pytest.mark.parametrize("text", ["Thoracoscopic Sympathectomies", "Costovertebritis", "urogynecology", "Sjogren"])
def test_allow_list_knows_medical_endings_and_eponyms_the_lexicon_lacks(allow, text):
    assert allow.knows(text)


@pytest.mark.parametrize("text", ["Curtis", "Otis", "Phillips", "Bohemia"])
def test_allow_list_medical_endings_leave_names_alone(allow, text):
    assert not allow.knows(text)
