"""HTML to text: block structure kept, entities decoded, quotes of earlier posts marked by exact spans."""

import pytest

from anecdata.ingest.html_text import html_to_text
from anecdata.ingest.html_tree import parse_html

CASES = [
    ("<p>One</p><p>Two</p>", "One\n\nTwo", []),
    ("line one<br>line two<br><br>para", "line one\nline two\n\npara", []),
    ("<ul><li>ice</li><li>heat <i>pads</i></li></ul>", "- ice\n- heat pads", []),
    ("Tom &amp; Jerry&nbsp;said &lt;hi&gt;", "Tom & Jerry said <hi>", []),  # nbsp collapses too
    ("<p>a <script>alert(1)</script>b</p><style>p{}</style>", "a b", []),
    ('Thanks <img alt=":smile:" src="x.png">', "Thanks :smile:", []),
    ("<blockquote>anon</blockquote>mine", "> anon\n\nmine", [(0, 6, None)]),
    (
        '<aside class="quote" data-username="pete" data-post="2"><div class="title">pete:</div>'
        "<blockquote><p>a</p><p>b</p></blockquote></aside><p>reply</p>",
        "pete wrote:\n> a\n>\n> b\n\nreply",
        [(0, 21, "pete")],
    ),
    (
        "<blockquote><div><cite><a href='u'>jen</a> wrote: <a data-post-id='7'>↑</a></cite>outer"
        "<blockquote><div><cite>kim wrote:</cite>inner</div></blockquote></div></blockquote>mine",
        "jen wrote:\n> outer\n>\n> kim wrote:\n> > inner\n\nmine",
        [(0, 43, "jen")],
    ),
    (
        '<div class="bbcode_quote"><div class="bbcode_postedby">Originally Posted by <strong>bea</strong></div>'
        '<div class="message">q</div></div>ok',
        "bea wrote:\n> q\n\nok",
        [(0, 14, "bea")],
    ),
    (
        '<blockquote class="postcontent restore">whole vBulletin post</blockquote>',
        "whole vBulletin post",
        [],
    ),
    (
        '<blockquote class="bbCodeBlock--quote" data-quote="ben" data-source="post: 9">'
        '<div class="bbCodeBlock-title">ben said:</div><div class="bbCodeBlock-content">q'
        '<div class="bbCodeBlock-expandLink">Click to expand...</div></div></blockquote>a',
        "ben wrote:\n> q\n\na",
        [(0, 14, "ben")],
    ),
]


@pytest.mark.parametrize(("markup", "text", "quotes"), CASES)
def test_html_text_converts_structure_and_marks_quotes(markup, text, quotes):
    converted = html_to_text(parse_html(markup))
    assert converted.text == text
    assert [(q.start, q.end, q.author) for q in converted.quotes] == quotes
    for q in converted.quotes:
        assert converted.text[q.start : q.end].rstrip() == converted.text[q.start : q.end]


def test_html_text_keeps_the_quoted_post_id():
    markup = '<blockquote data-quote="ben" data-source="post: 88012"><div>q</div></blockquote>'
    assert html_to_text(parse_html(markup)).quotes[0].post == "88012"


def test_html_tree_survives_broken_markup():
    root = parse_html("<div><p>one<p>two</span></div></div><b>three")
    assert html_to_text(root).text == "one\n\ntwo\n\nthree"


@pytest.mark.parametrize(
    ("alt", "kept"),
    [
        ("Image", ""),
        ("Zrzut ekranu 2019-03-24 o 20.53.41.png", ""),
        ("😄", "😄"),
        ("my knee after surgery", "my knee after surgery"),
    ],
)
def test_image_placeholder_alt_is_not_text(alt, kept):
    assert html_to_text(parse_html(f'<p>See <img alt="{alt}" src="x.png"></p>')).text == f"See {kept}".strip()
