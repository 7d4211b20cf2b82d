"""Redaction as a view: masked copies keep every annotation grounded; the stored thread is untouched."""

from dataclasses import replace

import pytest

from anecdata.ingest.pasted import read_pasted_thread
from anecdata.jobs import analyze_path
from anecdata.model import Experience, Person, Post, Question, Thread
from anecdata.read.pipeline import annotate_thread
from anecdata.redact import Pseudonyms, redact_threads, redact_title
from anecdata.thread import add_thread_logic
from assertions import assert_grounded
from paths import example_threads


@pytest.fixture(scope="module")
def read_examples():
    return [
        add_thread_logic(annotate_thread(read_pasted_thread(p.read_text(encoding="utf-8"), p.name)))
        for p in example_threads()
    ]


@pytest.mark.parametrize("mode", ["mask", "pseudonymise"])
def test_redact_keeps_every_annotation_grounded(read_examples, mode):
    for thread in redact_threads(read_examples, mode):
        assert_grounded(thread.posts)


@pytest.mark.parametrize("mode", ["mask", "pseudonymise"])
def test_redact_hides_signed_names_and_towns(read_examples, mode):
    redacted = redact_threads(read_examples, mode)
    text = "\n".join(p.text for t in redacted for p in t.posts)
    authors = {p.author for t in redacted for p in t.posts}
    for secret in ("Marisol Quintero", "Asheville, NC", "Ian Kowalczyk", "Grand Rapids", "(406) 555-0148"):
        assert secret not in text
    assert "Marisol Quintero" not in authors


def test_redact_leaves_the_original_intact(read_examples):
    before = [p.text for t in read_examples for p in t.posts]
    redact_threads(read_examples, "mask")
    assert [p.text for t in read_examples for p in t.posts] == before


def test_redact_pseudonyms_are_stable_across_posts(read_examples):
    (thread,) = redact_threads([t for t in read_examples if t.source == "plantar-fasciitis.txt"], "pseudonymise")
    joans = {p.author for p in thread.posts if p.position in (0, 5)}
    assert len(joans) == 1 and joans != {"Joan"}


def test_redact_never_changes_the_stored_annotations(read_examples):
    before = [(a.id, a.start, a.end, a.text) for t in read_examples for p in t.posts for a in p.annotations]
    redact_threads(read_examples, "pseudonymise")
    assert [(a.id, a.start, a.end, a.text) for t in read_examples for p in t.posts for a in p.annotations] == before


def test_redact_pseudonymised_handles_keep_their_at_sign():
    names = Pseudonyms("pseudonymise")
    assert names.for_value("person", "Marisol Quintero") == "Person-1"
    assert names.for_value("handle", "@Marisol") == "@Person-1"
    assert names.for_name("Marisol") == "Person-1"
    assert names.for_value("credential", "DPT") == "[CREDENTIAL]"
    assert names.for_value("location", "Asheville, NC") == names.for_value("location", "asheville,  NC") == "Place-1"


@pytest.mark.corpus
def test_redact_seed_signature_is_hidden_in_every_output_by_default(seed_text, seed_people, tmp_path):
    from rich.console import Console

    from anecdata.redact import DEFAULT_MODE
    from anecdata.serialise import dumps
    from anecdata.view.html import render_html
    from anecdata.view.text import render_text

    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    threads = redact_threads([analyze_path(str(seed)).thread], DEFAULT_MODE)
    console = Console(record=True, width=100)
    with console.capture():
        render_text(threads, console)
    outputs = {
        "json": dumps(threads, redaction=DEFAULT_MODE),
        "html": render_html(threads, redaction=DEFAULT_MODE),
        "text": console.export_text(),
    }
    for form, output in outputs.items():
        secrets = (*seed_people.signer.split(), seed_people.credential, seed_people.town, seed_people.opening_author)
        for secret in secrets:
            assert secret not in output, f"{secret!r} leaks in the {form} output"


def test_redact_keeps_claim_evidence_and_its_claims(stretching_thread, example_evidence_db):
    thread = analyze_path(str(stretching_thread), evidence_db=example_evidence_db).thread
    assert any(e.links for e in thread.evidence)
    (redacted,) = redact_threads([thread], "mask")
    assert redacted.evidence == thread.evidence  # abstracts are not forum PII; no claim text is copied into them
    claims = {a.id: a for p in redacted.posts for a in p.annotations}
    for entry in redacted.evidence:
        assert "[PERSON]" in claims[entry.annotation_id].text  # the claim reads from the redacted post


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Ask Marisol Quintero about heels", "Ask [PERSON] about heels"),
        ("marisol from ASHEVILLE", "[PERSON] from [LOCATION]"),  # any case; the longer value first
        ("Annual heel check by greg_h", "Annual heel check by [PERSON]"),  # "Ann" is no word of "Annual"
        ("Heel pain", "Heel pain"),
        (None, None),
    ],
)
def test_redact_title_replaces_what_the_posts_mark_as_pii(title, shown):
    values = [("person", "Marisol Quintero"), ("person", "Marisol"), ("location", "Asheville"), ("person", "Ann")]
    values.append(("person", "greg_h"))
    assert redact_title(title, values, Pseudonyms("mask")) == shown


def test_redact_threads_redacts_titles_by_their_posts_pii_and_authors(read_examples):
    thread = next(
        t for t in read_examples if any(a.text == "Marisol Quintero" for p in t.posts for a in p.layer("pii"))
    )
    author = next(p.author for p in thread.posts if p.author)
    titled = replace(thread, title=f"Marisol Quintero and {author}: heel pain")
    (redacted,) = redact_threads([titled], "pseudonymise")
    assert redacted.title is not None and "Marisol" not in redacted.title and author not in redacted.title
    assert redacted.title.endswith(": heel pain") and "Person-" in redacted.title


@pytest.mark.parametrize("mode", ["mask", "pseudonymise"])
def test_redact_moves_post_contexts_and_hides_quoted_writers(read_examples, mode):
    thread = next(t for t in read_examples if any(p.context.quotes for p in t.posts))
    for original, post in zip(thread.posts, redact_threads([thread], mode)[0].posts, strict=True):
        assert len(post.context.quotes) == len(original.context.quotes)
        for before, after in zip(original.context.quotes, post.context.quotes, strict=True):
            assert after.author != before.author or before.author is None
            assert post.text[after.end - 10 : after.end] == original.text[before.end - 10 : before.end]
        if original.context.closing is not None:
            assert post.context.closing.end == len(post.text)
        quoted = [a for a in post.annotations if a.attrs.get("quoted_author")]
        assert all(a.attrs["quoted_author"].lower().startswith(("[person", "person")) for a in quoted)


def test_redact_title_hides_people_and_places_but_never_what_the_vocabulary_knows():
    values = [("person", "Meniscus"), ("person", "Kelly Brown"), ("location", "Asheville, NC"), ("date", "tear")]
    title = redact_title("Meniscus tear, surgery or not? Kelly in Asheville", values, Pseudonyms("mask"))
    assert title == "Meniscus tear, surgery or not? [PERSON] in [LOCATION]"


def test_redact_experience_people_keep_their_structure(read_examples):
    """A redacted record still holds a Person: its names are stand-ins, its kind, relation and writer stay."""
    for mode in ("mask", "pseudonymise"):
        for before, after in zip(read_examples, redact_threads(read_examples, mode), strict=True):
            for e, r in zip(before.experiences, after.experiences, strict=True):
                assert (r.person.kind, r.person.relation, r.person.named) == (
                    e.person.kind,
                    e.person.relation,
                    e.person.named,
                )
                if not e.person.named and e.person.writer is None:  # "writer of post N" names no one
                    assert r.person == e.person
                elif e.person.named:
                    assert r.person.name != e.person.name


def test_redact_people_of_records_and_questions_are_renamed_people():
    mara, unsigned = Person("Mara"), Person("writer of post 2", named=False)
    posts = (Post("p0", "t", 0, "Hi.", author="Mara"), Post("p1", "t", 1, "Hi."))
    people = (mara, Person.spoken_of(mara, "client"), Person.spoken_of(unsigned, "daughter"))
    asked = (Question("q0", "p0", "Hi.", mara, Person("Mara Quintero")), Question("q1", "p1", "Hi.", None, None))
    experiences = tuple(Experience(p, "self", ("p0",)) for p in people)
    thread = Thread("t", "test", posts, experiences=experiences, questions=asked)
    (redacted,) = redact_threads([thread], "pseudonymise")
    assert [(q.asker, q.addressee) for q in redacted.questions] == [
        (Person("Person-1"), Person("Person-1")),
        (None, None),
    ]
    assert [e.person for e in redacted.experiences] == [
        Person("Person-1"),
        Person.spoken_of(Person("Person-1"), "client"),
        Person.spoken_of(unsigned, "daughter"),
    ]
    assert [e.person.shown() for e in redacted.experiences] == [
        "Person-1",
        "Person-1's client",
        "writer of post 2's daughter",
    ]
