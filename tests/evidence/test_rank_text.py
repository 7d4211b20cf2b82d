"""Index terms (offsets, stop words, the S-stemmer) and abstract sentences (offsets, abbreviations, headings)."""

from __future__ import annotations

import pytest

from anecdata.evidence.sentences import sentence_spans
from anecdata.evidence.terms import s_stem, term_set, terms


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("studies", "study"),
        ("diseases", "disease"),
        ("patients", "patient"),
        ("virus", "virus"),
        ("stress", "stress"),
        ("fibrosis", "fibrosis"),
        ("toes", "toe"),
        ("bus", "bus"),
        ("its", "its"),
        ("pain", "pain"),
    ],
)
def test_rank_text_s_stemmer(word, stem):
    assert s_stem(word) == stem


def test_rank_text_terms_keep_offsets_and_drop_stop_words_and_numbers():
    text = "The Covid-19 patients were given 2 doses of Heat."
    found = list(terms(text))
    assert [t.term for t in found] == ["covid", "patient", "given", "dose", "heat"]
    for t in found:
        assert text[t.start : t.end].lower().startswith(t.term[:3])
    assert text[found[1].start : found[1].end] == "patients"


def test_rank_text_term_set_uses_the_stemmer_given():
    assert term_set("Back pains", stem=str.upper) == {"BACK", "PAINS"}


def spans(text: str) -> list[str]:
    found = list(sentence_spans(text))
    return [text[s:e] for s, e in found]


def test_rank_text_sentences_split_at_stops_and_lines():
    text = "BACKGROUND\n\nHeat helps. Ice does not!\nMETHODS: We randomised 40 adults. 12 dropped out.\nResults\nNone."
    assert spans(text) == [
        "Heat helps.",
        "Ice does not!",
        "METHODS: We randomised 40 adults.",
        "12 dropped out.",
        "None.",
    ]


def test_rank_text_sentences_keep_abbreviations_decimals_and_initials_inside():
    text = "Smith et al. found less pain (p < 0.05) vs. placebo, e.g. at week 2. J. Doe disagreed."
    assert spans(text) == ["Smith et al. found less pain (p < 0.05) vs. placebo, e.g. at week 2.", "J. Doe disagreed."]


def test_rank_text_sentence_offsets_point_into_the_text():
    text = "  First one.   Second one?\n\n\nTHIRD LINE WITHOUT A STOP AND LONG ENOUGH\n"
    for start, end in sentence_spans(text):
        assert text[start:end] == text[start:end].strip() != ""
    assert spans(text)[-1] == "THIRD LINE WITHOUT A STOP AND LONG ENOUGH"  # no stop, but too long for a heading
