"""The default pipeline end to end: component wiring, and the seed thread's acceptance criteria (issue 2)."""

import pytest

from anecdata.ingest.pasted import read_pasted_thread
from anecdata.model import Annotation, Post, PostContext, Quote, TextExtent
from anecdata.read.pipeline import (
    annotate_posts,
    annotate_texts,
    annotate_thread,
    default_pipeline,
    mark_context,
    post_user_data,
)
from anecdata.thread import add_thread_logic


def test_pipeline_analysis_reports_no_problems():
    analysis = default_pipeline().analyze_pipes()
    assert not any(analysis["problems"].values())


@pytest.fixture(scope="module")
def seed_thread(seed_text):
    return add_thread_logic(annotate_thread(read_pasted_thread(seed_text, "seed")))


def _labels(post, layer):
    return [(a.label, a.text) for a in post.layer(layer)]


def test_pipeline_seed_questions_are_in_the_replies_only(seed_thread, seed_people):
    opening, *replies = seed_thread.posts
    assert not [t for label, t in _labels(opening, "statement") if label == "question"]
    questions = [t for r in replies for label, t in _labels(r, "statement") if label == "question"]
    assert len(questions) >= 3
    assert any(q.startswith(f"{seed_people.opening_author}, How and where") for q in questions)


def test_pipeline_seed_opening_post_is_claims_and_experiences(seed_thread):
    statements = _labels(seed_thread.posts[0], "statement")
    claims = [t for label, t in statements if label == "claim"]
    assert any(t.startswith("The cause of most piriformis") and "inner tension" in t for t in claims)
    assert any("the cause is inner stress or inner tension" in t for t in claims)
    assert {label for label, _ in statements} <= {"claim", "per_exp", "claim_per_exp"}


def test_pipeline_seed_mentions(seed_thread):
    first, second, _ = seed_thread.posts
    concepts = lambda post, label: {a.concept.code for a in post.layer("mention") if a.label == label}  # noqa: E731
    assert {"piriformis_syndrome", "sciatica", "plantar_fasciitis", "back_pain"} <= concepts(first, "condition")
    assert {"physical_therapy", "graston", "heat", "massage", "exercise"} <= concepts(second, "treatment")
    durations = [a.text for p in seed_thread.posts for a in p.layer("mention") if a.label == "duration"]
    assert "3 years" in durations and "2 years" in durations
    graston = next(a for a in second.layer("mention") if a.concept and a.concept.code == "graston")
    assert graston.text == "Grasston" and graston.attrs["match"] == "fuzzy"


def test_pipeline_seed_signature_is_pii(seed_thread, seed_people):
    pii = {(a.label, a.text) for a in seed_thread.posts[2].layer("pii")}
    signature = {("person", seed_people.signer), ("credential", seed_people.credential), ("location", seed_people.town)}
    assert signature <= pii


def test_pipeline_seed_experiences_and_questions(seed_thread, seed_people):
    people = {e.person.name: e for e in seed_thread.experiences}
    client = next(e for e in people.values() if e.experiencer == "client")
    assert "2 years" in _names(client.durations)
    assert "3 years" in _names(people[seed_people.opening_author].durations)
    assert all(q.answered_by is None for q in seed_thread.questions)  # the opening poster never replies


def _names(reported):
    return [r.name for r in reported]


def _treatments(experience):
    return {t.name: t.outcome for t in experience.treatments}


def test_pipeline_seed_outcomes_link_to_the_treatments_they_judge(seed_thread):
    second = seed_thread.posts[1]
    mentions = {a.id: a for p in seed_thread.posts for a in p.layer("mention")}
    judged = {(o.label, mentions[i].text) for p in seed_thread.posts for o in p.layer("outcome") for i in o.links}
    assert {("no_change", "tried everything"), ("improved", "inner tension")} <= judged
    assert {("unknown", t) for t in ("PT", "Grasston", "heat", "massage", "exercise")} <= judged
    assert ("no_change", "many routes") in judged
    assert all(o.attrs["ongoing"] for o in second.layer("outcome"))


def test_pipeline_seed_experience_records(seed_thread, seed_people):
    people = {e.person.name: e for e in seed_thread.experiences}
    monte = people[seed_people.opening_author]
    assert _treatments(monte) == {
        "many treatments (unspecified)": "no_change",
        "inner tension / psychological stress (approach)": "improved",
    }
    assert "piriformis syndrome" in _names(monte.conditions)
    second = next(e for e in people.values() if "fall on ice" in _names(e.causes))
    assert "direct blow" in _names(second.causes)
    assert set(_treatments(second).values()) == {"unknown"}
    assert all(t.ongoing for t in second.treatments)  # "I am having PT ..."
    assert {"physical therapy", "Graston technique (IASTM)", "heat therapy", "massage"} <= set(_treatments(second))
    client = next(e for e in people.values() if e.experiencer == "client")
    assert _treatments(client) == {"many treatments (unspecified)": "no_change"}
    ids = {a.id for p in seed_thread.posts for a in p.annotations}
    assert all(set(e.annotation_ids) <= ids for e in seed_thread.experiences)


def test_pipeline_a_name_finding_never_takes_over_a_mention():
    """spaCy keys a span's record by its extent: a PII finding at a drug's extent must not replace the mention."""
    texts = ["Metoprolol and my heart rate\nI take Metoprolol.", "Miralax\nMiralax worked. Colchicine did not."]
    for annotations in annotate_texts(texts):
        mentions = [a for a in annotations if a.layer == "mention" and a.label == "drug"]
        assert mentions
        assert all(a.origin.component == "anecdata_mentions" and a.attrs.get("concept_id") for a in mentions)
        drugs = {(a.start, a.end) for a in mentions}
        assert not [a for a in annotations if a.layer == "pii" and (a.start, a.end) in drugs]


def test_pipeline_mark_context_marks_quoted_and_title_annotations_by_their_start():
    text = "Heel pain\n\nKim wrote:\n> Ice helped.\nIce did nothing for me."
    context = PostContext(title=TextExtent(0, 9), quotes=(Quote(11, 35, author="Kim"),))
    at = {word: text.index(word, start) for word, start in (("Heel", 0), ("Ice", 0), ("nothing", 0))}
    annotations = [
        Annotation.over("p", text, at["Heel"], at["Heel"] + 9, layer="mention", label="condition"),
        Annotation.over("p", text, at["Ice"], at["Ice"] + 3, layer="mention", label="treatment"),
        Annotation.over("p", text, 36, 39, layer="mention", label="treatment"),
    ]
    title, quoted, own = mark_context(annotations, context)
    assert title.attrs == {"in_title": True} and title.id == annotations[0].id
    assert quoted.attrs == {"quoted": True, "quoted_author": "Kim"}
    assert own is annotations[2]


def test_pipeline_reads_quotes_as_marked_and_the_title_as_text():
    text = "Plantar fasciitis\n\nKim wrote:\n> Ice helped my heel a lot.\nI tried ice too and it did nothing."
    context = PostContext(title=TextExtent(0, 17), quotes=(Quote(19, 57, author="Kim"),))
    post = Post("p", "t", 0, text, author="Ann", context=context)
    (read,) = annotate_posts([post])
    mentions = {(a.text.lower(), a.start < 57): a for a in read.layer("mention")}
    assert mentions[("ice", True)].attrs["quoted"] is True and mentions[("ice", True)].attrs["quoted_author"] == "Kim"
    assert "quoted" not in mentions[("ice", False)].attrs
    (condition,) = [a for a in read.layer("mention") if a.label == "condition"]
    assert condition.attrs["in_title"] is True and condition.text == "Plantar fasciitis"
    quoted = [a for a in read.annotations if context.quote_of(a.start)]
    assert quoted and all(a.attrs["quoted"] for a in quoted)


def test_pipeline_passes_the_typed_context_to_components():
    post = Post("p", "t", 0, "Thanks all.\n- Ann", context=PostContext(closing=TextExtent(12, 17)))
    data = post_user_data(post, ["Ann"])
    assert data == {"names": ("Ann",), "context": post.context, "closing_start": 12}
    assert post_user_data(Post("q", "t", 0, "no closing"))["closing_start"] is None
