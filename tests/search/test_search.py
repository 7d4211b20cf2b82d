"""Sentence search over the read and indexed example store: finding, filtering, hostile text, offsets, ranking."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from anecdata.errors import ConfigError, DataError
from anecdata.search import SearchFilters, search_sentences
from anecdata.search.redact import redact_hits, thread_pii
from anecdata.search.sentences import Statement, split_post
from anecdata.store import open_store

INNER_TENSION = "how did people reach the conclusion that inner tension was the cause"


@pytest.fixture(scope="module")
def store(example_store_url):
    with open_store(example_store_url, create=False) as opened:
        yield opened


def _post_text(store, post_id: str) -> str:
    return store.query("SELECT text FROM posts WHERE id = ?", (post_id,))[0][0]


def test_a_question_finds_the_claim_about_its_cause(store):
    hits = search_sentences(store, INNER_TENSION, limit=5)
    assert hits
    claims = [h for h in hits if h.label in ("claim", "claim_per_exp")]
    assert any("caused by tension" in h.text for h in claims)
    for h in hits:
        assert h.fused > 0 and h.lexical > 0 and h.dense is None


def test_hits_point_into_the_stored_post(store):
    for h in search_sentences(store, "night splint stretching heel pain", limit=20):
        text = _post_text(store, h.post_id)
        assert text[h.start : h.end] == h.text
        assert all(h.start <= s < e <= h.end for s, e in h.matches)
        if h.annotation_id is not None:
            row = store.query(
                "SELECT layer, start_offset, end_offset FROM annotations WHERE post_id = ? AND id = ?",
                (h.post_id, h.annotation_id),
            )
            assert row == [("statement", h.start, h.end)]


def test_filters_narrow_the_hits(store):
    everything = search_sentences(store, "pain tried therapy", limit=200)
    questions = search_sentences(store, "pain tried therapy", SearchFilters(label="question"), limit=200)
    assert questions and len(questions) < len(everything)
    assert all("question" in h.labels for h in questions if not h.answer_to)  # answers follow their questions
    plantar = search_sentences(store, "pain", SearchFilters(condition="plantar fasciitis"), limit=200)
    assert plantar and len({h.thread_id for h in plantar}) < len({h.thread_id for h in everything})


def test_filters_alone_list_sentences(store):
    improved = search_sentences(store, "", SearchFilters(condition="plantar fasciitis", outcome="improved"))
    assert improved
    for h in improved:
        outcomes = store.query(
            "SELECT start_offset, end_offset FROM annotations WHERE post_id = ? AND layer = 'outcome' "
            "AND label = 'improved'",
            (h.post_id,),
        )
        assert any(s < h.end and e > h.start for s, e in outcomes)
    client = search_sentences(store, "", SearchFilters(experiencer="client"))
    assert client and all(h.thread_id == client[0].thread_id for h in client)
    assert search_sentences(store, "", SearchFilters()) == []


def test_treatment_filter_keeps_sentences_naming_it(store):
    hits = search_sentences(store, "", SearchFilters(treatment="night splint"), limit=50)
    assert hits and all("splint" in h.text.lower() or h.label for h in hits)
    assert any("splint" in h.text.lower() for h in hits)


def test_unknown_names_are_one_line_errors(store):
    with pytest.raises(DataError, match="no condition"):
        search_sentences(store, "pain", SearchFilters(condition="flurbitis"))
    with pytest.raises(DataError, match="no treatment"):
        search_sentences(store, "pain", SearchFilters(treatment="zzqx unknown"))
    with pytest.raises(ConfigError, match="unknown outcome"):
        search_sentences(store, "pain", SearchFilters(outcome="cured"))


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(", "NEAR(pain heel, 2)", "'); DROP TABLE posts;--", "", "the and of to", 'pain" OR "x', "a^b:c"],
)
def test_hostile_queries_neither_crash_nor_inject(store, query):
    before = store.count("posts")
    hits = search_sentences(store, query, limit=5)
    assert isinstance(hits, list)
    assert store.count("posts") == before
    if query in ("", "the and of to", '"', "*"):
        assert hits == []


class FakeEncoder:
    """Embeds the query and one chosen sentence as the same vector, every other text as another."""

    name = "fake"

    def __init__(self, favourite: str) -> None:
        self.favourite = favourite

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [[1.0, 0.0]] + [[1.0, 0.0] if t == self.favourite else [0.0, 1.0] for t in texts[1:]]
        return np.asarray(rows, dtype=np.float32)


def test_an_injected_encoder_changes_the_ranking(store):
    query = "pain morning"
    plain = search_sentences(store, query, limit=10)
    favourite = plain[-1].text
    dense = search_sentences(store, query, limit=10, encoder=FakeEncoder(favourite))
    assert [h.text for h in dense] != [h.text for h in plain]
    assert all(h.dense is not None for h in dense)
    assert [h.text for h in dense].index(favourite) < len(plain) - 1
    assert next(h for h in dense if h.text == favourite).dense == pytest.approx(1.0)


def test_split_post_merges_labels_and_splits_the_gaps():
    text = "Hi all. I tried X and it helped! Does Y work?\n- Sam"
    statements = [Statement("a", "per_exp", 8, 32), Statement("b", "claim_per_exp", 8, 32)]
    sentences = split_post(text, statements)
    assert [text[s.start : s.end] for s in sentences] == [
        "Hi all.",
        "I tried X and it helped!",
        "Does Y work?",
        "- Sam",
    ]
    assert sentences[1].labels == ("claim_per_exp", "per_exp") and sentences[1].annotation_id == "b"


def test_redaction_masks_authors_and_names_in_sentences(store):
    hits = search_sentences(store, "Kelly wrote tension", limit=20)
    masked = redact_hits(store, hits, "mask")
    assert not any("Kelly" in (s.author or "") + s.text for s in masked)
    for s in masked:
        assert all(0 <= a < b <= len(s.text) for a, b in s.matches)
    plain = redact_hits(store, hits, "none")
    assert any("Kelly" in s.text for s in plain)


def test_cli_prints_json_and_one_line_errors(example_store_url, tmp_path):
    import typer

    from anecdata.cli.search import search_command

    app = typer.Typer()
    app.command()(search_command)
    runner = CliRunner()
    result = runner.invoke(app, [INNER_TENSION, "--db", example_store_url, "--json", "--no-dense", "-n", "3"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and all(r["text"] and r["scores"]["fused"] > 0 for r in rows)
    text = runner.invoke(app, ["[bold]tension[/bold]", "--db", example_store_url, "--no-dense"])
    assert text.exit_code == 0
    missing = runner.invoke(app, ["pain", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code != 0 and "no such database file" in str(missing.exception)
    empty = runner.invoke(app, ["", "--db", example_store_url])
    assert empty.exit_code != 0 and isinstance(empty.exception, ConfigError)


def test_search_finds_the_same_kind_of_sentence_on_each_backend(backend_url):
    from anecdata.jobs import index_experiences, ingest_sources, read_pending
    from paths import EXAMPLES

    with open_store(backend_url) as store:
        ingest_sources([str(EXAMPLES / "plantar-fasciitis.txt")], store)
        read_pending(store, workers=1)
        index_experiences(store)
        hits = search_sentences(store, "night splint", SearchFilters(condition="plantar fasciitis"), limit=5)
        assert hits and "splint" in hits[0].text.lower()
        post_text = store.query("SELECT text FROM posts WHERE id = ?", (hits[0].post_id,))[0][0]
        assert post_text[hits[0].start : hits[0].end] == hits[0].text
        assert search_sentences(store, "", SearchFilters(label="question"), limit=5)
        # what a title is redacted by: the PII's own characters, cut out of the post text alike on each backend
        thread_id = hits[0].thread_id
        texts = " ".join(r[0] for r in store.query("SELECT text FROM posts WHERE thread_id = ?", (thread_id,)))
        found = [v for label, v in thread_pii(store, [thread_id])[thread_id] if label != "person" or v in texts]
        assert found and all(value in texts for value in found)


def test_search_a_question_found_is_followed_by_the_answer_its_thread_gave(example_store_url):
    with open_store(example_store_url, create=False) as store:
        hits = search_sentences(store, "did anyone combine mind-body with PT or strength training", limit=5)
    question = next(i for i, h in enumerate(hits) if h.label == "question" and "combined" in h.text)
    answer = hits[question + 1]
    assert answer.answer_to == hits[question].annotation_id and answer.post_id != hits[question].post_id
    assert len({(h.post_id, h.start) for h in hits}) == len(hits)  # the answer is not listed twice


def test_masked_search_neither_ranks_nor_highlights_on_masked_names(store):
    named = search_sentences(store, "Kelly", limit=50, redaction="none")
    assert any("Kelly" in h.text for h in named)
    masked = search_sentences(store, "Kelly", limit=50)
    assert not any("Kelly" in h.text[s - h.start : e - h.start] for h in masked for s, e in h.matches)
    assert all(h.matches for h in masked)  # without an encoder, a hit is a match outside the masked spans
    for shown in redact_hits(store, masked, "mask"):
        assert all("[" not in shown.text[a:b] for a, b in shown.matches)


def test_masked_search_with_an_encoder_returns_no_post_found_only_by_a_masked_name(store):
    lexical = {h.post_id for h in search_sentences(store, "Kelly", limit=50)}
    dense = search_sentences(store, "Kelly", limit=50, encoder=FakeEncoder(""))
    assert {h.post_id for h in dense} <= lexical  # the encoder ranks sentences; it adds no post the words did not
    unmasked = search_sentences(store, "Kelly", limit=50, encoder=FakeEncoder(""), redaction="none")
    assert {h.post_id for h in unmasked} - lexical  # unmasked, the posts that only name her are found


def test_pseudonyms_are_the_store_s_whatever_an_output_shows_first(store):
    from anecdata.redact import redact_threads
    from anecdata.search.redact import store_pseudonyms

    shown = {}
    for query in ("heel pain splint", "tension cause", "stretching"):
        for item in redact_hits(store, search_sentences(store, query, limit=20), "pseudonymise"):
            shown.setdefault(item.hit.post_id, set()).add(item.author)
    assert shown and all(len(authors) == 1 for authors in shown.values())
    post_id = next(iter(shown))
    thread_id = store.query("SELECT thread_id FROM posts WHERE id = ?", (post_id,))[0][0]
    (page,) = redact_threads([store.thread(thread_id)], "pseudonymise", store_pseudonyms(store, "pseudonymise"))
    assert {p.author for p in page.posts if p.id == post_id} == shown[post_id]
