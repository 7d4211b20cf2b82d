"""The corpus authoring markup: exact offsets, one-line errors, and a lossless trip through JSON and back."""

from __future__ import annotations

import json

import pytest

from anecdata.corpus.markup import parse_thread, render_thread, split_of
from anecdata.errors import DataError
from anecdata.serialise import document_from_record, dumps

SMALL_THREAD = """\
source: knees.example
area: musculoskeletal
title: {q} [Knee]{body_part} clicks after [ACL]{condition=acl tear} repair, normal

## p1 author=tarn_walker
{pe} Six months out from surgery and the [clicking]{symptom} is still there. {pe} [Physio]{treatment=physical therapy} \
[helped with strength]{improved -> physical therapy} but not the noise.
Anyone else get this
{sig} Tarn, [Leeds]{location}

## p2 author="Dr Ines Vale" reply=p1 to=tarn_walker
> {@tarn_walker} Anyone else get this
{c, prevalence, hedged} Painless clicking after reconstruction is common and usually harmless.
{q} Does it swell?
"""


def _ann(thread, post_index, layer, label):
    return [a for a in thread.posts[post_index].annotations if a.layer == layer and a.label == label]


def test_markup_offsets_point_at_the_marked_text():
    thread = parse_thread(SMALL_THREAD, thread_id="t1").thread
    first, second = thread.posts
    assert first.text.startswith("Knee clicks after ACL repair, normal\nSix months out")
    assert thread.title == "Knee clicks after ACL repair, normal"
    for post in thread.posts:
        for a in post.annotations:
            assert post.text[a.start : a.end] == a.text
    (title_q,) = [a for a in _ann(thread, 0, "statement", "question") if a.start == 0]
    assert title_q.text == "Knee clicks after ACL repair, normal"
    assert first.context.title is not None and first.text[: first.context.title.end] == title_q.text
    (acl,) = _ann(thread, 0, "mention", "condition")
    assert (acl.text, acl.concept.name, acl.concept.code) == ("ACL", "acl tear", "acl_tear")
    (physio,) = _ann(thread, 0, "mention", "treatment")
    (outcome,) = _ann(thread, 0, "outcome", "improved")
    assert outcome.text == "helped with strength" and outcome.links == (physio.id,)
    (place,) = _ann(thread, 0, "pii", "location")
    assert place.text == "Leeds"
    assert first.context.closing is not None and first.text[first.context.closing.start :] == "Tarn, Leeds"
    # "Anyone else get this" carries no marker: it is text without a statement span.
    assert all("Anyone" not in a.text for a in first.annotations)
    (quote,) = second.context.quotes
    assert second.text[quote.start : quote.end] == "> Anyone else get this"
    assert quote.author == "tarn_walker"
    (claim,) = _ann(thread, 1, "statement", "claim")
    assert claim.attrs == {"claim_type": "prevalence", "hedged": True}
    assert (second.author, second.addressee, second.parent_id) == ("Dr Ines Vale", "tarn_walker", "t1-p1")


def test_markup_round_trip_through_json_and_back_to_markup():
    authored = parse_thread(SMALL_THREAD, thread_id="t1")
    document = json.loads(dumps([authored.thread]))
    assert document["schema"] == "anecdata/2"
    (back,) = document_from_record(document)
    assert back == authored.thread
    rendered = render_thread(back, authored.area)
    assert parse_thread(rendered, thread_id="t1") == authored


def test_markup_separate_title_and_escapes():
    source = "source: s\narea: skin\ntitle: itchy \\[again\\]\ntitle_in_text: no\n\n## p1\n{pe} a \\{b\\} \\\\ c]\n"
    with pytest.raises(DataError):
        parse_thread(source, thread_id="t")
    source = source.replace("c]", "c")
    thread = parse_thread(source, thread_id="t").thread
    assert thread.title == "itchy [again]"
    assert thread.posts[0].text == "a {b} \\ c"
    assert thread.posts[0].context.title is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{pe} [ibuprofen]{drug", "']{' is not closed"),
        ("{pe} [ibuprofen helped", "'[' is not closed"),
        ("{pe} ibuprofen]{drug} helped", "without an opening '['"),
        ("{pe} ibuprofen] helped", "']' not followed by"),
        ("{pe} [ibuprofen]{medicine}", "unknown label 'medicine'"),
        ("{xx} ibuprofen", "unknown marker {xx}"),
        ("{pe} [it helped]{improved -> naproxen}", "links to 'naproxen', but no treatment"),
        ("{pe} [it helped]{improved}", "needs '-> treatment'"),
        ("{c} ibuprofen is good", "needs a claim type"),
        ("{pe, causal} I took it", "flag 'causal' is not allowed"),
        ("> {pe} quoted", "quoted text is not the quoter's statement"),
        ("> [ibuprofen]{drug}", "quoted text carries only pii"),
        ("{pe} [ibuprofen]{drug, sneaky}", "flag 'sneaky' is not allowed"),
        ("{pe} [Dave]{person=dave}", "takes no '=' value"),
    ],
)
def test_markup_bad_markup_gives_a_one_line_error(body, message):
    source = f"source: s\narea: gut\ntitle: t\n\n## p1 author=a\n{body}\n"
    with pytest.raises(DataError) as caught:
        parse_thread(source, where="bad.md", thread_id="bad")
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith("bad.md:6: "), text
    assert message in text


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("source: s\ntitle: t\n\n## p1\nx\n", "needs 'area:'"),
        ("source: s\narea: a\ntitle: t\n", "has no posts"),
        ("source: s\narea: a\ntitle: t\n\n## p1\nx\n## p2 reply=p3\ny\n", "reply='p3' names no earlier post"),
        ("source: s\narea: a\ntitle: t\n\n## p1 colour=red\nx\n", "post header field 'colour=red'"),
    ],
)
def test_markup_bad_thread_layout_gives_a_one_line_error(source, message):
    with pytest.raises(DataError, match=message) as caught:
        parse_thread(source, where="bad.md", thread_id="bad")
    assert "\n" not in str(caught.value)


def test_markup_outcome_links_to_an_earlier_posts_treatment():
    source = (
        "source: s\narea: neuro\ntitle: t\n\n## p1 author=a\n{q} Did [amitriptyline]{drug} help anyone\n\n"
        "## p2 author=b reply=p1\n{pe} [Not at all]{no_change -> amitriptyline} for me.\n"
    )
    thread = parse_thread(source, thread_id="t").thread
    (drug,) = thread.posts[0].layer("mention")
    (outcome,) = thread.posts[1].layer("outcome")
    assert outcome.links == (drug.id,)


def test_split_of_is_fixed_by_thread_id():
    assert split_of("gut-ppi-stopped-working") == split_of("gut-ppi-stopped-working")
    splits = [split_of(f"thread-{i}") for i in range(1000)]
    assert 0.7 < splits.count("train") / 1000 < 0.9
    assert splits.count("dev") > 50 and splits.count("test") > 50
