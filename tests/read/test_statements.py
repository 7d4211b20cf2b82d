"""The first statement typer: questions, claims, experiences, experience-based claims."""

import pytest

from anecdata.read.statements.rules import type_sentence


@pytest.mark.parametrize(
    ("sentence", "health", "label"),
    [
        ("Has anyone tried a night splint?", False, "question"),
        ("Rowan, How and when did you get that scan, and what care have you had since.", False, "question"),
        ("Have you beaten the symptoms or are you still stuck with them.", False, "question"),
        ("Any tips you could pass on would be much appreciated.", False, "question"),
        ("What I mean is, it is not caused by running.", False, "claim"),
        ("Most heel pain is not caused by inflammation.", True, "claim"),
        ("Shockwave works for stubborn cases.", True, "claim"),
        ("I lived with piriformis for 3 years.", True, "per_exp"),
        ("The night splint finally helped me.", True, "claim_per_exp"),
        ("Plantar fasciitis is a tissue problem.", True, "claim"),
        ("It was a sunny day.", False, None),
        ("She could really use your help!", False, None),
    ],
)  # fmt: skip
def test_statements_type_sentences(sentence, health, label):
    typed = type_sentence(sentence, has_health_mention=health)
    assert (typed.label if typed else None) == label


def test_statements_claims_carry_type_and_hedging():
    typed = type_sentence("Stress may cause most back pain.", has_health_mention=True)
    assert typed.label == "claim" and typed.claim_type == "causal" and typed.hedged


def test_a_one_word_sentence_that_is_a_mention_keeps_the_mention():
    from anecdata.evaluate.experiences import one_post_thread
    from anecdata.read.pipeline import annotate_thread

    text = (
        "Benefiber\nI just ordered benefiber to help my ibs. I am wondering if this was a mistake. I try to get "
        "most of my fiber from food but it has not been enough lately, so my doctor said to add it."
    )
    (post,) = annotate_thread(one_post_thread("t", text)).posts  # the title is its own one-word sentence
    (title,) = [a for a in post.annotations if a.start == 0 and a.end == len("Benefiber")]
    assert title.layer == "mention" and title.concept is not None and title.concept.code == "wheat_dextrin"
