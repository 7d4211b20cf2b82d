"""The saved-page reader on real thread pages of each engine (tests/fixtures/forums/, origins in its README).

Right means what issue 18 asks: every post, its writer, its date where the page shows one (UTC where the board
states its zone, else local time marked so), the text with no markup or page furniture, the thread's title
(not the site's banner), quotes marked with their writer, signatures marked.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from anecdata.ingest.forum_html import read_forum_html, thread_address
from anecdata.ingest.registry import choose_reader
from anecdata.ingest.source import ReadContext

FORUMS = Path(__file__).resolve().parents[1] / "fixtures" / "forums"
FURNITURE = re.compile(
    r"Select all|Click to (?:expand|shrink)|Reply With Quote|View Post|Originally Posted by|\bsaid:|↑|"
    r"^Quote:|^Code:|&[a-z]+;|&#\d+;|<[a-z]+[ >/]|_{5,}|Reveal hidden contents|Threaded Mode|Linear Mode",
    re.I | re.M,
)


def read(path: Path):
    problems = []
    threads = list(read_forum_html(path, ReadContext(report=problems.append)))
    assert problems == []
    assert len(threads) == 1
    return threads[0]


# file, engine, posts, title, source, (first writer, first created, its zone stated), signatures marked
PAGES = [
    (
        "phpbb-3.0/ilovephilosophy-biological-will.html",
        "phpbb",
        25,
        "Biological Will",
        "www.ilovephilosophy.com",  # no canonical link: the host of the board's own links (postlink-local)
        ("Jakob", "2019-05-26T15:34:00+00:00", True),  # "All times are UTC [ DST ]": 4:34 pm is 15:34 UTC
        20,
    ),
    (
        "phpbb-3.1/myoos-freie-software.html",
        "phpbb",
        1,
        "Was ist Freie Software",
        "foren.myoos.de",
        # "21.01.2009, 05:42", day first; "Alle Zeiten sind UTC+02:00" titled "Europa/Berlin": CET in January
        ("r23", "2009-01-21T04:42:00+00:00", True),
        1,
    ),
    (
        "vbulletin-3.8/animesuki-hibike-euphonium-p152.html",
        "vbulletin",
        20,
        "(L+CR) Hibike! Euphonium [anime]",
        "forum",
        ("Shirohige", "2016-02-01T07:21:00+00:00", True),  # "All times are GMT -5": 02:21 is 07:21 UTC
        5,  # a sixth signature is only an image named "....gif": no text to mark
    ),
    (
        "vbulletin-3.8/ubuntuforums-dragonflybsd.html",  # vBulletin 3.8.1, Ubuntu Forums' own theme: the date
        "vbulletin",  # cell is a td.alt4, not td.thead
        9,
        "DragonflyBSD",
        "forum",  # no canonical link, and its links are relative ("/showthread.php?t=908869")
        ("C!oud", "2008-09-02", False),  # "September 2nd, 2008": the day alone, in "GMT -4"
        5,
    ),
    (
        "vbulletin-3.8/linuxquestions-xgl-compiz.html",  # vBulletin 3.8.1, LinuxQuestions.org's theme
        "vbulletin",
        11,
        "XGL / Compiz",
        "www.linuxquestions.org",  # the thread's own link ("Reload this Page") is absolute
        ("Blazeix", "2006-08-23T16:00:00+00:00", True),  # "08-23-2006, 11:00 AM", "All times are GMT -5"
        0,
    ),
    (
        "vbulletin-4.2/militarytimes-bob-dorr.html",
        "vbulletin",
        10,
        "Legendary military columnist, author Bob Dorr dies at 76",
        "forums.militarytimes.com",  # a relative canonical link, made absolute against <base>
        ("Rainmaker", "2016-06-15T15:03:00+00:00", True),  # "All times are GMT."
        5,
    ),
    (
        "vbulletin-4/pocketpc-auslieferung.html",  # a custom theme: the date moved out of span.postdate
        "vbulletin",
        20,
        "Microsoft beginnt mit der Auslieferung des Vorbereitungsupdate!",
        "www.pocketpc.ch",
        ("Predator", "2011-03-03T14:17:00", False),
        0,
    ),
    (
        "vbulletin-5.5/fandompost-isekai-quartet.html",
        "vbulletin5",
        15,
        "Isekai Quartet Discussion Thread",
        "fandompost.vbulletin.net",
        ("Buckeye", "2019-04-09T15:37:23+00:00", True),  # data-node-publishdate, Unix time
        15,
    ),
    (
        "xenforo-1/sufficientvelocity-renascence-p54.html",
        "xenforo",
        25,
        "Renascence: A Homura Quest",
        "forums.sufficientvelocity.com",
        ("TheBleachDoctor", "2014-10-30T22:48:00", False),  # only "Oct 30, 2014 at 10:48 PM", no zone stated
        25,
    ),
    (
        "xenforo-2/xenforo-community-dark-theme.html",
        "xenforo",
        8,
        "a dark theme option",
        "xenforo.com",
        ("dieketzer", "2010-11-21T10:51:58+00:00", True),
        0,
    ),
    (
        "xenforo-2/katzen-forum-pepe.html",
        "xenforo",
        18,
        "Jede Nacht verliert Pepe soviel Dreck aus dem Fell",
        "www.katzen-forum.net",
        ("Pepemaus", "2018-09-27T12:51:09+00:00", True),  # datetime="2018-09-27T14:51:09+0200"
        0,
    ),
    (
        "smf-2.0/geekhack-noxary-268.html",
        "smf",
        50,
        "[GB] Noxary 268 (100% Shipped)",
        "geekhack.org",
        ("xondat", "2017-10-13T21:52:42", False),  # "Fri, 13 October 2017, 21:52:42": SMF states no zone
        11,  # four more signature elements hold only images
    ),
    (
        "smf-2.0/geekhack-gmk-hanok.html",  # the same board's theme, another thread: its title is in no <title>
        "smf",  # part alone ("[GB] GMK HANOK 한옥 - July 26th to August 23rd" splits at " - ")
        16,
        "[GB] GMK HANOK 한옥 - July 26th to August 23rd",
        "geekhack.org",
        ("JKKEEBS", "2021-07-07T15:57:46", False),
        2,
    ),
    (
        "nodebb/nodebb-community-chat-design.html",
        "nodebb",
        13,
        "New desing for NodeBB chat!",
        "community.nodebb.org",
        ("youhosi", "2019-03-24T19:54:11+00:00", True),
        0,
    ),
    (
        "nodebb/thedailywtf-rocky-lobster.html",  # NodeBB of 2024, Persona theme, saved after its script ran
        "nodebb",
        5,
        "The 10th Anniversary of The Rocky Lobster Incident",
        "what.thedailywtf.com",
        ("Gern_Blaanston", "2024-05-02T13:44:38+00:00", True),
        0,
    ),
    (
        "discourse/uipath-studio-and-studiox.html",  # Discourse 3.3 as its app drew it, saved after its script ran
        "discourse-page",
        4,
        "How to Run UiPath studio and Studiox on same computer",
        "forum.uipath.com",
        ("Ravindra_Kumar", "2022-05-07T03:00:45+00:00", True),  # data-time, Unix milliseconds
        0,
    ),
    (
        "discourse/uipath-load-testing.html",
        "discourse-page",
        7,
        "UiPath Load Testing",
        "forum.uipath.com",
        ("robert.wagner", "2024-05-06T09:35:07+00:00", True),
        0,
    ),
    (
        "phpbb-3.3/debian-rebuild-nginx-module.html",  # a subsilver-like style over prosilver's markup
        "phpbb",
        4,
        "Auto-rebuild code (nginx module) on debian package upgrade (nginx)",
        "forums.debian.net",
        ("kikinder", "2024-04-10T16:01:46+00:00", True),  # <time datetime="...+00:00">; "All times are UTC"
        0,
    ),
    (
        "phpbb-3.3/debian-kernel-changelog.html",
        "phpbb",
        2,
        "kernel compile eror chagelog",
        "forums.debian.net",
        ("contactopublico", "2024-05-20T14:17:47+00:00", True),
        1,
    ),
    (
        "mybb-1.8/theultimatetone-sv-update.html",  # the header cell of a login box comes before the thread's
        "mybb",
        4,
        "SV1, SV2, SV-TT update",
        "theultimatetone.com",
        ("K O'Connor", "2021-07-12T14:20:00", False),  # "07-12-2021, 02:20 PM": MyBB states no zone
        0,
    ),
    (
        "mybb-1.8/theultimatetone-bias-class.html",
        "mybb",
        1,
        "Bias class",
        "theultimatetone.com",
        ("K O'Connor", "2023-04-13T13:42:00", False),
        0,
    ),
    (
        "mybb-1.8/eretrandre-tetration-parabolic-fix.html",  # no canonical link: the thread from its own links
        "mybb",
        6,
        "Is this THE equation for parabolic fix ?",
        "math.eretrandre.org",
        ("tommy1729", "2015-03-18T21:49:00", False),
        2,
    ),
    (
        "invision-4/scienceforums-sum-of-primes.html",
        "invision",
        7,
        "Sum of Prime Numbers",
        "www.scienceforums.net",
        ("Genady", "2023-07-05T11:59:12+00:00", True),  # <time datetime="2023-07-05T11:59:12Z">
        0,
    ),
    (
        "invision-4/scienceforums-photon-absorption.html",
        "invision",
        10,
        "Photon absorption and electron transition levels.",  # the title ends in a no-break space on the page
        "www.scienceforums.net",
        ("avicenna", "2024-05-02T18:50:46+00:00", True),
        0,
    ),
    (
        "invision-4/squarespace-same-image-blog-posts.html",
        "invision",
        4,
        "How can I have the same image at the top of all my blog posts?",
        "forum.squarespace.com",
        ("johngo", "2024-05-06T23:24:22+00:00", True),
        2,
    ),
    (
        "vbulletin-5.6/worldaffairsboard-small-victory-dance.html",  # an empty announcement widget's heading
        "vbulletin5",  # ("Announcement") comes before the thread's own title
        6,
        "A small victory dance",
        "www.worldaffairsboard.com",
        ("Parihaka", "2022-04-22T08:05:21+00:00", True),
        6,
    ),
    (
        "vbulletin-5.6/worldaffairsboard-title-correction.html",
        "vbulletin5",
        2,
        "Thread title correction",
        "www.worldaffairsboard.com",
        ("Ken_NJ", "2018-04-24T22:50:36+00:00", True),
        1,
    ),
]


@pytest.mark.parametrize(("name", "engine", "count", "title", "source", "first", "signatures"), PAGES)
def test_every_post_with_writer_date_and_title(name, engine, count, title, source, first, signatures):
    path = FORUMS / name
    assert choose_reader(path).format == "html"
    thread = read(path)
    assert (thread.title, thread.source, len(thread.posts)) == (title, source, count)
    assert {p.attrs["board"] for p in thread.posts} == {engine}
    assert all(p.author for p in thread.posts)
    assert all(p.created for p in thread.posts)
    author, created, zone_known = first
    head = thread.posts[0]
    assert (head.author, head.created) == (author, created)
    assert ("date_zone" not in head.attrs) == zone_known
    assert sum(1 for p in thread.posts if p.context.closing) == signatures
    assert len({p.id for p in thread.posts}) == count


WRITERS_RULES = {"smf-2.0/geekhack-gmk-hanok.html": {"msg3065303"}}
"""Posts whose writer typed rules of underscores (bold ``[b]____[/b]`` lines between the parts of a group buy's
announcement): their words, not a signature's separator."""
WRITERS_BRACKETS = {"vbulletin-3.8/ubuntuforums-dragonflybsd.html": {"post_6353121", "post_6358503"}}
"""Posts with words their writer typed in angle brackets ("<insert BSD topic>", ``&lt;insert BSD topic&gt;`` in
the page; the second post quotes the first): text, not markup."""


@pytest.mark.parametrize("name", [page[0] for page in PAGES])
def test_no_markup_or_page_furniture_in_the_text(name):
    for post in read(FORUMS / name).posts:
        text = post.text
        if post.attrs["source_id"] in WRITERS_RULES.get(name, ()):
            text = re.sub(r"^_{5,}$", "", text, flags=re.M)
        if post.attrs["source_id"] in WRITERS_BRACKETS.get(name, ()):
            assert "<insert BSD topic>" in text
            text = text.replace("<insert BSD topic>", "")
        assert FURNITURE.search(text) is None, (post.attrs["source_id"], FURNITURE.search(text))
        for extent in post.context.extents():
            assert 0 <= extent.start < extent.end <= len(post.text)


# file, post's source id, quoted writer, quoted post's source id (None: the quote names none), quote begins
QUOTES = [
    ("phpbb-3.0/ilovephilosophy-biological-will.html", "p2729876", "Urwrongx1000", None, "Urwrongx1000 wrote:\n> I "),
    ("phpbb-3.0/ilovephilosophy-biological-will.html", "p2729875", None, None, "> https://vocaroo.com/"),
    ("vbulletin-3.8/animesuki-hibike-euphonium-p152.html", "post_5768670", "TinyRedLeaf", "post_5768621", "Tiny"),
    ("vbulletin-3.8/ubuntuforums-dragonflybsd.html", "post_5721742", "Antman", "post_5719533", "Antman wrote:\n> G"),
    ("vbulletin-3.8/ubuntuforums-dragonflybsd.html", "post_6358503", "C!oud", "post_6353121", "C!oud wrote:\n> F"),
    ("vbulletin-3.8/linuxquestions-xgl-compiz.html", "post_2896436", "Ulexus", "post_2892026", "Ulexus wrote:\n> As"),
    ("vbulletin-3.8/linuxquestions-xgl-compiz.html", "post_2829657", "Blazeix", None, "Blazeix wrote:\n> Hi, "),
    ("vbulletin-4.2/militarytimes-bob-dorr.html", "post_365272", "sandsjames", "post_365268", "sandsjames wrote:\n> ."),
    ("vbulletin-5.5/fandompost-isekai-quartet.html", "post_727761", "Buckeye", "post_727754", "Buckeye wrote:\n> Ep"),
    (
        "xenforo-1/sufficientvelocity-renascence-p54.html",
        "post-2146297",
        "Higure",
        "post-2146285",
        "Higure wrote:\n> Ok",
    ),
    ("vbulletin-4/pocketpc-auslieferung.html", "post_949763", "Predator", "post_949697", "Predator wrote:\n> Hm"),
    ("xenforo-2/katzen-forum-pepe.html", "post-6331617", "Pepemaus", "post-6331459", "Pepemaus wrote:"),
    ("nodebb/nodebb-community-chat-design.html", "pid73817", "MJ", "pid73814", "MJ wrote:\n> It's much better"),
    ("smf-2.0/geekhack-noxary-268.html", "msg2505959", "ihalatch", "msg2505884", "ihalatch wrote:\n> Sunday 6.30am"),
    ("smf-2.0/geekhack-noxary-268.html", "msg2506001", "UberDrk", "msg2505996", "UberDrk wrote:\n> Will the link"),
    ("smf-2.0/geekhack-gmk-hanok.html", "msg3077000", "JKKEEBS", "msg3076957", "JKKEEBS wrote:\n> dvorcol wrote:"),
    ("smf-2.0/geekhack-gmk-hanok.html", "msg3076957", "dvorcol", "msg3076001", "dvorcol wrote:\n\n"),
    ("mybb-1.8/eretrandre-tetration-parabolic-fix.html", "pid7692", "tommy1729", "pid7687", "tommy1729 wrote:\n> S"),
    ("mybb-1.8/eretrandre-tetration-parabolic-fix.html", "pid7694", "tommy1729", "pid7693", "tommy1729 wrote:\n> W"),
    ("nodebb/thedailywtf-rocky-lobster.html", "pid2191621", "Steve_The_Cynic", "pid2191617", "Steve_The_Cynic wrote:"),
    ("invision-4/scienceforums-sum-of-primes.html", "comment1244398", "Genady", "comment1244397", "Genady wrote:\n> W"),
    ("invision-4/scienceforums-photon-absorption.html", "comment1266002", "avicenna", "comment1266000", "avicenna"),
    ("invision-4/squarespace-same-image-blog-posts.html", "comment750672", "johngo", "comment750496", "johngo wrote:"),
    ("vbulletin-5.6/worldaffairsboard-title-correction.html", "post_1390626", "Ken_NJ", "post_48939", "Ken_NJ wrote:"),
    ("vbulletin-5.6/worldaffairsboard-small-victory-dance.html", "post_1590076", "Monash", "post_1590056", "Monash"),
]


@pytest.mark.parametrize(("name", "key", "writer", "quoted", "begins"), QUOTES)
def test_quotes_are_marked_with_their_writer_and_post(name, key, writer, quoted, begins):
    thread = read(FORUMS / name)
    post = next(p for p in thread.posts if p.attrs["source_id"] == key)
    first = post.context.quotes[0]
    assert post.text[first.start :].startswith(begins)
    assert first.author == writer
    by_key = {p.attrs["source_id"]: p.id for p in thread.posts}
    if quoted is None:
        assert first.post_id is None
    elif quoted in by_key:  # the quoted post is on this page
        assert first.post_id == by_key[quoted] == post.parent_id
    else:
        assert first.post_id is not None and first.post_id == post.parent_id


def test_xenforo_1_quote_is_one_quote_without_its_said_line():
    post = next(
        p
        for p in read(FORUMS / "xenforo-1/sufficientvelocity-renascence-p54.html").posts
        if p.attrs["source_id"] == "post-2146297"
    )
    quoted = [post.text[q.start : q.end] for q in post.context.quotes]
    assert quoted[0].startswith("Higure wrote:\n> Okay, I need rolls") and "> >" not in quoted[0]
    assert quoted[1] == "TheBleachDoctor wrote:\n> Rolling."
    own = post.text[post.context.quotes[0].end : post.context.quotes[1].start]
    assert own.strip() == "OOC behavior? which part?"


def test_vbulletin_3_signature_is_marked_without_its_rule_line():
    thread = read(FORUMS / "vbulletin-3.8/animesuki-hibike-euphonium-p152.html")
    post = next(p for p in thread.posts if p.author == "karice67" and p.context.closing)
    signature = post.text[post.context.closing.start : post.context.closing.end]
    assert signature.startswith("How Suetsugu Yuki drew the cover for Chihayafuru volume 34")


def test_vbulletin_3_theme_with_days_only_and_two_quotes():
    """ubuntuforums.org (vBulletin 3.8.1, its own theme) shows each post's day without a time, in a ``td.alt4``
    header cell: the day is kept as the board's day, not a made-up midnight moved to UTC. A reply quoting two
    posts answers the first; each quote keeps its own writer, and the replier's words between them are theirs."""
    thread = read(FORUMS / "vbulletin-3.8/ubuntuforums-dragonflybsd.html")
    assert [p.created for p in thread.posts] == ["2008-09-02"] + ["2008-09-03"] * 3 + ["2008-12-11"] * 3 + [
        "2008-12-12"
    ] * 2
    assert all(p.attrs["date_zone"] == "unknown" for p in thread.posts)
    post = next(p for p in thread.posts if p.attrs["source_id"] == "post_6358503")
    first, second = post.context.quotes
    assert (first.author, second.author) == ("C!oud", "Sorivenul")
    by_key = {p.attrs["source_id"]: p.id for p in thread.posts}
    assert (first.post_id, second.post_id) == (by_key["post_6353121"], by_key["post_6358402"])
    assert post.text[first.end : second.start].strip() == "Hey, I like BSD systems"
    assert post.text[second.end : post.context.closing.start].strip() == (
        "Good articles. I would definitely recommend this for a good overview."
    )
    assert post.text[post.context.closing.start :].startswith("NetBSD | SliTaz\n\nGetting the Best Help")


def test_vbulletin_3_indent_is_not_a_quote():
    """linuxquestions.org (vBulletin 3.8.1): a writer's ``[indent]`` is a bare ``<blockquote>``; vBulletin draws
    quotes otherwise, so the indented lines (here a file's two lines) are the writer's own, not a quote."""
    thread = read(FORUMS / "vbulletin-3.8/linuxquestions-xgl-compiz.html")
    assert thread.url == "http://www.linuxquestions.org/questions/showthread.php?t=473883"
    post = next(p for p in thread.posts if p.attrs["source_id"] == "post_2892026")
    assert [q.author for q in post.context.quotes] == ["Blazeix"]
    assert post.text.endswith("I use this setup myself (~/.xinitrc):\n\nberyl --replace dbus settings &\nemerald")


def test_phpbb_signature_image_placeholder_left_out():
    post = read(FORUMS / "phpbb-3.0/ilovephilosophy-biological-will.html").posts[0]
    assert post.text[post.context.closing.start :] == "For behold, all acts of love and pleasure are my rituals"


def test_smf_quotes_collapsed_parts_and_bare_quote_header():
    """geekhack (SMF 2.0): a "Quote from: NAME on DATE" header links the quoted message; a bare "Quote" header
    names no writer; a collapsed part's "More" / "Show Image" button is furniture, the part itself is kept."""
    thread = read(FORUMS / "smf-2.0/geekhack-noxary-268.html")
    posts = {p.attrs["source_id"]: p for p in thread.posts}
    answer = posts["msg2505959"]
    assert [q.author for q in answer.context.quotes] == ["ihalatch", "wanewang", "ihalatch", "avid"]
    own = answer.text[answer.context.quotes[1].end : answer.context.quotes[2].start].strip()
    assert own.startswith("Unfortunately it has to be night time for someone.") and own.endswith("wake up. :'(")
    bare = posts["msg2506074"].context.quotes[2]
    assert (bare.author, bare.post_id) == (None, None)
    assert posts["msg2506074"].text[bare.start :].startswith("> What is Cerakote?\n> Cerakote is a Polymer")
    for post in thread.posts:
        assert "Show Image" not in post.text and not re.search(r"^More$", post.text, re.M), post.attrs["source_id"]
    collection = posts["msg2505996"]
    signature = collection.text[collection.context.closing.start :]
    assert signature.startswith("LF: OG Cherry APL (lasered), Artisans\n\nCurrent collection:\n\nNorbatouch")
    assert posts["msg2505856"].text.startswith("Group Buy Information:")
    assert "Can\u2019t wait." in posts["msg2505990"].text  # ISO-8859-1 declared, Windows-1252 bytes (0x92)


def test_smf_quote_in_a_signature_is_a_quote_of_its_writer():
    """geekhack (SMF 2.0): a signature can quote someone ("Quote from: jdcarpe on ..." of another topic); the
    quote is marked inside the closing, and it answers no post of the thread. A quote of a post that held only
    an image is its header alone: the words after it are the replier's."""
    posts = {p.attrs["source_id"]: p for p in read(FORUMS / "smf-2.0/geekhack-gmk-hanok.html").posts}
    post = posts["msg3070475"]
    (quoted,) = post.context.quotes
    closing = post.context.closing
    assert closing.start <= quoted.start < quoted.end == closing.end == len(post.text)
    assert post.text[quoted.start :] == "jdcarpe wrote:\n> why does my samurai sound like Japanese Batman?"
    assert (quoted.author, post.addressee, post.parent_id) == ("jdcarpe", None, None)
    assert post.text[: closing.start].strip() == "Approved :thumb:"
    image_only = posts["msg3076957"]
    (header,) = image_only.context.quotes
    assert image_only.text[header.start : header.end] == "dvorcol wrote:"
    assert image_only.text[header.end :].strip().startswith("Thank you!")
    noxary = {p.attrs["source_id"]: p for p in read(FORUMS / "smf-2.0/geekhack-noxary-268.html").posts}
    assert [q.author for q in noxary["msg2505895"].context.quotes][-1] == "demik"


def test_invision_spoiler_keeps_its_contents_without_its_toggle():
    """scienceforums.net (Invision 4): a spoiler's "Reveal hidden contents" header is the page's toggle."""
    posts = {p.attrs["source_id"]: p for p in read(FORUMS / "invision-4/scienceforums-sum-of-primes.html").posts}
    assert posts["comment1244394"].text.startswith("Consider the set of integers 2, 3 ... 99.")
    assert posts["comment1244397"].text.endswith("This immediately eliminates option A.")


def test_code_box_keeps_its_lines():
    """forums.debian.net (phpBB 3.3): a code box is ``<pre><code>``; its lines and spacing are the writer's."""
    post = read(FORUMS / "phpbb-3.3/debian-kernel-changelog.html").posts[0]
    assert "sudo make bindeb-pkg -j2\n  SYNC    include/config/auto.conf.cmd\n  HOSTCC  scripts/basic/" in post.text
    assert "linux-upstream (6.9.1-5)  urgency=low\n\n  * Custom built Linux kernel.\n" in post.text


def test_mybb_thread_address_formulas_and_nested_quote():
    """math.eretrandre.org (MyBB 1.8) names no canonical address: the thread is the one its "Reply" and "Print
    Thread" links name, on the board its RSS link names. Its ``[tex]`` formulas are mimetex images without alt:
    their TeX is the writer's text. A quote inside a quote stays one quote of the outer writer."""
    thread = read(FORUMS / "mybb-1.8/eretrandre-tetration-parabolic-fix.html")
    assert thread.url == "https://math.eretrandre.org/tetrationforum/showthread.php?tid=965"
    posts = {p.attrs["source_id"]: p for p in thread.posts}
    answer = posts["pid7692"]
    assert "for example for f(z)=\\exp(z)-1\nWe have \\alpha(f(x) ) = \\alpha(x)+1\n" in answer.text
    assert answer.text[answer.context.closing.start :] == "- Sheldon"
    nested = posts["pid7693"]
    assert [q.author for q in nested.context.quotes] == ["sheldonison"]
    assert nested.text.startswith("sheldonison wrote:\n> tommy1729 wrote:\n> > Since jan 2015")
    assert nested.text[nested.context.quotes[0].end :].strip().startswith("What you have is not a Taylor series")


def test_discourse_quote_from_another_topic_and_link_counts():
    """forum.uipath.com (Discourse): a quote of a post in another topic is titled with that topic, not its
    writer, and numbers the post in that topic: no writer, no post, and the topic's title is not in the text. A
    link's click count ("here 28") is the page's. A page addressed at a post (``/739028/3``) is the topic's."""
    posts = {p.attrs["source_id"]: p for p in read(FORUMS / "discourse/uipath-studio-and-studiox.html").posts}
    answer = posts["post1208828"]
    (only,) = answer.context.quotes
    assert (only.author, only.post_id, answer.parent_id) == (None, None, None)
    assert answer.text[only.start :].startswith("> Hi @sadman.talukder97. You can switch between Studio")
    assert "Can you please help out" not in answer.text
    thread = read(FORUMS / "discourse/uipath-load-testing.html")
    assert thread.url == "https://forum.uipath.com/t/uipath-load-testing/739028"
    assert "You can access the survey here .\n" in thread.posts[0].text


def test_page_in_latin_1_is_read_in_its_charset():
    """pocketpc.ch declares ISO-8859-1 and its bytes are not UTF-8: "müsste", not "m\ufffdsste"."""
    thread = read(FORUMS / "vbulletin-4/pocketpc-auslieferung.html")
    assert any("müsste" in p.text for p in thread.posts)
    assert not any("\ufffd" in p.text for p in thread.posts)


def test_pages_of_a_thread_without_canonical_link_keep_the_thread_apart():
    """vBulletin 3 and phpBB 3.0 pages name no canonical address: the thread id comes from the thread's link."""
    vb3 = read(FORUMS / "vbulletin-3.8/animesuki-hibike-euphonium-p152.html")
    phpbb = read(FORUMS / "phpbb-3.0/ilovephilosophy-biological-will.html")
    assert vb3.id != phpbb.id
    assert vb3.url is None and phpbb.url is None


@pytest.mark.parametrize(
    ("href", "thread"),
    [
        (
            "https://community.nodebb.org/topic/13803/new-desing-for-nodebb-chat/6",
            "/topic/13803/new-desing-for-nodebb-chat",
        ),
        ("https://www.pocketpc.ch/wp7/122760-microsoft-beginnt-34.html", "/wp7/122760-microsoft-beginnt.html"),
        ("https://x.example/viewtopic.php?f=1&t=5&start=25&sid=abc", "/viewtopic.php?f=1&t=5"),
        ("https://x.example/threads/renascence.10402/page-54", "/threads/renascence.10402"),
        ("https://forum.uipath.com/t/uipath-load-testing/739028/3", "/t/uipath-load-testing/739028"),
        ("https://x.example/index.php?topic=5.20", "/index.php?topic=5"),
        ("https://x.example/index.php?topic=5.msg12#msg12", "/index.php?topic=5"),
    ],
)
def test_every_page_of_a_thread_has_one_address(href, thread):
    assert thread_address(href) == "https://" + urlsplit(href).hostname + thread
