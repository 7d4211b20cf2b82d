"""The committed corpus in data/corpus: it parses, its built files are current, it is varied and independent."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest

from anecdata.corpus.build import CORPUS_DIR, SPLITS, corpus_stats, load_split, read_sources, stale_files
from anecdata.corpus.independence import files_scanned, shared_ngrams


@pytest.fixture(scope="module")
def authored():
    return read_sources(CORPUS_DIR)


def test_corpus_built_files_match_their_sources():
    assert stale_files(CORPUS_DIR) == [], "run: python -m anecdata.corpus build"


def test_corpus_splits_hold_every_thread_once(authored):
    ids = [t.id for split in SPLITS for t in load_split(CORPUS_DIR, split)]
    assert sorted(ids) == sorted(a.thread.id for a in authored)


def test_corpus_statements_carry_one_label_per_span(authored):
    for a in authored:
        for post in a.thread.posts:
            spans = Counter((s.start, s.end) for s in post.layer("statement"))
            assert max(spans.values(), default=1) == 1, post.id
            statements = post.layer("statement")
            for left, right in pairwise(statements):
                assert left.end <= right.start, f"{post.id}: statements {left.text!r} and {right.text!r} overlap"


def test_corpus_outcomes_link_to_treatments(authored):
    ids = {a.id: a for x in authored for p in x.thread.posts for a in p.annotations}
    for x in authored:
        for post in x.thread.posts:
            for outcome in post.layer("outcome"):
                assert outcome.links and all(ids[i].label in ("treatment", "drug") for i in outcome.links)


def test_corpus_is_diverse(authored):
    stats = corpus_stats(authored)
    assert stats.duplicate_rate < 0.01
    assert len(stats.areas) >= 5
    assert len(stats.lengths) >= 4
    assert all(stats.layers["statement"][label] for label in ("claim", "per_exp", "claim_per_exp", "question"))


@pytest.mark.corpus
def test_corpus_shares_no_8_word_sequence_with_the_gold_corpora(authored, shared_dir):
    corpora = shared_dir / "corpora"
    assert files_scanned(corpora) > 0
    found = shared_ngrams([a.thread for a in authored], corpora)
    # Counts and post ids only: the gold text itself is never printed.
    counts = {name: dict(hits) for name, hits in found.items() if hits}
    assert counts == {}, f"posts sharing an 8-word sequence with a gold corpus: {counts}"
