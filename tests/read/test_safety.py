"""The safety layer (issue 9, point 4): red flags on forum wording, never on negated, hypothetical or everyday talk.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import io
import json
import random
from importlib import resources

import pytest
from rich.console import Console
from spacy.tokens import Span

from anecdata.errors import RuleError
from anecdata.ingest.pasted import read_pasted_thread
from anecdata.model import LAYERS, Annotation, Explanation, Origin, Post, Thread
from anecdata.read.extensions import EXTENSION
from anecdata.read.pipeline import DEFAULT_COMPONENTS, annotate_texts, annotate_thread, build_pipeline
from anecdata.read.safety.component import COMPONENT, SPANS_KEY
from anecdata.read.safety.matching import FEW_KEYS, KeyFinder, PatternMatcher, lower_preserving, required_literals
from anecdata.read.safety.rules import (
    FLAGS,
    NOTE,
    Guideline,
    Modifier,
    RedFlagRule,
    load_rules,
    rules_from_dict,
    rules_to_dict,
)
from anecdata.read.safety.scanner import RedFlagScanner
from anecdata.read.sentences.rules import split_sentences
from anecdata.view.html import render_html
from anecdata.view.text import render_text
from assertions import assert_grounded
from paths import example_threads

SAFETY_ONLY = ("anecdata_sentences", "anecdata_safety")


@pytest.fixture(scope="module")
def reader() -> RedFlagScanner:
    return RedFlagScanner(load_rules())


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(SAFETY_ONLY)


def flags(reader: RedFlagScanner, text: str) -> list[tuple[str, str, str]]:
    """(flag, trigger text, experiencer) of each red flag the reader raises."""
    return [
        (f.rule.flag, text[f.start : f.end], f.experiencer)
        for f in reader.read(text, split_sentences(text))
        if f.flagged
    ]


def safety_annotations(nlp, text: str) -> list[Annotation]:
    (annotations,) = annotate_texts([text], nlp)
    return [a for a in annotations if a.layer == "safety"]


# --- the rule file


def test_safety_rule_file_ids_are_unique_and_every_guideline_exists():
    raw = json.loads(resources.files("anecdata.read.safety").joinpath("data", "red_flags.json").read_text("utf-8"))
    for section in ("guidelines", "companions", "modifiers", "rules"):
        ids = [item["id"] for item in raw[section]]
        assert len(ids) == len(set(ids)), section
    guidelines = {g["id"]: g for g in raw["guidelines"]}
    for rule in raw["rules"]:
        assert rule["guideline"] in guidelines, rule["id"]
        assert rule["flag"] in FLAGS
    for guideline in guidelines.values():
        assert guideline["title"] and guideline["body"]
        assert guideline["year"] is None or 2000 <= guideline["year"] <= 2030
        assert guideline.get("url", "https://").startswith("https://")


def test_safety_every_flag_kind_has_a_rule():
    assert {r.flag for r in load_rules().rules} == set(FLAGS)


def test_safety_rule_file_round_trips_and_is_written_as_to_dict_writes_it():
    ruleset = load_rules()
    assert rules_from_dict(rules_to_dict(ruleset)) == ruleset
    for kind, items in ((Guideline, ruleset.guidelines), (Modifier, ruleset.modifiers), (RedFlagRule, ruleset.rules)):
        assert all(kind.from_dict(item.to_dict()) == item for item in items)
    text = resources.files("anecdata.read.safety").joinpath("data", "red_flags.json").read_text("utf-8")
    assert text == json.dumps(rules_to_dict(ruleset), indent=2, ensure_ascii=False) + "\n"


def test_safety_load_a_rule_file_by_path(tmp_path):
    path = tmp_path / "flags.json"
    data = rules_to_dict(load_rules())
    data["rules"] = data["rules"][:1]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert [r.id for r in load_rules(path).rules] == [data["rules"][0]["id"]]


def _broken(change) -> dict:
    data = rules_to_dict(load_rules())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["rules"].append(dict(d["rules"][0])), "appear twice"),
        (lambda d: d["rules"][0].update(guideline="nice_2099"), "guideline 'nice_2099'"),
        (lambda d: d["rules"][0].update(requires={"companion": "knee", "within": 1}), "companion 'knee'"),
        (lambda d: d["rules"][0].update(requires={"companion": "back_or_sciatica", "within": -1}), "within"),
        (lambda d: d["rules"][0].update(flag="diagnosis"), "flag 'diagnosis'"),
        (lambda d: d["rules"][0].update(colour="red"), "unknown keys"),
        (lambda d: d["rules"][0].update(patterns=["{NO_SUCH_TERM}"]), "NO_SUCH_TERM"),
        (lambda d: d["rules"][0].update(patterns=["(unclosed"]), "unclosed"),
        (lambda d: d["rules"][0].update(patterns=["Cannot Pee"]), "lower case"),
        (lambda d: d["rules"][0].update(patterns=[" pee"]), "space"),
        (lambda d: d["rules"][0].update(patterns=["(pee)"]), "capturing"),
        (lambda d: d["modifiers"][0].update(kind="maybe"), "kind 'maybe'"),
        (lambda d: d["modifiers"][3].update(direction="sideways"), "direction"),
        (lambda d: d["guidelines"][0].update(year="2016"), "year"),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d["terms"].update(LOOP="{LOOP}"), None),  # unused: harmless
    ],
)
def test_safety_rule_file_refuses_malformed_rules(change, message):
    data = _broken(change)
    if message is None:
        rules_from_dict(data)
        return
    with pytest.raises(RuleError, match=message):
        rules_from_dict(data)


def test_safety_terms_that_name_each_other_are_refused():
    def loop(d):
        d["terms"]["LOOP"] = "{LOOP}"
        d["rules"][0]["patterns"] = ["{LOOP}"]

    with pytest.raises(RuleError, match="nest"):
        rules_from_dict(_broken(loop))


def test_safety_the_note_is_fixed_and_neutral():
    assert NOTE == "The writer describes a symptom that guidelines list as a reason for prompt clinical assessment."
    assert not any(word in NOTE.lower() for word in ("you ", "should", "diagnos", "syndrome", "go to", "call"))


# --- what is flagged

POSITIVES = [
    # loss of bladder or bowel control
    ("My sciatica got worse this week and now I can't pee properly.", "bladder_bowel", "can't pee"),
    ("Since the disc went I have wet myself twice.", "bladder_bowel", "wet myself"),
    ("Lower back pain, and yesterday I lost control of my bowels.", "bladder_bowel", "lost control of my bowels"),
    ("With this back pain I can’t feel when I need to pee.", "bladder_bowel", "can’t feel when I need to pee"),
    ("Back pain and new bladder problems since Friday.", "bladder_bowel", "new bladder problems"),
    ("Urinary incontinence started on Sunday, along with the sciatica.", "bladder_bowel", "Urinary incontinence"),
    ("My lumbar disc is bulging and I'm struggling to pee.", "bladder_bowel", "struggling to pee"),
    # saddle numbness
    ("My groin is numb since my back went out.", "saddle_numbness", "groin is numb"),
    ("There's numbness around my back passage.", "saddle_numbness", "numbness around my back passage"),
    ("I can't feel the paper when I wipe.", "saddle_numbness", "can't feel the paper when I wipe"),
    ("Saddle anesthesia since this morning.", "saddle_numbness", "Saddle anesthesia"),
    (
        "Pins and needles in my inner thighs and groin.",
        "saddle_numbness",
        "Pins and needles in my inner thighs and groin",
    ),
    ("Tingling in both buttocks when I stand.", "saddle_numbness", "Tingling in both buttocks"),
    ("Even if I lie down, my crotch stays numb and my back aches.", "saddle_numbness", "crotch stays numb"),
    # progressive leg weakness, foot drop
    ("The foot drop on my left side started last month.", "leg_weakness", "foot drop"),
    ("I keep tripping over my toes on the bad side.", "leg_weakness", "keep tripping over my toes"),
    ("My right leg is getting weaker every week.", "leg_weakness", "leg is getting weaker"),
    ("I can't walk on my heels any more.", "leg_weakness", "can't walk on my heels"),
    ("My legs keep giving way on the stairs.", "leg_weakness", "legs keep giving way"),
    # fever with back pain
    ("I have had a fever for three days and my lower back is killing me.", "fever", "fever"),
    ("Sciatica flared up again. I'm running a temperature of 38.6 too.", "fever", "running a temperature of 38.6"),
    # major trauma
    ("Fell off a ladder on Saturday and my back has hurt since.", "major_trauma", "Fell off a ladder"),
    ("My back has been sore since the car crash.", "major_trauma", "car crash"),
    ("I fell down a flight of stairs and now my spine aches.", "major_trauma", "fell down a flight of stairs"),
    # unexplained weight loss, history of cancer
    ("I've lost 6kg without trying and my back aches every night.", "weight_loss", "lost 6kg without trying"),
    ("Unexplained weight loss and back pain, so more tests.", "weight_loss", "Unexplained weight loss"),
    ("I had prostate cancer five years ago and now have new back pain.", "cancer_history", "had prostate cancer"),
    ("Breast cancer survivor here, sciatica since March.", "cancer_history", "cancer survivor"),
]


@pytest.mark.parametrize(("text", "flag", "trigger"), POSITIVES)
def test_safety_flags_red_flag_wording(reader, text, flag, trigger):
    assert flags(reader, text) == [(flag, trigger, "self")]


NEGATIVES = [
    # negated
    "I have back pain but no bladder problems.",
    "I've never had numbness in the groin, just sciatica.",
    "I haven't lost control of my bladder, my back is just stiff.",
    "I don't have numbness in my groin or bladder problems, only back pain.",
    "I no longer have bladder problems and my back is better.",
    "No fever, just the usual back pain.",
    "I never had cancer but my back hurts.",
    "I nearly wet myself laughing at my own back pain.",
    # hypothetical, generic, asked of others, quoted
    "If you ever lose bladder control, go to A&E. My back is sore.",
    "Have you noticed any numbness in your groin? Sciatica can do odd things.",
    "Any bladder changes with the sciatica?",
    "Cauda equina can cause loss of bladder control, so watch your back pain.",
    "Loss of bladder control is a red flag with back pain.",
    "I'm scared of losing control of my bladder with this sciatica.",
    "The doctor asked if I had bladder problems with my back pain.",
    "Symptoms of cauda equina include saddle numbness and trouble peeing; my sciatica has none.",
    "I was told to watch for numbness in the saddle area.",
    "My sciatica is bad; if it gets worse will I lose bladder control?",
    "> If you can't pee, go to A&E\nThanks, my sciatica is easing.",
    # everyday causes
    "After a long ride my groin goes numb, and my back aches.",
    "I wet myself when I cough, and my back hurts.",
    "I have numbness in my groin since my hernia repair.",
    # ordinary sciatica and back talk
    "Numbness in my foot comes and goes with the sciatica.",
    "My leg feels weak after running.",
    "My left buttock goes numb when I sit, which is the piriformis.",
    "Pins and needles down my leg all day with this disc.",
    "I had a fall on the ice and my back hurts.",
    "I've lost 5kg since I started running and my back feels better.",
    "Minor car accident last week and my back is stiff.",
    "I had a cancer scare last year and back pain now.",
    "I have hay fever and sciatica.",
    # a red-flag word without the setting its guideline is written for
    "I had a fever last month. I went back to the doctor about it.",
    "Since the baby I can't hold my bladder when I sneeze.",
    "I can't pee in public toilets.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_safety_does_not_flag_negated_hypothetical_or_everyday_talk(reader, text):
    assert flags(reader, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My client has sciatica. She can't pee since Monday.", [("bladder_bowel", "can't pee", "client")]),
        (
            "My husband's back is bad and he has numbness in his groin.",
            [("saddle_numbness", "numbness in his groin", "family")],
        ),
        (
            "My wife has a slipped disc. It started last week. Now she can't feel when she needs to pee.",
            [("bladder_bowel", "can't feel when she needs to pee", "family")],
        ),
        ("I told my wife I can't pee, and my back is agony.", [("bladder_bowel", "can't pee", "self")]),
        ("A friend from work fell off a roof and hurt his back.", [("major_trauma", "fell off a roof", "other")]),
    ],
)
def test_safety_notes_who_has_the_symptom(reader, text, expected):
    assert flags(reader, text) == expected


def test_safety_explains_why_a_trigger_was_not_flagged(reader):
    text = "I have back pain but no bladder problems."
    (finding,) = reader.read(text, split_sentences(text))
    assert not finding.flagged
    assert text[finding.excluded_by.start : finding.excluded_by.end] == "no"
    assert (finding.excluded_by.kind, finding.excluded_by.rule) == ("negation", "neg_short")


def test_safety_fever_needs_back_pain_within_two_sentences(reader):
    near = "I've had a fever since Monday. The sciatica is no better."
    far = "I've had a fever since Monday. Work is busy. The kids are off. The dog is ill. My sciatica is worse."
    assert [f for f, _, _ in flags(reader, near)] == ["fever"]
    assert flags(reader, far) == []


# --- the component, in the pipeline


def test_safety_is_in_the_default_pipeline():
    assert DEFAULT_COMPONENTS[-1] == COMPONENT
    assert "safety" in LAYERS and LAYERS["safety"] == ("red_flag",)


def test_safety_annotations_are_grounded_and_carry_origin_note_and_guideline(nlp):
    guidelines = load_rules().guideline_by_id
    texts = [text for text, _, _ in POSITIVES]
    for i, found in enumerate(annotate_texts(texts, nlp)):
        text = texts[i]
        post = Post(id=f"text-{i}", thread_id="t", position=i, text=text, annotations=tuple(found))
        assert_grounded([post])
        (a,) = [a for a in found if a.layer == "safety"]
        assert a.label == "red_flag" and text[a.start : a.end] == a.text
        assert set(a.attrs) == {"flag", "guideline", "note", "experiencer"}
        assert a.attrs["note"] == NOTE and a.attrs["guideline"] in guidelines
        assert a.origin.component == COMPONENT and a.origin.rule and a.origin.version == "1"
        assert guidelines[a.attrs["guideline"]].title in a.explanation.note
        trigger = next(c for c in a.explanation.cues if c.kind == "red_flag")
        assert (trigger.start, trigger.end) == (a.start, a.end)


def test_safety_cues_name_the_companion_and_the_experiencer(nlp):
    text = "My client has sciatica. She can't pee since Monday."
    (a,) = safety_annotations(nlp, text)
    kinds = {c.label: text[c.start : c.end] for c in a.explanation.cues}
    assert kinds["requires back_or_sciatica"] == "sciatica"
    assert kinds["experiencer=client (person_third)"] == "She"
    assert a.attrs["experiencer"] == "client"


def test_safety_span_moves_off_an_extent_another_span_holds(nlp):
    """Span records are keyed by offsets: a red flag must not overwrite a mention's record at the same place."""
    text = "Sciatica again. Incontinence since Friday."
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != COMPONENT:
            proc(doc)
    start = text.index("Incontinence")
    mention = doc.char_span(start, start + len("Incontinence"), label="symptom")
    mention._.set(EXTENSION, {"attrs": {"negated": False}})
    doc.spans["mention"] = [mention]
    nlp.get_pipe(COMPONENT)(doc)
    (flag,) = doc.spans[SPANS_KEY]
    assert (flag.start_char, flag.end_char) != (mention.start_char, mention.end_char)
    assert flag.start_char <= start and start + len("Incontinence") <= flag.end_char
    assert flag._.get(EXTENSION)["explanation"].alignment == "expanded"
    assert Span(doc, mention.start, mention.end)._.get(EXTENSION) == {"attrs": {"negated": False}}


def test_safety_seed_thread_has_no_red_flag(seed_text):
    thread = annotate_thread(read_pasted_thread(seed_text, "seed"), build_pipeline(SAFETY_ONLY))
    assert [a.text for p in thread.posts for a in p.layer("safety")] == []


@pytest.mark.parametrize("path", example_threads(), ids=lambda p: p.name)
def test_safety_example_threads_have_no_red_flag(nlp, path):
    thread = annotate_thread(read_pasted_thread(path.read_text(encoding="utf-8"), path.stem), nlp)
    assert [a.text for p in thread.posts for a in p.layer("safety")] == []


# --- matching


def test_safety_matching_keeps_offsets_when_lower_casing_changes_length():
    text = "İstanbul: I can't pee"
    assert len(lower_preserving(text)) == len(text)
    assert lower_preserving("CAN'T PEE") == "can't pee"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i can't pee", [(2, 11)]),
        ("i can’t pee", [(2, 11)]),  # a curly apostrophe
        ("the speed of it", []),  # "pee" inside a word
        ("scan't pee", []),  # "can't" inside a word
        ("can't peel", []),
    ],
)
def test_safety_matching_respects_word_boundaries(text, expected):
    matcher = PatternMatcher([["can't pee"]])
    assert [(s, e) for s, e, _ in matcher.finditer(text)] == expected


def test_safety_required_literals_are_read_from_the_pattern():
    assert required_literals("(?:urinary |bladder )?incontinen(?:ce|t)") == {"incontinen"}
    assert required_literals("(?:l1|l2)x") == {"l1x", "l2x"}
    assert required_literals("a*") is None


@pytest.mark.parametrize("fillers", [0, FEW_KEYS])
def test_safety_key_finder_agrees_with_substring_tests(fillers):
    """With few keys it tests substrings; with many, one trie regex whose longest hits imply their prefixes."""
    keys = ["pee", "peeing", "ee", "feel", " feel ", "my ", "’", "a&e", "x.y", "numb", "numbness"]
    keys += [f"qq{n}" for n in range(fillers)]
    finder = KeyFinder(keys)
    rng = random.Random(9)
    for _ in range(500):
        text = "".join(rng.choice("pefl ingmyubs’a&x.q1") for _ in range(40))
        assert finder.present(text) == {k for k in keys if k in text}, text


# --- the views


def _flag_thread(text: str, note: str = NOTE) -> Thread:
    start = text.index("can't pee")
    flag = Annotation.over(
        "p1",
        text,
        start,
        start + len("can't pee"),
        "safety",
        "red_flag",
        attrs={"flag": "bladder_bowel", "guideline": "girft_ces_2023", "note": note, "experiencer": "self"},
        origin=Origin(COMPONENT, part="red_flags", rule="bladder_retention"),
        explanation=Explanation(note="bladder_bowel: a guideline"),
    )
    post = Post(id="p1", thread_id="t", position=0, author="Sam", text=text, annotations=(flag,))
    return Thread(id="t", source="pasted", posts=(post,))


def test_safety_text_view_lists_the_flag_with_its_note():
    out = io.StringIO()
    render_text([_flag_thread("My sciatica is worse and I can't pee.")], Console(file=out, width=100))
    output = out.getvalue()
    assert max(len(line) for line in output.splitlines()) <= 100
    flat = " ".join(output.replace("│", " ").split())  # the panel wraps long lines
    assert "red flags red flag: can't pee · flag=bladder_bowel · guideline=girft_ces_2023 · experiencer=self" in flat
    assert NOTE in flat and "note=" not in flat
    assert "red flags: red flag" in flat  # the legend


def test_safety_html_view_shows_the_note_under_the_post_escaped():
    page = render_html([_flag_thread("<b>Sciatica</b> and I can't pee.", note="<img src=x>")], "none")
    assert '<ul class="flags" aria-label="Red flags">' in page
    assert "&lt;img src=x&gt;" in page and "<img src=x>" not in page
    assert "&lt;b&gt;Sciatica&lt;/b&gt;" in page
    assert 'class="a safety safety-red_flag"' in page
