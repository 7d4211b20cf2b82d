"""Experience records and questions from hand-built annotations (no pipeline): who had what, and what came of it."""

import sqlite3
from dataclasses import replace

import pytest

from anecdata.model import Annotation, Concept, Cue, Explanation, Person, Post, PostContext, Quote, TextExtent, Thread
from anecdata.store.report_scope import _COMBINED_OUTCOME
from anecdata.thread import add_thread_logic, combine_outcomes


def _post(post_id: str, position: int, author: str | None, text: str, spans: list[tuple]) -> Post:
    """``spans``: (layer, label, substring, attrs, links-as-substrings, experiencer cue substring)."""
    annotations = []
    ids: dict[str, str] = {}
    for layer, label, sub, attrs, links, cue in spans:
        start = text.index(sub)
        cues = ()
        if cue:
            c = text.index(cue)
            cues = (Cue(c, c + len(cue), str(attrs["experiencer"]), "exp"),)
        a = Annotation.over(
            post_id,
            text,
            start,
            start + len(sub),
            layer,
            label,
            attrs=attrs,
            concept=Concept("test", sub.lower(), sub.lower()) if layer == "mention" and label != "duration" else None,
            explanation=Explanation(cues=cues),
            links=tuple(ids[x] for x in links),
        )
        ids[sub] = a.id
        annotations.append(a)
    return Post(post_id, "t", position, text, author=author, annotations=tuple(annotations))


SELF = {"experiencer": "self"}
CLIENT = {"experiencer": "client"}


@pytest.fixture
def thread() -> Thread:
    first = "I had sciatica for 3 years. I tried massage. Nothing worked. I don't have PF."
    second = "Yoga helped me a lot. My client has PF, she tried ice without success."
    return Thread(
        "t",
        "test",
        (
            _post("p0", 0, "Lena", first, [
                ("statement", "per_exp", "I had sciatica for 3 years.", {}, (), None),
                ("statement", "per_exp", "I tried massage.", {}, (), None),
                ("mention", "condition", "sciatica", SELF, (), None),
                ("mention", "duration", "3 years", SELF, (), None),
                ("mention", "treatment", "massage", SELF, (), None),
                ("mention", "condition", "PF", {**SELF, "negated": True}, (), None),
                ("outcome", "no_change", "Nothing worked", {"ongoing": False}, ("massage",), None),
            ]),
            _post("p1", 1, "lumbar_lena", second, [
                ("mention", "treatment", "Yoga", SELF, (), None),
                ("outcome", "improved", "Yoga helped", {"ongoing": True}, ("Yoga",), None),
                ("mention", "condition", "PF", CLIENT, (), "My client"),
                ("mention", "treatment", "ice", CLIENT, (), "My client"),
                ("outcome", "no_change", "ice without success", {"ongoing": False}, ("ice",), None),
            ]),
        ),
    )  # fmt: skip


def _names(reported):
    return [r.name for r in reported]


def test_thread_one_record_per_person_across_posts(thread):
    people = {e.person.name: e for e in add_thread_logic(thread).experiences}
    assert set(people) == {"Lena", "Lena's client"}
    lena = people["Lena"]
    assert lena.post_ids == ("p0", "p1")
    assert _names(lena.conditions) == ["sciatica"] and _names(lena.durations) == ["3 years"]
    assert {t.name: t.outcome for t in lena.treatments} == {"massage": "no_change", "yoga": "improved"}


def test_thread_unsigned_writers_are_each_their_own_person_and_named_ones_join_by_name():
    def told(post_id: str, position: int, author: str | None, treatment: str) -> Post:
        text = f"I tried {treatment}."
        spans = [("statement", "per_exp", text, {}, (), None), ("mention", "treatment", treatment, SELF, (), None)]
        return _post(post_id, position, author, text, spans)

    posts = (told("p0", 0, None, "ice"), told("p1", 1, None, "heat"), told("p2", 2, "Lena", "yoga"))
    posts += (told("p3", 3, "lumbar_lena", "massage"),)
    people = {
        e.person: [t.name for t in e.treatments] for e in add_thread_logic(Thread("t", "test", posts)).experiences
    }
    assert people == {
        Person("writer of post 1", named=False): ["ice"],
        Person("writer of post 2", named=False): ["heat"],
        Person("Lena"): ["yoga", "massage"],
    }


def test_thread_client_record_has_its_own_treatments(thread):
    client = next(e for e in add_thread_logic(thread).experiences if e.experiencer == "client")
    assert client.person == Person.spoken_of(Person("Lena"), "client") and client.person.shown() == "Lena's client"
    assert _names(client.conditions) == ["pf"]
    assert [(t.name, t.outcome) for t in client.treatments] == [("ice", "no_change")]


def test_thread_negated_mentions_are_nobodys_experience(thread):
    lena = next(e for e in add_thread_logic(thread).experiences if e.person.name == "Lena")
    assert "pf" not in _names(lena.conditions)


def test_thread_treatment_ids_support_the_outcome(thread):
    result = add_thread_logic(thread)
    ids = {a.id: a for p in result.posts for a in p.annotations}
    lena = next(e for e in result.experiences if e.person.name == "Lena")
    massage = next(t for t in lena.treatments if t.name == "massage")
    assert {ids[i].layer for i in massage.annotation_ids} == {"mention", "outcome"}
    assert set(lena.annotation_ids) <= set(ids)


def test_thread_every_field_carries_the_mentions_that_say_it(thread):
    result = add_thread_logic(thread)
    ids = {a.id: a for p in result.posts for a in p.annotations}
    lena = next(e for e in result.experiences if e.person.name == "Lena")
    for field, label in (("conditions", "condition"), ("durations", "duration")):
        (item,) = getattr(lena, field)
        assert [ids[i].label for i in item.annotation_ids] == [label]
        assert all(i in lena.annotation_ids for i in item.annotation_ids)


@pytest.mark.parametrize(
    ("labels", "combined"),
    [
        (["unknown"], "unknown"),
        (["unknown", "improved"], "improved"),
        (["improved", "improved"], "improved"),
        (["improved", "no_change"], "mixed"),
        (["improved", "worse"], "mixed"),
        (["no_change", "worse"], "worse"),
        (["mixed", "no_change"], "mixed"),
        (["improved", "improved", "no_change"], "improved"),
        (["no_change", "worse", "worse"], "worse"),
        (["improved", "improved", "mixed"], "mixed"),
        (["improved", "no_change", "worse"], "mixed"),
    ],
)
def test_thread_combine_outcomes(labels, combined):
    assert combine_outcomes(labels) == combined
    with sqlite3.connect(":memory:") as db:  # the report's SQL combines a person's verdicts the same way
        db.execute("CREATE TABLE facts (outcome TEXT)")
        db.executemany("INSERT INTO facts VALUES (?)", [(label,) for label in labels])
        assert db.execute(f"SELECT {_COMBINED_OUTCOME} FROM facts").fetchone()[0] == combined


def test_thread_questions_still_found():
    text = "How did you treat it?"
    post = _post("q0", 0, "Ann", text, [("statement", "question", text, {}, (), None)])
    (question,) = add_thread_logic(Thread("t", "test", (post,))).questions
    assert question.text == text and question.answered_by is None


def _experiences(post: Post) -> dict[str, set[str]]:
    thread = add_thread_logic(Thread("t", "test", (post,)))
    return {e.person.name: {t.name for t in e.treatments} for e in thread.experiences}


def test_the_title_and_a_question_about_oneself_are_the_writers_own():
    text = "Splints for heel pain\nHas anyone tried insoles? Do I need to stop my splint at night?"
    post = _post(
        "p0",
        0,
        "Ines",
        text,
        [
            ("statement", "question", "Has anyone tried insoles?", {}, (), None),
            ("statement", "question", "Do I need to stop my splint at night?", {}, (), None),
            ("mention", "treatment", "Splints", SELF, (), None),
            ("mention", "treatment", "insoles", SELF, (), None),
            ("mention", "treatment", "splint", SELF, (), None),
        ],
    )
    titled = replace(post, context=PostContext(title=TextExtent(0, text.index("\n"))))
    assert _experiences(titled) == {"Ines": {"splints", "splint"}}
    assert _experiences(post) == {"Ines": {"splint"}}


def test_a_question_read_as_experience_too_is_still_a_question():
    """A sentence that asks and also reads as experience: the question decides whose it is (a treatment asked
    about is not the writer's unless the writer is in the question, before the treatment or just after it)."""
    text = "Is hydration the point of the sodium thing? Currently foam rolling my calves and it kind of helps?"
    post = _post(
        "p0",
        0,
        "Ines",
        text,
        [
            ("statement", "question", "Is hydration the point of the sodium thing?", {}, (), None),
            ("statement", "per_exp", "Is hydration the point of the sodium thing?", {}, (), None),
            ("statement", "question", "Currently foam rolling my calves and it kind of helps?", {}, (), None),
            ("statement", "per_exp", "Currently foam rolling my calves and it kind of helps?", {}, (), None),
            ("mention", "treatment", "hydration", SELF, (), None),
            ("mention", "treatment", "foam rolling", SELF, (), None),
        ],
    )
    assert _experiences(post) == {"Ines": {"foam rolling"}}


def test_quoted_text_is_never_the_quoters():
    text = "Quote: I tried cupping and it helped.\nI tried yoga. It helped."
    quote = Quote(0, text.index("\n"), author="Bo")
    post = _post(
        "p0",
        0,
        "Ines",
        text,
        [
            ("statement", "per_exp", "I tried cupping and it helped.", {}, (), None),
            ("statement", "per_exp", "I tried yoga.", {}, (), None),
            ("mention", "treatment", "cupping", SELF, (), None),
            ("outcome", "improved", "it helped.\n", {"ongoing": False}, ("cupping",), None),
            ("mention", "treatment", "yoga", SELF, (), None),
            ("outcome", "improved", "It helped", {"ongoing": False}, ("yoga",), None),
        ],
    )
    thread = add_thread_logic(Thread("t", "test", (replace(post, context=PostContext(quotes=(quote,))),)))
    (record,) = thread.experiences
    assert [(t.name, t.outcome) for t in record.treatments] == [("yoga", "improved")]


def test_a_class_in_brackets_after_a_drug_glosses_it():
    text = "I took citalopram (an antidepressant). I am on PPIs (lansoprazole)."
    klass = {**SELF, "drug_class": True}
    post = _post("p0", 0, "Ines", text, [
        ("statement", "per_exp", "I took citalopram (an antidepressant).", {}, (), None),
        ("statement", "per_exp", "I am on PPIs (lansoprazole).", {}, (), None),
        ("mention", "drug", "citalopram", SELF, (), None),
        ("mention", "drug", "antidepressant", klass, (), None),
        ("mention", "drug", "PPIs", klass, (), None),
        ("mention", "drug", "lansoprazole", SELF, (), None),
    ])  # fmt: skip
    assert _experiences(post) == {"Ines": {"citalopram", "ppis", "lansoprazole"}}


def test_a_delivery_device_and_the_drug_it_delivers_are_one_treatment():
    text = "I use an asthma inhaler (salbutamol). I started budesonide (preventer inhaler)."
    device = {**SELF, "concept_id": "inhaler"}
    post = _post("p0", 0, "Ines", text, [
        ("statement", "per_exp", "I use an asthma inhaler (salbutamol).", {}, (), None),
        ("statement", "per_exp", "I started budesonide (preventer inhaler).", {}, (), None),
        ("mention", "treatment", "inhaler", device, (), None),
        ("mention", "drug", "salbutamol", SELF, (), None),
        ("mention", "drug", "budesonide", SELF, (), None),
        ("mention", "treatment", "preventer inhaler", device, (), None),
    ])  # fmt: skip
    assert _experiences(post) == {"Ines": {"salbutamol", "budesonide"}}


def test_someone_the_writer_knows_is_counted_apart_and_anyone_is_nobody():
    text = "My coworker tried acupuncture. Has anyone tried cupping?"
    other = {"experiencer": "other"}
    post = _post("p0", 0, "Ines", text, [
        ("statement", "per_exp", "My coworker tried acupuncture.", {}, (), None),
        ("mention", "treatment", "acupuncture", other, (), "My coworker"),
        ("mention", "treatment", "cupping", other, (), "anyone"),
    ])  # fmt: skip
    assert _experiences(post) == {"Ines's coworker": {"acupuncture"}}


def test_a_symptom_the_title_names_is_among_the_writers_conditions():
    text = "Heel pain every morning\nI tried insoles. The heel pain is better, my knee pain not."
    post = _post("p0", 0, "Ines", text, [
        ("statement", "per_exp", "I tried insoles.", {}, (), None),
        ("statement", "per_exp", "The heel pain is better, my knee pain not.", {}, (), None),
        ("mention", "symptom", "Heel pain", SELF, (), None),
        ("mention", "treatment", "insoles", SELF, (), None),
        ("mention", "symptom", "knee pain", SELF, (), None),
    ])  # fmt: skip
    titled = replace(post, context=PostContext(title=TextExtent(0, text.index("\n"))))
    (record,) = add_thread_logic(Thread("t", "test", (titled,))).experiences
    assert [c.name for c in record.conditions] == ["heel pain"]


def test_covering_spans_equal_a_scan_of_every_span():
    """The bisection that finds a mention's statements (long posts) gives what scanning every statement gives."""
    import random

    from anecdata.thread import _Covering

    rng = random.Random(1)
    text = "x" * 600
    spans = []
    for i in range(200):
        start = rng.randrange(0, 480)
        end = start + rng.randrange(1, 40)
        spans.append(Annotation(post_id="p", start=start, end=end, text=text[start:end], layer="statement",
                                label="claim", id=str(i)))  # fmt: skip
    covering = _Covering(spans)
    for position in range(550):
        expected = [s for s in sorted(spans, key=lambda s: s.start) if s.start <= position < s.end]
        assert sorted(covering(position), key=lambda s: s.id) == sorted(expected, key=lambda s: s.id)


def test_a_drug_the_vocabulary_lacks_is_one_row_whatever_its_case():
    from anecdata.read.pipeline import annotate_thread

    post = Post("t-0", "t", 0, "I take Zorvex 20mg now. Honestly zorvex 20mg helped a lot.")
    (experience,) = add_thread_logic(annotate_thread(Thread("t", "test", (post,)))).experiences
    assert [(t.name, t.outcome) for t in experience.treatments] == [("zorvex", "improved")]


def test_a_question_whether_anyone_has_a_side_effect_is_the_writers_outcome():
    """ "Does anyone have loose stools on X": asked by someone who has them, so it is the writer's (not "anyone's")."""
    from anecdata.read.pipeline import annotate_thread

    post = Post("t-0", "t", 0, "Does anyone have loose stools frequently on omeprazole.")
    (experience,) = add_thread_logic(annotate_thread(Thread("t", "test", (post,)))).experiences
    assert experience.experiencer == "self"
    assert [(t.name.lower(), t.outcome) for t in experience.treatments] == [("omeprazole", "worse")]


def test_a_treatment_the_title_names_is_the_one_the_body_tells_it_of():
    text = "Transplant went well\nMy boyfriend just had a kidney transplant."
    family = {"experiencer": "family"}
    post = _post("p0", 0, "Ines", text, [
        ("statement", "per_exp", "My boyfriend just had a kidney transplant.", {}, (), None),
        ("mention", "treatment", "Transplant", SELF, (), None),
        ("mention", "treatment", "transplant", family, (), "My boyfriend"),
    ])  # fmt: skip
    titled = replace(post, context=PostContext(title=TextExtent(0, text.index("\n"))))
    assert _experiences(titled) == {"Ines's boyfriend": {"transplant"}}
