"""One long paragraph is shown in time that grows with its length (issue 17 point 1): the HTML marks and the
redaction of questions used to scan every annotation once per piece of text or per question, so a 400,000-character
paragraph took 29 s to render as HTML. ``bench/long_paragraph.py`` times every stage of ``analyze``."""

from __future__ import annotations

import time

from anecdata.model import Annotation, Person, Post, Question, Thread
from anecdata.redact import redact_threads
from anecdata.view.html import marked_text

SENTENCE = "Has anyone tried ibuprofen for knee pain? "
SENTENCES = 5_000
"""200,000 characters: 5,000 questions, each with a mention inside; quadratic work here takes minutes."""
SECONDS = 3.0


def _long_post() -> Post:
    text = SENTENCE * SENTENCES
    annotations = []
    for i in range(SENTENCES):
        start = i * len(SENTENCE)
        end = start + len(SENTENCE) - 1
        mention = text.index("ibuprofen", start)
        annotations += [
            Annotation.over("p0", text, start, end, layer="statement", label="question"),
            Annotation.over("p0", text, mention, mention + len("ibuprofen"), layer="mention", label="drug"),
        ]
    return Post(id="p0", thread_id="t1", position=0, text=text, author="ann", annotations=tuple(annotations))


def test_marked_text_of_a_long_paragraph_is_linear_and_nests_every_mark():
    post = _long_post()
    started = time.perf_counter()
    html = marked_text(post.text, post.annotations)
    assert time.perf_counter() - started < SECONDS
    assert html.count("<mark ") == 2 * SENTENCES and html.count("</mark>") == 2 * SENTENCES
    first = html[: html.index("?</mark>") + len("?</mark>")]
    assert first.count("<mark ") == 2 and first.endswith(">ibuprofen</mark> for knee pain?</mark>")


def test_redaction_of_a_thread_with_thousands_of_questions_is_linear():
    post = _long_post()
    questions = tuple(
        Question(annotation_id=a.id, post_id="p0", text=a.text, asker=Person("ann"), addressee=None)
        for a in post.annotations
        if a.layer == "statement"
    )
    thread = Thread(id="t1", source="test", posts=(post,), questions=questions)
    started = time.perf_counter()
    (redacted,) = redact_threads([thread], "mask")
    assert time.perf_counter() - started < SECONDS
    assert [q.text for q in redacted.questions] == [q.text for q in questions]
