"""The context component on forum sentences: what each mention's attributes are, and the cues behind them."""

import pytest

from anecdata.read.extensions import EXTENSION
from anecdata.read.pipeline import build_pipeline

COMPONENTS = ("anecdata_sentences", "anecdata_mentions", "anecdata_context")


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(COMPONENTS)


def attributes(nlp, text: str, mention: str) -> dict:
    doc = nlp(text)
    span = next(s for s in doc.spans["mention"] if s.text == mention)
    record = span._.get(EXTENSION)
    for cue in record["explanation"].cues:
        assert 0 <= cue.start < cue.end <= len(text)
    return record


CASES = [
    # text, mention, expected attributes (others False, experiencer "self" unless given)
    ("I don't have sciatica.", "sciatica", {"negated": True}),
    ("I have sciatica.", "sciatica", {}),
    ("If I get PF again I will try dry needling.", "PF", {"hypothetical": True}),
    ("If I get PF again I will try dry needling.", "dry needling", {"hypothetical": True}),
    ("My pain resolved after massage.", "massage", {}),
    ("My pain resolved after massage.", "pain", {"negated": True}),
    ("No relief from PT.", "PT", {}),
    ("Tried stretching without success.", "stretching", {}),
    ("I have never tried acupuncture.", "acupuncture", {"negated": True}),
    ("I used to have plantar fasciitis years ago.", "plantar fasciitis", {"historical": True}),
    ("I think it might be sciatica.", "sciatica", {"uncertain": True}),
    ("My wife has plantar fasciitis.", "plantar fasciitis", {"experiencer": "family"}),
    ("Have you tried foam rolling?", "foam rolling", {"experiencer": "other"}),
    # Who gave or suggested a treatment is where it came from, not who took it.
    ("I got some turmeric from my mom who found it online.", "turmeric", {}),
    ("My friend recommended acupuncture and it helped.", "acupuncture", {}),
    ("My mom takes turmeric for her knees.", "turmeric", {"experiencer": "family"}),
    # A relative named after a treatment, in another clause, does not make it theirs.
    ("I had anxiety caused by lamotrigine and my parents made it worse.", "lamotrigine", {}),
    ("Gout runs in my family.", "Gout", {"experiencer": "family"}),
    # A treatment lacked is not one tried, but only right after "lack of".
    ("My lack of physical activity made it worse.", "physical activity", {"negated": True}),
    ("I lived with, or rather put up with, piriformis for 4 years.", "piriformis", {}),
    (
        "As a physio I see a client who has struggled with this for 2 years now and "
        "has gone many routes to fix it without success.",
        "many routes",
        {"experiencer": "client"},
    ),
    (
        "As a physio I see a client who has struggled with this for 2 years now.",
        "2 years",
        {"experiencer": "client"},
    ),
    ("My client has piriformis. She tried dry needling.", "dry needling", {"experiencer": "client"}),
    ("My client has piriformis. I tried dry needling.", "dry needling", {}),
    # A he or she later in the next sentence still speaks of the relative, unless the writer speaks of themself.
    (
        "My dad has MS. It has gone on for years and he was recently prescribed gabapentin.",
        "gabapentin",
        {"experiencer": "family"},
    ),
    ("My wife has PF. The podiatrist told me to try night splints.", "night splints", {}),
    # A sentence that opens with she or he stays the relative's story for the next one, even where the writer
    # speaks of themself in it.
    (
        "My son has eczema. He scratches all night and I am worn out. He uses a steroid cream.",
        "steroid",
        {"experiencer": "family"},
    ),
    ("Dont take ibuprofen for this, just rest.", "ibuprofen", {"hypothetical": True}),
    ("My doctor wants me to start physical therapy next month.", "physical therapy", {"hypothetical": True}),
    ("I'm nervous to take ibuprofen every day.", "ibuprofen", {"hypothetical": True}),
    ("I take ibuprofen every day.", "ibuprofen", {}),
    ("Still waiting to get on physical therapy.", "physical therapy", {"hypothetical": True}),
    ("I keep reading about acupuncture, which I haven't tried.", "acupuncture", {"negated": True}),
    ("Here ibuprofen is a no-no for me.", "ibuprofen", {"hypothetical": True}),
    ("Does anyone else get headaches on sertraline?", "sertraline", {}),
    ("I've read that dry needling works wonders.", "dry needling", {"hypothetical": True}),
]


@pytest.mark.parametrize(("text", "mention", "expected"), CASES)
def test_context_attributes(nlp, text, mention, expected):
    attrs = attributes(nlp, text, mention)["attrs"]
    wanted = {"negated": False, "uncertain": False, "hypothetical": False, "historical": False, "experiencer": "self"}
    wanted.update(expected)
    assert {k: attrs[k] for k in wanted} == wanted


def test_context_cue_names_rule_and_offsets(nlp):
    text = "I don't have sciatica."
    cues = attributes(nlp, text, "sciatica")["explanation"].cues
    assert [(text[c.start : c.end], c.label) for c in cues] == [("don't have", "negated (neg_dont_have)")]


def test_context_keeps_the_mention_record(nlp):
    record = attributes(nlp, "I don't have sciatica.", "sciatica")
    assert record["attrs"]["concept_id"] == "sciatica"
    assert record["concept"].code == "sciatica"


def test_context_carried_experiencer_names_the_pronoun(nlp):
    text = "My client has piriformis. She tried dry needling."
    cues = attributes(nlp, text, "dry needling")["explanation"].cues
    assert [(text[c.start : c.end], c.kind, c.rule) for c in cues] == [("She", "client", "carry_over_pronoun")]


def test_context_a_text_without_mentions_passes_through(nlp):
    assert list(nlp("Nothing to see here.").spans["mention"]) == []
