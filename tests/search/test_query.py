"""Search text as full-text queries: stop words dropped, light stems as prefixes, no syntax from user text."""

import pytest

from anecdata.search.query import MAX_TERMS, parse_query, stem


def test_stop_words_are_dropped_and_long_words_become_prefixes():
    parsed = parse_query("How did people reach the conclusion that inner tension was the cause?")
    assert [t.word for t in parsed.terms] == ["reach", "conclusion", "inner", "tension", "cause"]
    assert parsed.fts5() == '"reach"* OR "conclus"* OR "inner"* OR "tens"* OR "cause"*'
    assert parsed.tsquery() == "reach:* | conclus:* | inner:* | tens:* | cause:*"


def test_stems_keep_four_letters_and_match_inflections():
    assert stem("caused") == "caus" and stem("stretching") == "stretch" and stem("pain") == "pain"
    parsed = parse_query("caused")
    assert [(s, e) for s, e, _ in parsed.matches("It causes pain; the cause", 10)] == [(13, 19), (30, 35)]


@pytest.mark.parametrize(
    "text", ['"', "*", "NEAR(", "'); DROP TABLE posts;--", "", "   ", "the and of", "a:b OR c^d", "_ _ __"]
)
def test_hostile_text_leaves_only_quoted_words(text):
    parsed = parse_query(text)
    for term in parsed.terms:
        assert term.key.isalnum()
    assert '""' not in parsed.fts5()


def test_a_long_paste_is_cut_to_the_first_terms():
    parsed = parse_query(" ".join(f"word{i}" for i in range(100)))
    assert len(parsed.terms) == MAX_TERMS
