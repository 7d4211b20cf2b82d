"""Mention finding: lexicon phrases, abbreviations in context, misspellings, durations."""

import pytest

from anecdata.read.mentions.durations import find_durations
from anecdata.read.pipeline import annotate_texts


def mentions(text: str) -> list[tuple[str, str, str | None, str | None]]:
    (annotations,) = annotate_texts([text])
    return [
        (a.label, a.text, a.concept.code if a.concept else None, a.attrs.get("match"))
        for a in annotations
        if a.layer == "mention"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I am having PT, which includes Grasston.", [("treatment", "PT", "physical_therapy", "abbreviation"),
                                                      ("treatment", "Grasston", "graston", "fuzzy")]),
        ("plantar facsiitis and back pain", [("condition", "plantar facsiitis", "plantar_fasciitis", "fuzzy"),
                                             ("condition", "back pain", "back_pain", "exact")]),
        ("a severe fall on the ice", [("cause", "fall on the ice", "fall_on_ice", "synonym")]),
        ("a cortisone shot, then accupuncture", [("treatment", "cortisone shot", "steroid_injection", "synonym"),
                                                  ("treatment", "accupuncture", "acupuncture", "fuzzy")]),
        ("I sent a message to my friend", []),
        ("the rest of the day", []),
        ("pt said to rest", [("treatment", "rest", "rest", "exact")]),
        ("my resting heart rate is 90", []),
        ("Took Aleve and a PPI", [("drug", "Aleve", "naproxen", "synonym"),
                                  ("drug", "PPI", "proton_pump_inhibitors", "synonym")]),
        ("started the low fodmap diet and a tens unit", [("treatment", "low fodmap diet", "low_fodmap", "exact"),
                                                         ("treatment", "tens unit", "tens", "synonym")]),
        ("my uric acid level was 9", []),
        ("sleeping on an incline with a wedge pillow", [
            ("treatment", "sleeping on an incline", "wedge_pillow", "synonym"),
            ("treatment", "wedge pillow", "wedge_pillow", "synonym")]),
    ],
)  # fmt: skip
def test_mentions_find_and_normalise(text, expected):
    assert mentions(text) == expected


def test_mentions_a_credential_in_a_signature_is_not_a_treatment():
    found = mentions("Great advice.\n\nAnn Lee, PT\nDuluth, MN")
    assert not [m for m in found if m[1] == "PT"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("for 3 years", 3, "year"), ("about eight months now", 8, "month"), ("2 yrs", 2, "year"),
     ("6-8 weeks", 8, "week")],
)  # fmt: skip
def test_mentions_durations(text, value, unit):
    (d,) = find_durations(text)
    assert (d.value, d.unit) == (value, unit)


def test_mentions_a_frequency_is_not_a_duration():
    assert list(find_durations("stretching twice a day")) == []


def test_mentions_say_whether_they_were_normalised():
    (annotations,) = annotate_texts(["Trikafta changed my life"])
    (mention,) = [a for a in annotations if a.layer == "mention"]
    assert mention.attrs["normalised"] is True and mention.concept is not None
    assert mention.attrs["concept_id"] == "elexacaftor_tezacaftor_ivacaftor"


def test_mentions_words_inside_a_link_are_not_mentions():
    text = "Read www.example.org/ibuprofen-for-sciatica or https://example.org/a?q=sciatica then ask about sciatica."
    found = [(a.text, a.start) for a in next(annotate_texts([text])) if a.layer == "mention"]
    assert found == [("sciatica", text.rindex("sciatica"))]


def test_mentions_a_role_is_not_a_treatment():
    text = "I'm a physiotherapist and as a licensed chiropractor too I see this. My physiotherapist helped me."
    found = [(a.text, a.start) for a in next(annotate_texts([text])) if a.layer == "mention"]
    assert found == [("physiotherapist", text.rindex("physiotherapist"))]


def test_mentions_a_six_letter_word_is_not_read_as_a_misspelt_brand():
    assert not [a for a in next(annotate_texts(["I raised it to approx 5 g."])) if a.layer == "mention"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I take 20mg of Zorvex daily.", ["Zorvex"]),  # a dose before it
        ("Started Quilbrexa 200 mg last week.", ["Quilbrexa"]),  # a dose after it
        ("My GP put me on fluvoprazole for the reflux.", ["fluvoprazole"]),  # a proton pump inhibitor's stem
        ("Took 20mg and felt fine.", []),  # no name beside the dose
        ("About 5mg a day, every Monday 10mg.", []),  # words people put beside doses
    ],
)
def test_mentions_keep_a_drug_the_vocabulary_lacks_as_written(text, expected):
    (annotations,) = annotate_texts([text])
    unknown = [a for a in annotations if a.layer == "mention" and not a.attrs.get("normalised", True)]
    assert [a.text for a in unknown] == expected
    assert all(a.label == "drug" and a.concept is None for a in unknown)


def test_mentions_a_name_beside_a_dose_stays_a_name():
    """A child given a dose is a person to protect, not a drug: PII takes the span, and nothing links to it."""
    (annotations,) = annotate_texts(["Emma 5ml twice and she slept."])
    assert [(a.layer, a.text) for a in annotations if a.layer in ("mention", "pii", "outcome")] == [("pii", "Emma")]


def test_mentions_a_shortened_drug_name_is_the_drug_named_in_full():
    (annotations,) = annotate_texts(["I am on Brivaracetam. 50mg of Briva-whatever twice a day."])
    short = next(a for a in annotations if a.layer == "mention" and a.text == "Briva-whatever")
    assert short.attrs["concept_id"] == "drug:brivaracetam" and short.attrs["match"] == "shortened"


def test_mentions_a_common_word_that_names_a_condition_is_found():
    """ "Asthma", "fever", "seizures" are common English words because they name the medical thing; "cold" and
    "pain" stay out of the external vocabularies (too common to mean it)."""
    (annotations,) = annotate_texts(["My asthma got worse with a fever and two seizures."])
    assert {a.text for a in annotations if a.layer == "mention"} >= {"asthma", "fever", "seizures"}
