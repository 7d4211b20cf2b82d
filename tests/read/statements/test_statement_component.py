"""The ``anecdata_statements`` component: output contract, model setting, hybrid question rules, bad input."""

import pytest

from anecdata.errors import ConfigError
from anecdata.model import Origin
from anecdata.read.pipeline import annotate_texts, build_pipeline
from anecdata.read.statements.rules import asks_without_question_mark, claim_attributes
from assertions import assert_grounded

LABELS = {"claim", "per_exp", "claim_per_exp", "question"}


def statements(text: str, model: str = "builtin") -> list:
    nlp = build_pipeline(config={"anecdata_statements": {"model": model}})
    (annotations,) = annotate_texts([text], nlp)
    return [a for a in annotations if a.layer == "statement"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Has anyone tried magnesium for migraines?", "question"),
        ("How long did it take for methotrexate to work for you?", "question"),
        ("How and where did you get the diagnosis, and what treatment have you had since.", "question"),
        ("I was diagnosed with lupus two years ago and started Plaquenil last spring.", "per_exp"),
        ("Since I started Humira I haven't had a single flare.", "claim_per_exp"),
        ("Stress is one of the most common triggers for eczema.", "claim"),
    ],
)  # fmt: skip
def test_statement_component_labels_clear_sentences(text, label):
    assert label in {a.label for a in statements(text)}


def test_statement_component_records_follow_the_contract():
    text = "Gout attacks\nMost gout is caused by diet, I think. Cherry juice helped me a lot. Does it work for you?"
    found = statements(text)
    assert found and {a.label for a in found} <= LABELS
    for a in found:
        assert text[a.start : a.end] == a.text
        assert isinstance(a.origin, Origin) and a.origin.component == "anecdata_statements"
        assert a.origin.part == "model" and 0.0 <= a.score <= 1.0
        assert a.concept is None and a.explanation.note
        if a.label in ("claim", "claim_per_exp"):
            assert a.attrs["claim_type"] in {"causal", "prevalence", "efficacy", "diagnostic", "other"}
            assert isinstance(a.attrs["hedged"], bool)
        for cue in a.explanation.cues:
            assert a.start <= cue.start <= cue.end <= a.end


def test_statement_component_rules_setting_keeps_the_first_typer():
    found = statements("Has anyone tried a night splint?", model="rules")
    assert [(a.label, a.origin.part, a.score) for a in found] == [("question", "rules", 0.6)]


def test_statement_component_reads_a_trained_model_file(tmp_path):
    from anecdata.read.statements.model import load_model

    load_model("builtin").save(tmp_path / "copy.json")
    assert {a.label for a in statements("Has anyone tried a night splint?", str(tmp_path / "copy.json"))} == {
        "question"
    }


def test_statement_component_unknown_model_fails_when_building():
    with pytest.raises(ConfigError, match="no statement model"):
        build_pipeline(config={"anecdata_statements": {"model": "/nonexistent/model.json"}})


@pytest.mark.parametrize(
    "text",
    [
        "Hi",
        "",
        "   \n\n  ",
        "😭😭😭 🙏",
        "https://www.example.org/a/very/long/path?with=query&and=more",
        "word " * 20_000,
        "I had a flare. " * 3_000,
        "?" * 500,
    ],
    ids=["one-word", "empty", "blank", "emoji", "url", "20k-words", "20k-word-story", "question-marks"],
)
def test_statement_component_never_crashes_on_odd_posts(text):
    from anecdata.model import Post
    from anecdata.read.pipeline import annotate_posts

    (post,) = annotate_posts([Post(id="p", thread_id="t", position=0, text=text)])
    assert_grounded([post])
    assert {a.label for a in post.layer("statement")} <= LABELS


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("How and where did you get the diagnosis.", "wh_aux_opening"),
        ("Have you stopped the symptoms or are you still suffering.", "aux_subject_opening"),
        ("Has anyone tried it?", None),
        ("I have stopped the pills.", None),
    ],
)
def test_statement_rules_find_questions_without_question_marks(sentence, rule):
    assert asks_without_question_mark(sentence) == rule


@pytest.mark.parametrize(
    ("claim", "claim_type", "hedged"),
    [
        ("Stress may cause most back pain.", "causal", True),
        ("Most people with gout are men.", "prevalence", False),
        ("Night splints cured my heel pain.", "efficacy", False),
        ("A normal x-ray doesn't rule out a fracture.", "diagnostic", False),
        ("Lupus is a lifelong condition, I believe.", "other", True),
    ],
)
def test_statement_rules_type_and_hedge_claims(claim, claim_type, hedged):
    assert claim_attributes(claim)[:2] == (claim_type, hedged)
