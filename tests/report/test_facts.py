"""The experience index's rows of a thread: people keyed by who they are, not by how their name reads."""

from anecdata.model import Experience, Person, Post, Reported, Thread
from anecdata.report.facts import person_key, thread_index


def _thread() -> Thread:
    posts = (
        Post("p0", "t1", 0, "I have sciatica.", author="Mara"),
        Post("p1", "t1", 1, "So do I."),
    )
    mara, unsigned = Person.writer_of(posts[0]), Person.writer_of(posts[1])
    people = (mara, Person.spoken_of(mara, "client"), unsigned)
    experiences = tuple(
        Experience(p, "self" if p.kind == "writer" else "client", ("p0",), conditions=(Reported("sciatica"),))
        for p in people
    )
    return Thread("t1", "reddit", posts, experiences=experiences)


def test_facts_a_signed_writer_is_known_across_the_source_others_in_their_thread():
    thread = _thread()
    mara, client, unsigned = (e.person for e in thread.experiences)
    assert person_key(thread, mara) == "reddit/Mara"
    assert person_key(thread, client) == "t1/Mara's client"
    assert person_key(thread, unsigned) == "t1/writer of post 2"
    # a writer whose name reads like an unsigned post's, or like someone spoken of, is still keyed by what they are
    assert person_key(thread, Person("Mara's client")) == "reddit/Mara's client"


def test_facts_rows_carry_the_person_key_and_the_name_shown():
    index = thread_index(_thread())
    assert {(f.person_key, f.person, f.experiencer) for f in index.facts} == {
        ("reddit/Mara", "Mara", "self"),
        ("t1/Mara's client", "Mara's client", "client"),
        ("t1/writer of post 2", "writer of post 2", "self"),
    }
