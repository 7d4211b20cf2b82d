"""Sentence splitting on forum text."""

import pytest

from anecdata.read.sentences.rules import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("It hurts. I tried ice.", ["It hurts.", "I tried ice."]),
        ("no capitals here. still a sentence", ["no capitals here.", "still a sentence"]),
        ("hard to accept...we are conditioned", ["hard to accept...", "we are conditioned"]),
        ("the pain just... faded over weeks", ["the pain just... faded over weeks"]),
        ("Dr. Smith said e.g. rest. Then ice.", ["Dr. Smith said e.g. rest.", "Then ice."]),
        ("does it help?? yes!! ok", ["does it help??", "yes!!", "ok"]),
        ("first line with no stop\nsecond line", ["first line with no stop", "second line"]),
        ("tried 2.5 mg daily", ["tried 2.5 mg daily"]),
        ("heat.I use it daily", ["heat.", "I use it daily"]),
    ],
)
def test_sentences_split_forum_text(text, sentences):
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


def test_sentences_join_a_hard_wrapped_line():
    text = "I have had this pain in my heel for a very long time and nothing seems to\nmake it any better at all."
    assert len(split_sentences(text)) == 1
