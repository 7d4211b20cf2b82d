"""Linking claims to published evidence: statuses, candidates by any word, re-ranking, what a link carries.

Threads are built by hand and the mention matcher is a stub, so no pipeline loads; the corpus is a real SQLite
evidence store. Every abstract here is invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest

from anecdata.evidence.grading import grade
from anecdata.evidence.model import Abstract, GradedAbstract
from anecdata.evidence_links import (
    LinkSettings,
    Mention,
    claim_query,
    claims,
    link_evidence,
    search_words,
    thread_claim_query,
)
from anecdata.model import Annotation, Post, Thread
from anecdata.store import EvidenceStore, open_store

TEXT = "Piriformis stretching eases deep buttock pain. I stretch every morning before work."
CLAIM = "Piriformis stretching eases deep buttock pain."

TRIAL = Abstract(
    pmid="91000101",
    title="A piriformis stretching programme for deep buttock pain: a randomised controlled trial",
    text="METHODS: Adults were randomly assigned to stretching or advice.\nRESULTS: Buttock pain fell more with "
    "stretching than with advice.",
    year=2021,
    publication_types=("Journal Article", "Randomized Controlled Trial"),
)
HEAT = Abstract("91000102", "Heat wraps for deep buttock pain", "Heat wraps eased buttock pain in an invented trial.")
LIGHT = Abstract("91000103", "Bright light and alertness in night shift workers", "Light improved alertness.")


def no_mentions(texts: Sequence[str]) -> list[list[Mention]]:
    """A mention matcher that finds nothing, so abstracts are ranked on their words alone (and none is linked:
    an abstract must be about two of a claim's concepts)."""
    return [[] for _ in texts]


CONCEPTS = {
    "piriformis": ("condition", "piriformis_syndrome"),
    "stretching": ("treatment", "stretching"),
    "buttock pain": ("symptom", "HP:0034805"),
    "heat": ("treatment", "heat"),
    "running": ("treatment", "running"),
    "hurt": ("symptom", "pain"),
    "massage": ("treatment", "massage"),
    "back pain": ("condition", "back_pain"),
    "mind-body approaches": ("treatment", "mind_body"),
    "marathon": ("treatment", "running"),
}


def word_mentions(texts: Sequence[str]) -> list[list[Mention]]:
    """A mention matcher that finds the words of :data:`CONCEPTS` (lower case), standing in for the pipeline's."""
    return [
        [
            Mention(m.start(), m.end(), label, concept)
            for word, (label, concept) in CONCEPTS.items()
            for m in re.finditer(re.escape(word), text.lower())
        ]
        for text in texts
    ]


def _span(text: str, phrase: str, layer: str, label: str, after: int = 0, **attrs: object) -> Annotation:
    """An annotation over the first ``phrase`` of ``text`` at or after ``after``."""
    start = text.index(phrase, after)
    return Annotation.over("p1", text, start, start + len(phrase), layer, label, attrs=attrs)


@pytest.fixture
def thread() -> Thread:
    """One post: a claim about piriformis stretching, a personal experience, and the mentions inside them."""
    annotations = (
        _span(TEXT, CLAIM, "statement", "claim"),
        _span(TEXT, "Piriformis", "mention", "condition", concept_id="piriformis_syndrome"),
        _span(TEXT, "stretching", "mention", "treatment", concept_id="stretching"),
        _span(TEXT, "buttock pain", "mention", "symptom", concept_id="HP:0034805"),
        _span(TEXT, "I stretch every morning before work.", "statement", "per_exp"),
        _span(TEXT, "stretch", "mention", "treatment", after=len(CLAIM), concept_id="stretching"),
    )
    post = Post(id="p1", thread_id="t", position=0, text=TEXT, author="Dana", annotations=annotations)
    return Thread(id="t", source="test", posts=(post,))


@pytest.fixture
def corpus(tmp_path) -> Iterator[EvidenceStore]:
    """An empty SQLite evidence store; tests add what they need."""
    with open_store(f"sqlite:///{tmp_path / 'evidence.db'}") as store:
        yield EvidenceStore(store)


def _add(corpus: EvidenceStore, *abstracts: Abstract) -> EvidenceStore:
    corpus.add([GradedAbstract(a, grade(a)) for a in abstracts])
    return corpus


def test_evidence_links_without_a_corpus_every_claim_says_so(thread: Thread):
    (entry,) = link_evidence(thread, None, mention_finder=no_mentions).evidence
    claim = thread.posts[0].layer("statement")[0]
    assert (entry.annotation_id, entry.post_id, entry.status, entry.links) == (claim.id, "p1", "no_corpus", ())
    assert entry.note == "no evidence corpus loaded"


def test_evidence_links_an_empty_corpus_is_no_corpus(thread: Thread, corpus: EvidenceStore):
    (entry,) = link_evidence(thread, corpus, mention_finder=no_mentions).evidence
    assert entry.status == "no_corpus"


def test_evidence_links_only_claims_get_evidence(thread: Thread):
    post = thread.posts[0]
    from_experience = replace(post.layer("statement")[1], label="claim_per_exp", id="")
    linked = replace(thread, posts=(replace(post, annotations=(*post.annotations, from_experience)),))
    assert [a.label for _, a in claims(linked)] == ["claim", "claim_per_exp"]
    assert len(link_evidence(linked, None, mention_finder=no_mentions).evidence) == 2


def test_evidence_links_a_claim_about_stretching_finds_the_stretching_trial(thread: Thread, corpus: EvidenceStore):
    _add(corpus, LIGHT, HEAT, TRIAL)
    (entry,) = link_evidence(thread, corpus, mention_finder=word_mentions).evidence
    assert entry.status == "found"
    (link,) = entry.links  # the heat trial names no stretching, the light trial nothing of the claim
    assert (link.pmid, link.design, link.level, link.year) == (TRIAL.pmid, "rct", 2, 2021)
    assert (link.cue.source, link.cue.text) == ("publication_type", "Randomized Controlled Trial")
    assert link.title == TRIAL.title and link.score > 0 and "stretching" in link.matched
    assert link.sentence is not None
    assert TRIAL.text[link.sentence.start : link.sentence.end] == link.sentence.text
    assert "stretching" in link.sentence.text.lower()


def test_evidence_links_keep_the_top_few_best_first(thread: Thread, corpus: EvidenceStore):
    trials = [replace(TRIAL, pmid=f"9100020{n}", title=TRIAL.title + " " + "again " * n) for n in range(4)]
    _add(corpus, *trials)
    (entry,) = link_evidence(thread, corpus, LinkSettings(top=2), mention_finder=word_mentions).evidence
    assert len(entry.links) == 2
    assert entry.links[0].score >= entry.links[1].score


def test_evidence_links_a_corpus_without_a_match_says_no_match(thread: Thread, corpus: EvidenceStore):
    _add(corpus, LIGHT, HEAT)
    (entry,) = link_evidence(thread, corpus, mention_finder=word_mentions).evidence
    assert (entry.status, entry.links) == ("no_match", ())
    assert entry.note == "no matching abstract in the loaded corpus"


def test_evidence_links_a_thread_without_claims_gets_no_entries(thread: Thread, corpus: EvidenceStore):
    post = thread.posts[0]
    plain = replace(thread, posts=(replace(post, annotations=post.layer("mention")),))
    assert link_evidence(plain, _add(corpus, TRIAL), mention_finder=no_mentions).evidence == ()


def test_evidence_links_the_query_takes_pio_terms_from_inside_the_claim(thread: Thread):
    post = thread.posts[0]
    claim = post.layer("statement")[0]
    query = thread_claim_query(thread, post, claim, [])
    assert [(t.text, t.concept_id) for t in query.intervention] == [("stretching", "stretching")]
    assert [t.text for t in query.population] == ["Piriformis"]
    assert (query.claim, query.post) == (CLAIM, TEXT)
    words = search_words(query)
    assert {"piriformis", "stretching", "buttock", "pain"} <= set(words)
    assert "stretch" in words  # a vocabulary synonym of the intervention
    assert "morning" not in words  # the rest of the post is not searched


def test_evidence_links_an_umbrella_treatment_is_no_intervention(thread: Thread):
    post = thread.posts[0]
    generic = [
        replace(a, attrs={**a.attrs, "generic": True}) if a.label == "treatment" else a for a in post.annotations
    ]
    post = replace(post, annotations=tuple(generic))
    assert thread_claim_query(thread, post, post.layer("statement")[0], []).intervention == ()


def test_evidence_links_an_abstract_that_matches_only_the_posts_words_is_left_out(corpus: EvidenceStore):
    text = "Running hurts. My physio suggested weekly massage."
    post = Post(
        id="p1",
        thread_id="t",
        position=0,
        text=text,
        annotations=(
            _span(text, "Running hurts.", "statement", "claim"),
            _span(text, "Running", "mention", "treatment", concept_id="running"),
            _span(text, "hurt", "mention", "symptom", concept_id="pain"),
            _span(text, "massage", "mention", "treatment", concept_id="massage"),
        ),
    )
    about_claim = Abstract("91000401", "Running injuries that hurt", "Most running injuries hurt for weeks.")
    about_post = Abstract("91000402", "Weekly massage", "A woman who runs had weekly massage from a physio.")
    _add(corpus, about_post, about_claim)  # "runs" is a candidate for "running" (the index stems like Porter)
    (entry,) = link_evidence(Thread("t", "test", (post,)), corpus, mention_finder=word_mentions).evidence
    assert [link.pmid for link in entry.links] == [about_claim.pmid]


def _claim_thread(text: str, *mentions: tuple[str, str, str], title: str | None = None) -> Thread:
    """One post that is one claim, with ``(phrase, label, concept id)`` mentions."""
    annotations = (
        _span(text, text, "statement", "claim"),
        *(_span(text, phrase, "mention", label, concept_id=concept) for phrase, label, concept in mentions),
    )
    return Thread("t", "test", (Post(id="p1", thread_id="t", position=0, text=text, annotations=annotations),), title)


def test_evidence_links_a_story_that_names_nothing_gets_no_link(corpus: EvidenceStore):
    marathon = Abstract("91000501", "Sciatic-type pain last year after a marathon", "The same thing happened again.")
    _add(corpus, marathon)
    story = _claim_thread("I had the exact same thing last year.")
    (entry,) = link_evidence(story, corpus, mention_finder=word_mentions).evidence
    assert (entry.status, entry.links) == ("no_match", ())


def test_evidence_links_one_shared_concept_is_not_enough(corpus: EvidenceStore):
    _add(corpus, Abstract("91000502", "Stretching for piriformis syndrome", "Stretching was tried for piriformis."))
    claim = _claim_thread(
        "Piriformis does not hurt for ever.",
        ("Piriformis", "condition", "piriformis_syndrome"),
        ("hurt", "symptom", "pain"),
    )
    (entry,) = link_evidence(claim, corpus, mention_finder=word_mentions).evidence
    assert entry.status == "no_match"  # shares piriformis, but says nothing of pain: not about the claim


def test_evidence_links_a_claimed_cause_finds_studies_of_what_addresses_it(corpus: EvidenceStore):
    """The seed thread's central claim: inner tension (psychological stress) causes back pain; a review of
    mind-body approaches to chronic back pain is about it (``vocab/data/addresses.tsv``)."""
    mind_body = Abstract(
        "91000503", "Mind-body approaches to chronic back pain", "A narrative review of mind-body approaches."
    )
    _add(corpus, mind_body, replace(HEAT, title="Heat wraps for back pain"))
    claim = _claim_thread(
        "The cause of most back pain is inner tension.",
        ("back pain", "condition", "back_pain"),
        ("inner tension", "cause", "psychological_stress"),
    )
    (entry,) = link_evidence(claim, corpus, mention_finder=word_mentions).evidence
    assert [link.pmid for link in entry.links] == [mind_body.pmid]


def test_evidence_links_one_block_per_sentence_and_none_for_a_question(thread: Thread):
    post = thread.posts[0]
    claim = post.layer("statement")[0]
    also = replace(claim, label="claim_per_exp", id="")
    question_text = "Does stretching help?"
    text = post.text + " " + question_text
    asked = Annotation.over("p1", text, len(post.text) + 1, len(text), "statement", "claim")
    post = replace(post, text=text, annotations=(*post.annotations, also, asked))
    assert [a.id for _, a in claims(replace(thread, posts=(post,)))] == [claim.id]


def test_evidence_links_claim_query_fills_pio_elements_once_per_concept():
    claim, title, post = "Ozempic helped my back pain", "Ozempic", "I take Ozempic and use heat."
    pain, heat = claim.index("pain"), post.index("heat")
    mentions = [
        (claim, Mention(0, 7, "drug", "drug:x")),
        (title, Mention(0, 7, "drug", "drug:x")),
        (claim, Mention(pain, pain + 4, "symptom", "pain")),
        (post, Mention(heat, heat + 4, "treatment", "heat_therapy")),
        (post, Mention(0, 1, "body_part", "none")),
    ]
    names = {"drug:x": ("ozempic", "semaglutide"), "heat_therapy": ("thermotherapy",)}
    query = claim_query(claim, title, post, mentions, synonyms=lambda c: names.get(c, ()))
    assert [(t.text, t.concept_id, t.synonyms) for t in query.intervention] == [
        ("Ozempic", "drug:x", ("semaglutide",)),
        ("heat", "heat_therapy", ("thermotherapy",)),
    ]
    assert [(t.text, t.concept_id) for t in query.outcome] == [("pain", "pain")]
    assert query.population == ()
    assert (query.claim, query.title, query.post) == (claim, title, post)


@pytest.mark.parametrize(("top", "candidates"), [(0, 50), (3, 2)])
def test_evidence_links_settings_refuse_nonsense(top: int, candidates: int):
    with pytest.raises(ValueError):
        LinkSettings(top=top, candidates=candidates)
