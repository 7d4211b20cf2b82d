"""The compiled lexicon: source priority, the common-word stop-list, the on-disk cache."""

import pickle

from anecdata.vocab import compiled
from anecdata.vocab.compiled import build_lexicon, load_lexicon
from anecdata.vocab.lexicon import LexiconEntry

LAY = LexiconEntry("rest", "rest", "treatment", ("rest", "bed rest"), abbreviations=("PT",))
ICD = LexiconEntry("ICD:X", "Rest", "condition", ("rest", "plantar fasciitis"), system="ICD-10-CM", code="X")
COMMON = LexiconEntry("HPO:1", "Cold", "symptom", ("cold", "cold feet"), system="HPO", code="HP:1")


def test_compiled_a_phrase_belongs_to_the_first_source_that_has_it():
    lex = build_lexicon([[LAY], [ICD]])
    assert lex.entries[lex.phrases["rest"]].id == "rest"
    assert lex.entries[lex.phrases["plantar fasciitis"]].id == "ICD:X"
    assert lex.entries[lex.abbreviations["PT"]].id == "rest"
    assert lex.max_words["plantar"] == 2


def test_compiled_drops_common_single_words_from_external_vocabularies():
    lex = build_lexicon([[], [COMMON]])
    assert "cold" not in lex.phrases and "cold feet" in lex.phrases


def test_compiled_indexes_one_letter_deletions_for_misspellings():
    lex = build_lexicon([[ICD]])
    assert "fasciitis" in lex.deletes["fasciiti"].split()


def test_compiled_cache_is_written_reused_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    small = build_lexicon([[LAY]])
    calls = []
    monkeypatch.setattr(compiled, "build_lexicon", lambda: calls.append(1) or small)
    load_lexicon.cache_clear()
    try:
        assert load_lexicon(tmp_path).phrases == small.phrases
        (path,) = tmp_path.glob("lexicon-*.pickle")
        assert pickle.loads(path.read_bytes()).phrases == small.phrases
        load_lexicon.cache_clear()
        load_lexicon(tmp_path)
        assert len(calls) == 1  # read from the cache
        path.write_bytes(b"not a pickle")
        load_lexicon.cache_clear()
        assert load_lexicon(tmp_path).phrases == small.phrases and len(calls) == 2
    finally:
        load_lexicon.cache_clear()
