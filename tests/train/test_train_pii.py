"""The name tagger's training data: the project's marked sentences load as gold documents, offsets exact."""

import pytest

from anecdata.errors import DataError
from anecdata.train.pii import PROJECT_SENTENCES, load_marked_sentences, sentences_from_documents


def test_marked_sentences_become_documents_with_exact_spans(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# a comment\n\nmy husband [dave|person] lives in [Cedar Falls|location].\nTried Linzess.\n")
    first, second = load_marked_sentences(path)
    assert first.text == "my husband dave lives in Cedar Falls."
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("dave", "person"),
        ("Cedar Falls", "location"),
    ]
    assert second.spans == ()
    (tagged, _) = sentences_from_documents([first, second])
    assert tagged.labels == ("O", "O", "B-PER", "O", "O", "B-LOC", "I-LOC", "O")


def test_marked_sentences_refuse_an_unknown_mark(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("ask [Dana|doctor] about it\n")
    with pytest.raises(DataError, match=r"s\.txt:1"):
        load_marked_sentences(path)


def test_the_projects_sentences_load_and_mark_names():
    documents = load_marked_sentences(PROJECT_SENTENCES)
    assert len(documents) >= 1000
    assert sum(bool(d.spans) for d in documents) >= 300
    assert all(d.text[s.start : s.end] == s.text for d in documents for s in d.spans)
