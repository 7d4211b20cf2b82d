"""Hand-built analysed threads for the view tests: a friendly one, one with crossing spans, a hostile one."""

from __future__ import annotations

from typing import Any

import pytest

from anecdata.model import (
    AbstractSentence,
    Annotation,
    ClaimEvidence,
    Concept,
    Cue,
    EvidenceLink,
    Experience,
    Explanation,
    GradeCue,
    Origin,
    Person,
    Post,
    Question,
    Reported,
    Thread,
    TriedTreatment,
)

HOSTILE = (
    'Hi <script>alert(1)</script> and <img src=x onerror=alert(1)> see javascript:alert(1) "q" & '
    "</script><script>alert(2)</script> <!-- [bold]x[/bold] [/]"
)
"""Forum text that would run script, load an image or change styling if any view trusted it."""
HOSTILE_TITLE = "</title><script>alert(5)</script><img src=x onerror=alert(6)> [bold]x[/bold]"
"""An abstract title a loaded file could carry: titles are untrusted too."""
TRIAL_TEXT = "Adults were randomly assigned to stretching or advice. Buttock pain fell more with stretching."


def span(post_id: str, text: str, phrase: str, layer: str, label: str, **kw: Any) -> Annotation:
    """An annotation over the first occurrence of ``phrase`` in ``text``, so tests read as prose."""
    start = text.index(phrase)
    return Annotation.over(post_id, text, start, start + len(phrase), layer, label, **kw)


def sentence(post_id: str, text: str, phrase: str, label: str) -> Annotation:
    """A statement annotation over one sentence."""
    return span(post_id, text, phrase, "statement", label, origin=Origin("anecdata_statements", rule="s1"))


@pytest.fixture
def friendly_thread() -> Thread:
    """Two posts about plantar fasciitis with statements, mentions, an outcome, experiences and questions."""
    t1 = (
        "I've had plantar fascitis in my left foot for about 8 months now. "
        "Rolling my foot on a frozen water bottle helps for maybe an hour. "
        "Has anyone tried a night splint?"
    )
    t2 = "Hi Joan, the night splint turned it around for me. Anyone using [bold]x[/bold] or [/] markup?\n"
    t2 += "-- Tom"
    bottle = span(
        "p1",
        t1,
        "frozen water bottle",
        "mention",
        "treatment",
        concept=Concept("anecdata", "T017", "Cold therapy"),
        attrs={"match": "synonym", "experiencer": "self"},
    )
    question = sentence("p1", t1, "Has anyone tried a night splint?", "question")
    p1 = Post(
        id="p1",
        thread_id="t",
        position=0,
        author="Joan",
        text=t1,
        annotations=(
            sentence("p1", t1, "I've had plantar fascitis in my left foot for about 8 months now.", "per_exp"),
            span(
                "p1",
                t1,
                "plantar fascitis",
                "mention",
                "condition",
                concept=Concept("ICD-10-CM", "M72.2", "Plantar fasciitis"),
                attrs={"match": "fuzzy", "negated": False},
                score=0.9,
                origin=Origin("anecdata_vocab", part="lexicon", rule="pf"),
            ),
            span("p1", t1, "left foot", "mention", "body_part"),
            span("p1", t1, "about 8 months", "mention", "duration"),
            sentence("p1", t1, "Rolling my foot on a frozen water bottle helps for maybe an hour.", "per_exp"),
            bottle,
            span(
                "p1",
                t1,
                "helps for maybe an hour",
                "outcome",
                "improved",
                links=(bottle.id,),
                explanation=Explanation(cues=(Cue(t1.index("helps"), t1.index("helps") + 5, "improve"),)),
            ),
            question,
            span("p1", t1, "night splint", "mention", "treatment", attrs={"hypothetical": True}),
        ),
    )
    open_question = sentence("p2", t2, "Anyone using [bold]x[/bold] or [/] markup?", "question")
    p2 = Post(
        id="p2",
        thread_id="t",
        position=1,
        author="Tom",
        addressee="Joan",
        parent_id="p1",
        text=t2,
        annotations=(
            sentence("p2", t2, "Hi Joan, the night splint turned it around for me.", "per_exp"),
            span("p2", t2, "night splint", "mention", "treatment"),
            span("p2", t2, "Joan", "pii", "person"),
            span("p2", t2, "Tom", "pii", "person"),
            open_question,
        ),
    )
    return Thread(
        id="t",
        source="pasted",
        title="Plantar fasciitis",
        posts=(p1, p2),
        experiences=(
            Experience(
                person=Person("Joan"),
                experiencer="self",
                post_ids=("p1",),
                conditions=(Reported("plantar fasciitis"),),
                durations=(Reported("about 8 months"),),
                treatments=(
                    TriedTreatment("frozen water bottle", "improved", (bottle.id,)),
                    TriedTreatment("night splint", "unknown", ()),
                ),
            ),
            Experience(
                person=Person("Tom"),
                experiencer="self",
                post_ids=("p2",),
                treatments=(TriedTreatment("night splint", "improved", ()),),
            ),
        ),
        questions=(
            Question(question.id, "p1", question.text, Person("Joan"), None, answered_by="p2"),
            Question(open_question.id, "p2", open_question.text, Person("Tom"), None),
        ),
    )


@pytest.fixture
def claims_thread() -> Thread:
    """One post with two claims: one linked to an invented trial, one for which the corpus held nothing."""
    text = "Piriformis stretching cures buttock pain. Heat never helps anyone."
    stretching = sentence("e1", text, "Piriformis stretching cures buttock pain.", "claim")
    heat = sentence("e1", text, "Heat never helps anyone.", "claim")
    start = TRIAL_TEXT.index("Buttock")
    trial = EvidenceLink(
        pmid="90000001",
        title="A piriformis stretching programme: a randomised controlled trial",
        design="rct",
        level=2,
        cue=GradeCue("pt_rct", "publication_type", "Randomized Controlled Trial"),
        sentence=AbstractSentence(start, len(TRIAL_TEXT), TRIAL_TEXT[start:]),
        year=2021,
        journal="Journal of Invented Therapy",
        score=4.2,
        matched=("stretching", "piriformis"),
    )
    post = Post(id="e1", thread_id="e", position=0, author="Dana", text=text, annotations=(stretching, heat))
    return Thread(
        id="e",
        source="pasted",
        posts=(post,),
        evidence=(ClaimEvidence(stretching.id, "e1", "found", (trial,)), ClaimEvidence(heat.id, "e1", "no_match")),
    )


@pytest.fixture
def crossing_thread() -> Thread:
    """One post whose annotations cross each other's boundaries and share boundaries, to force splits."""
    text = "abcdefghij klmnop"
    annotations = (
        Annotation.over("c1", text, 0, 6, "statement", "claim"),
        Annotation.over("c1", text, 3, 9, "mention", "symptom"),
        Annotation.over("c1", text, 3, 9, "outcome", "worse"),
        Annotation.over("c1", text, 4, 5, "mention", "body_part"),
        Annotation.over("c1", text, 6, 17, "statement", "per_exp"),
        Annotation.over("c1", text, 8, 13, "pii", "person"),
        Annotation.over("c1", text, 16, 17, "mention", "cause"),
    )
    post = Post(id="c1", thread_id="c", position=1, text=text, annotations=annotations)
    return Thread(id="c", source="pasted", posts=(post,))


@pytest.fixture
def hostile_thread() -> Thread:
    """A thread whose every forum-controlled string tries to break out of HTML, JSON or Rich markup."""
    script = "<script>alert(1)</script>"
    claim = span("h1", HOSTILE, HOSTILE, "statement", "claim", attrs={"note": "</script><img src=x>"})
    links = (
        EvidenceLink(
            pmid='"><img src=x onerror=alert(7)>',
            title=HOSTILE_TITLE,
            design="rct",
            level=2,
            cue=GradeCue("pt_rct", "publication_type", "<script>alert(8)</script>"),
            sentence=AbstractSentence(0, len(HOSTILE_TITLE), HOSTILE_TITLE),
            journal="<i>journal</i>",
        ),
        EvidenceLink("90000001", "javascript:alert(9)", "other", None, GradeCue("none", "none", "")),
    )
    post = Post(
        id="h1",
        thread_id="h",
        position=1,
        author=script,
        addressee="<img src=x onerror=alert(1)>",
        text=HOSTILE,
        annotations=(
            claim,
            span(
                "h1",
                HOSTILE,
                "</script><script>alert(2)</script>",
                "mention",
                "drug",
                concept=Concept("x", "<img src=x>", "javascript:alert(1)"),
                explanation=Explanation(note="</script>"),
            ),
            span("h1", HOSTILE, "javascript:alert(1)", "mention", "cause"),
        ),
    )
    return Thread(
        id="h",
        source="<b>source</b>",
        title="</title><script>alert(3)</script>",
        posts=(post,),
        experiences=(
            Experience(person=Person(script), experiencer="self", post_ids=("h1",), conditions=(Reported("<img>"),)),
        ),
        questions=(Question("nope", "h1", "<script>alert(4)</script>?", Person(script), Person("javascript:x")),),
        evidence=(ClaimEvidence(claim.id, "h1", "found", links),),
    )


@pytest.fixture
def first_person_thread() -> Thread:
    """One post whose first-person sentence is both a claim and a claim from experience, as the statement model
    often labels it, with one of its two duplicated evidence entries; and a mention with no codes."""
    text = "Stretching fixed my sciatica in three weeks. The physiotherapist said it was all in my head."
    claim = sentence("x1", text, "Stretching fixed my sciatica in three weeks.", "claim")
    from_experience = sentence("x1", text, "Stretching fixed my sciatica in three weeks.", "claim_per_exp")
    mention = span("x1", text, "sciatica", "mention", "condition", attrs={"codes": [], "concept_id": "sciatica"})
    post = Post(
        id="x1", thread_id="tx", position=0, author="Kim", text=text, annotations=(claim, from_experience, mention)
    )
    evidence = (ClaimEvidence(claim.id, "x1", "no_corpus"), ClaimEvidence(from_experience.id, "x1", "no_corpus"))
    experience = Experience(
        person=Person("Kim"),
        experiencer="self",
        post_ids=("x1",),
        causes=(Reported("inner tension / psychological stress"),),
        treatments=(TriedTreatment("stretching", "no_change", ()),),
    )
    return Thread(id="t8f15af3550", source="pasted", posts=(post,), evidence=evidence, experiences=(experience,))
