"""The claim ranker: BM25 ordering, the weights of the query's parts, the intervention gate, grounded sentences.

Every abstract and claim here is invented for these tests.
"""

from __future__ import annotations

import pytest

from anecdata.evidence.model import Abstract
from anecdata.evidence.query import AbstractConcept, ClaimQuery, QueryTerm
from anecdata.evidence.rank import ClaimRanker, RankSettings

ABSTRACTS = (
    Abstract(
        "1",
        "Heat wraps for acute low back pain: a randomised trial",
        "BACKGROUND\n\nLow back pain is common. Heat is often advised.\nMETHODS\n\nWe randomised 120 adults with "
        "acute low back pain to heat wraps or oral placebo. RESULTS: Heat wraps reduced back pain at day 5 "
        "(p < 0.01). Stiffness improved too.",
    ),
    Abstract(
        "2",
        "Ice massage after ankle sprain",
        "Ice is widely used after sprains. In this trial ice massage did not speed recovery of the ankle.",
    ),
    Abstract(
        "3",
        "Exercise therapy for chronic low back pain",
        "Twelve weeks of supervised exercise reduced pain and disability in chronic low back pain. Heat was "
        "not studied.",
    ),
    Abstract(
        "4",
        "Sleep quality in shift workers",
        "Shift work disturbs sleep. Bright light at night improved alertness but not sleep quality.",
    ),
    Abstract(
        "5",
        "Paracetamol for acute back pain",
        "Paracetamol was no better than placebo for acute low back pain in this large trial. Back pain "
        "resolved in most patients within three weeks.",
    ),
)


def ranker(settings: RankSettings | None = None, concepts=()) -> ClaimRanker:
    return ClaimRanker.build(ABSTRACTS, concepts, settings)


def order(results) -> list[str]:
    return [r.abstract.pmid for r in results]


def test_rank_bm25_puts_the_abstract_that_holds_the_claim_words_first():
    results = ranker().rank(ClaimQuery("Heat wraps helped my back pain"), k=5)
    assert order(results)[0] == "1"
    assert [r.rank for r in results] == [1, 2, 3, 4, 5]
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    assert results[-1].score == 0.0  # the sleep abstract holds no query word: it comes last


def test_rank_abstracts_without_a_query_word_keep_collection_order_at_the_end():
    results = ranker().rank(ClaimQuery("ankle"), k=5)
    assert order(results) == ["2", "1", "3", "4", "5"]


def test_rank_k_and_among_restrict_the_results():
    top = ranker().rank(ClaimQuery("back pain"), k=2)
    assert len(top) == 2
    among = ranker().rank(ClaimQuery("back pain"), k=10, among=["4", "2", "5"])
    assert set(order(among)) == {"2", "4", "5"} and order(among)[0] == "5"


def test_rank_among_an_unknown_pmid_is_refused():
    with pytest.raises(KeyError):
        ranker().rank(ClaimQuery("back pain"), among=["99"])


def test_rank_title_weight_lifts_an_abstract_that_names_the_words_in_its_title():
    query = ClaimQuery("exercise for back pain")
    plain = ranker(RankSettings(title_weight=0.0)).rank(query, among=["3", "5"])
    boosted = ranker(RankSettings(title_weight=3.0)).rank(query, among=["3", "5"])
    gap = {r.abstract.pmid: r.score for r in boosted}
    assert gap["3"] > {r.abstract.pmid: r.score for r in plain}["3"]


def test_rank_post_words_count_only_with_a_post_weight():
    query = ClaimQuery("it really helped", post="My ankle sprain. Ice massage, it really helped")
    assert ranker().rank(query, k=1)[0].score == 0.0
    assert order(ranker(RankSettings(post=0.5)).rank(query, k=1)) == ["2"]


def test_rank_thread_title_weighs_as_its_own_part():
    query = ClaimQuery("it really helped", title="Paracetamol and back pain")
    assert order(ranker(RankSettings(thread_title=1.0)).rank(query, k=1)) == ["5"]


def test_rank_pio_boost_decides_between_two_abstracts_that_match_one_word_each():
    query = ClaimQuery("paracetamol or exercise", intervention=(QueryTerm("exercise"),))
    assert order(ranker().rank(query, among=["3", "5"]))[0] == "5"  # paracetamol is rarer than exercise
    boosted = ranker(RankSettings(intervention=2.0)).rank(query, among=["3", "5"])
    assert order(boosted)[0] == "3"


def test_rank_query_weights_add_up_the_parts():
    query = ClaimQuery(
        "heat helps", post="heat and ice", intervention=(QueryTerm("heat", "heat_therapy", ("thermotherapy",)),)
    )
    settings = RankSettings(claim=1.0, post=0.5, intervention=2.0, synonyms=0.5, concepts=1.5)
    weights = ranker(settings).query_weights(query)
    assert weights == {
        "heat": 1.0 + 0.5 + 2.0,
        "help": 1.0,
        "ice": 0.5,
        "thermotherapy": 2.0 * 0.5,
        "concept:heat_therapy": 1.5,
    }


def test_rank_synonyms_find_an_abstract_that_uses_another_name():
    query = ClaimQuery("acetaminophen did nothing", intervention=(QueryTerm("acetaminophen", None, ("paracetamol",)),))
    assert ranker().rank(query, k=1)[0].score == 0.0
    assert order(ranker(RankSettings(intervention=1.0, synonyms=1.0)).rank(query, k=1)) == ["5"]


def test_rank_concept_ids_match_what_the_caller_found_in_abstracts():
    start = ABSTRACTS[2].text.index("exercise")
    concepts = [AbstractConcept("3", "exercise_therapy", "abstract", start, start + 8)]
    query = ClaimQuery("working out", intervention=(QueryTerm("working out", "exercise_therapy"),))
    assert ranker(concepts=concepts).rank(query, k=1)[0].score == 0.0  # concepts weigh 0 by default
    results = ranker(RankSettings(concepts=1.0), concepts).rank(query, k=1)
    assert order(results) == ["3"]
    assert results[0].matched == ("concept:exercise_therapy",)
    sentence = results[0].sentences[0]
    assert (start, start + 8) in sentence.matches


def test_rank_require_intervention_ranks_abstracts_without_it_last():
    query = ClaimQuery("heat for back pain", intervention=(QueryTerm("ice"),))
    free = ranker().rank(query, k=5)
    gated = ranker(RankSettings(require_intervention=True)).rank(query, k=5)
    assert order(free)[0] == "1"
    assert order(gated)[0] == "2"
    assert [r.intervention_matched for r in gated] == [True, False, False, False, False]
    assert all(r.intervention_matched is None for r in free)


def test_rank_require_intervention_accepts_a_synonym_or_the_concept():
    concepts = [AbstractConcept("3", "exercise_therapy", "title", 0, 8)]
    by_synonym = ClaimQuery("pills", intervention=(QueryTerm("acetaminophen", None, ("paracetamol",)),))
    by_concept = ClaimQuery("pills", intervention=(QueryTerm("workouts", "exercise_therapy"),))
    gated = ranker(RankSettings(require_intervention=True), concepts)
    assert order(gated.rank(by_synonym, k=1)) == ["5"]
    assert order(gated.rank(by_concept, k=1)) == ["3"]


def test_rank_sentences_are_grounded_in_the_abstract_text():
    results = ranker(RankSettings(sentences=3)).rank(ClaimQuery("heat wraps and back pain"), k=5)
    for result in results:
        for sentence in result.sentences:
            assert result.abstract.text[sentence.start : sentence.end] == sentence.text
            for start, end in sentence.matches:
                assert sentence.start <= start < end <= sentence.end
    first, second, third = results[0].sentences  # two sentences hold all four words: the earlier comes first
    assert first.text == "We randomised 120 adults with acute low back pain to heat wraps or oral placebo."
    assert second.text == "RESULTS: Heat wraps reduced back pain at day 5 (p < 0.01)."
    assert {ABSTRACTS[0].text[s:e] for s, e in second.matches} == {"Heat", "wraps", "back", "pain"}
    assert first.score == second.score > third.score


def test_rank_sentences_leave_out_sentences_without_a_query_word():
    result = ranker().rank(ClaimQuery("stiffness"), k=1)[0]
    assert [s.text for s in result.sentences] == ["Stiffness improved too."]


def test_rank_sentences_zero_gives_none():
    assert ranker(RankSettings(sentences=0)).rank(ClaimQuery("heat"), k=1)[0].sentences == ()


def test_rank_build_refuses_repeated_pmids_and_concepts_of_unknown_abstracts():
    with pytest.raises(ValueError, match="unique PMIDs"):
        ClaimRanker.build([ABSTRACTS[0], ABSTRACTS[0]])
    with pytest.raises(ValueError, match="not given"):
        ClaimRanker.build(ABSTRACTS, [AbstractConcept("99", "x", "title", 0, 1)])


@pytest.mark.parametrize(
    "settings",
    [{"claim": -1.0}, {"title_weight": -0.5}, {"synonyms": -1.0}, {"sentences": -1}],
)
def test_rank_settings_refuse_negative_values(settings):
    with pytest.raises(ValueError):
        RankSettings(**settings)


def test_rank_query_refuses_unknown_elements_and_bad_concept_spans():
    with pytest.raises(ValueError, match="PIO element"):
        ClaimQuery("x").element("comparator")
    with pytest.raises(ValueError, match="field"):
        AbstractConcept("1", "c", "body", 0, 1)
    with pytest.raises(ValueError, match="half-open"):
        AbstractConcept("1", "c", "title", 5, 2)


def test_rank_hybrid_adds_the_encoders_cosine_to_the_normalised_lexical_score():
    import numpy as np

    def encoder(texts):  # a toy model: texts about sleep point one way, everything else the other
        about_sleep = [any(w in t.lower() for w in ("sleep", "insomnia")) for t in texts]
        return np.array([[1.0, 0.0] if s else [0.0, 1.0] for s in about_sleep], dtype=np.float32)

    query = ClaimQuery("insomnia with back pain")
    lexical = ranker(RankSettings(sentences=0)).rank(query, k=5)
    hybrid = ClaimRanker.build(ABSTRACTS, (), RankSettings(sentences=0, dense=5.0), encoder=encoder).rank(query, k=5)
    assert all(r.similarity is None for r in lexical)
    assert {r.similarity for r in hybrid} == {0.0, 1.0}
    assert order(hybrid)[0] == "4" and order(lexical)[0] != "4"  # the sleep abstract holds no claim word
    stored = {a.pmid: np.array([1.0, 0.0], dtype=np.float32) for a in ABSTRACTS}
    same = ClaimRanker.build(ABSTRACTS, (), RankSettings(sentences=0, dense=5.0), encoder=encoder, vectors=stored)
    assert {r.similarity for r in same.rank(query, k=5)} == {1.0}  # stored vectors are used as given
