"""Discourse topics are keyed by their site, so topic 57 of one forum never replaces another forum's topic 57."""

from __future__ import annotations

import json

from anecdata.ingest.discourse import NO_SITE, read_discourse
from anecdata.ingest.source import Problem, ReadContext


def topic(path, host=None, **fields):
    avatar = {"avatar_template": f"/user_avatar/{host}/bo/{{size}}/3_2.png"} if host else {}
    posts = [
        {"post_number": 1, "username": "bo", "cooked": f"<p>On {host or 'somewhere'}: my knee.</p>", **avatar},
        {"post_number": 2, "username": "al", "cooked": "<p>Mine too.</p>"},
    ]
    path.write_text(json.dumps({"id": 57, "slug": "knee", "title": "Knee", "post_stream": {"posts": posts}, **fields}))
    return path


def read(path, **ctx):
    problems: list[Problem] = []
    return list(read_discourse(path, ReadContext(report=problems.append, **ctx))), problems


def test_discourse_topics_of_two_sites_never_share_keys(tmp_path):
    (one,), _ = read(topic(tmp_path / "a.json", "forum.example.org"))
    (two,), _ = read(topic(tmp_path / "b.json", "talk.example.net"))
    assert (one.source, two.source) == ("forum.example.org", "talk.example.net")
    assert one.id != two.id and not {p.id for p in one.posts} & {p.id for p in two.posts}
    assert one.url == "https://forum.example.org/t/knee/57"


def test_discourse_site_from_a_url_field_and_source_flag_wins(tmp_path):
    path = topic(tmp_path / "t.json", url="https://Forum.Example.org/t/knee/57.json")
    (thread,), _ = read(path)
    assert thread.source == "forum.example.org"
    (thread,), _ = read(path, source="my-forum")
    assert thread.source == "my-forum"


def test_discourse_topic_naming_no_site_asks_for_source(tmp_path):
    threads, problems = read(topic(tmp_path / "t.json"))
    assert threads == [] and [p.reason for p in problems] == [NO_SITE]
    assert "--source" in NO_SITE and "\n" not in NO_SITE
    (thread,), problems = read(topic(tmp_path / "t.json"), source="forum.example.org")
    assert problems == [] and len(thread.posts) == 2


def test_discourse_quote_of_another_topic_names_no_post_of_this_one(tmp_path):
    # constructed: cooked quotes as Discourse writes them, one of this topic's post 1 and one of post 1 of another
    # topic (data-topic 99), whose title is that topic's
    same = (
        '<aside class="quote no-group" data-username="bo" data-post="1" data-topic="57"><div class="title">bo:</div>'
        "<blockquote><p>My knee.</p></blockquote></aside>"
    )
    other = (
        '<aside class="quote" data-username="cy" data-post="1" data-topic="99"><div class="title">'
        '<a href="/t/ankle/99/1">Ankle</a></div><blockquote><p>Ice it.</p></blockquote></aside>'
    )
    posts = [
        {"post_number": 1, "username": "bo", "cooked": "<p>My knee.</p>"},
        {"post_number": 2, "username": "al", "cooked": same + other},
    ]
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": 57, "title": "Knee", "post_stream": {"posts": posts}}))
    (thread,), problems = read(path, source="forum.example.org")
    first, reply = thread.posts
    assert problems == [] and "Ankle" not in reply.text
    assert [(q.author, q.post_id) for q in reply.context.quotes] == [("bo", first.id), ("cy", None)]
    assert reply.text.endswith("cy wrote:\n> Ice it.")


def test_discourse_link_preview_is_read_as_the_link(tmp_path):
    # constructed: a onebox as Discourse cooks a pasted link, and a video's preview; their titles and summaries are
    # the linked pages' words
    onebox = (
        '<aside class="onebox allowlistedgeneric" data-onebox-src="https://example.org/knee-study">'
        '<header class="source"><a href="https://example.org/knee-study">example.org</a></header>'
        '<article class="onebox-body"><h3><a href="https://example.org/knee-study">A knee study</a></h3>'
        "<p>Ice reduced swelling in most runners.</p></article></aside>"
    )
    video = (
        '<div class="youtube-onebox lazy-video-container" data-video-id="abc" data-video-title="Knee drills">'
        '<a href="https://www.youtube.com/watch?v=abc"><img src="/t.jpg" title="Knee drills"></a>'
        '<div class="title-container"><a class="title-link" href="https://www.youtube.com/watch?v=abc">Knee drills'
        "</a></div></div>"
    )
    cooked = f"<p>Read this:</p>{onebox}<p>And this:</p>{video}"
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": 57, "post_stream": {"posts": [{"post_number": 1, "cooked": cooked}]}}))
    (thread,), _ = read(path, source="forum.example.org")
    assert thread.posts[0].text == (
        "Read this:\n\nhttps://example.org/knee-study\n\nAnd this:\n\nhttps://www.youtube.com/watch?v=abc"
    )


def test_discourse_poll_keeps_its_options_not_its_voter_count(tmp_path):
    # constructed: a poll as Discourse cooks it
    cooked = (
        '<p>Which helped?</p><div class="poll" data-poll-status="open" data-poll-name="poll" data-poll-type="regular">'
        '<div><div class="poll-container"><ul><li data-poll-option-id="a1">Ice</li><li data-poll-option-id="b2">Heat'
        '</li></ul></div><div class="poll-info"><div class="info-number">0</div><div class="info-label">voters</div>'
        "</div></div></div>"
    )
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": 57, "post_stream": {"posts": [{"post_number": 1, "cooked": cooked}]}}))
    (thread,), _ = read(path, source="forum.example.org")
    assert thread.posts[0].text == "Which helped?\n\n- Ice\n- Heat"


def test_discourse_attachment_without_the_size_the_page_adds(tmp_path):
    # constructed: an attachment link as Discourse cooks it, with the file's size after it
    cooked = '<p>My log:<br><a class="attachment" href="/uploads/x.pdf">knee-log.pdf</a> (70.1 KB) (week 2)</p>'
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": 57, "post_stream": {"posts": [{"post_number": 1, "cooked": cooked}]}}))
    (thread,), _ = read(path, source="forum.example.org")
    assert thread.posts[0].text == "My log:\nknee-log.pdf (week 2)"


def test_discourse_small_actions_are_not_posts(tmp_path):
    # constructed: a topic closed by the forum, whose note is a post of post_type 3 with an action_code
    posts = [
        {"post_number": 1, "username": "bo", "post_type": 1, "cooked": "<p>My knee.</p>"},
        {
            "post_number": 2,
            "username": "system",
            "post_type": 3,
            "action_code": "autoclosed.enabled",
            "cooked": "<p>This topic was automatically closed 180 days after the last reply.</p>",
        },
    ]
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": 57, "post_stream": {"posts": posts}}))
    (thread,), problems = read(path, source="forum.example.org")
    assert problems == [] and [(p.author, p.text) for p in thread.posts] == [("bo", "My knee.")]
