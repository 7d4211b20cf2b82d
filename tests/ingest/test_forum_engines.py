"""The saved-page reader on CONSTRUCTED pages: of engines no real saved page was found for (see
tests/fixtures/README.md), phpBB 2 and SMF 2.1; of template parts the real pages of phpBB 3.3, MyBB 1.8 and
Invision 4 (test_forum_pages.py) do not show, such as MyBB's and Invision's code boxes; and on relative dates.
SMF 2.0 has a real page too; its constructed page here keeps the Curve theme's markup tested.

Every page below is written for this test, its markup following the engine's own public templates (named in
each case); the posts are invented. They are not real pages and prove only that the reader follows the
templates.
"""

from __future__ import annotations

import pytest
from page_reading import read_page as read

# phpBB 3.3, prosilver viewtopic_body.html and bbcode.html; footer from overall_footer.html.
PHPBB33 = """<html><head><title>Knee pain - Example Board</title></head><body>
<h2 class="topic-title"><a href="./viewtopic.php?t=5">Knee pain</a></h2>
<div id="p11" class="post has-profile bg2"><div class="inner">
<dl class="postprofile" id="profile11"><dt><a href="./memberlist.php?mode=viewprofile&amp;u=3" class="username">jo</a>
</dt></dl>
<div class="postbody"><div id="post_content11">
<p class="author"><a class="unread" href="./viewtopic.php?p=11#p11" title="Post"><span class="sr-only">Post</span></a>
<span class="responsive-hide">by <strong><a href="./memberlist.php?mode=viewprofile&amp;u=3" class="username">jo</a>
</strong> &raquo; </span><time datetime="2024-01-05T14:00:00+00:00">Fri Jan 05, 2024 9:00 am</time></p>
<div class="content">Ice helped.<br>
<div class="codebox"><p>Code: <a href="#" onclick="selectCode(this); return false;">Select all</a></p>
<pre><code>ice 20 min</code></pre></div><div class="inline-attachment"><dl class="file"><dt class="attach-image"><img
 src="./download/file.php?id=3" class="postimage" alt="knee.jpg"></dt><dd>knee.jpg (20.1 KiB) Viewed 500 times</dd>
</dl></div></div>
</div></div></div></div>
<div id="p12" class="post has-profile bg1"><div class="inner">
<div class="postbody"><div id="post_content12">
<p class="author"><span class="responsive-hide">by <strong><a href="./memberlist.php?mode=viewprofile&amp;u=2"
 style="color: #AA0000;" class="username-coloured">kim</a></strong> &raquo; </span>
<time datetime="2024-01-05T15:00:00+00:00">Fri Jan 05, 2024 10:00 am</time></p>
<div class="content"><blockquote cite="./viewtopic.php?p=11#p11"><div><cite><a
 href="./memberlist.php?mode=viewprofile&amp;u=3">jo</a> wrote: <a href="./viewtopic.php?p=11#p11" data-post-id="11"
 onclick="return false">&uarr;</a><span class="responsive-hide">Fri Jan 05, 2024 9:00 am</span></cite>Ice helped.
</div></blockquote>Not for me.<br><img src="https://example.org/knee.png" class="postimage" alt="Image"></div>
<div id="sig12" class="signature">Kim, runner</div>
</div></div></div></div>
<div class="copyright">All times are <span title="UTC-5">UTC-05:00</span></div>
</body></html>"""

# phpBB 2, subSilver viewtopic_body.tpl and bbcode.tpl; the signature follows "_________________" in the body.
PHPBB2 = """<html><head><title>Example Board :: View topic - Knee pain</title></head><body>
<a class="maintitle" href="viewtopic.php?t=5">Knee pain</a>
<table class="forumline" width="100%" cellspacing="1" cellpadding="3" border="0">
<tr><th class="thLeft">Author</th><th class="thRight">Message</th></tr>
<tr><td width="150" align="left" valign="top" class="row1"><span class="name"><a name="11"></a><b>jo</b></span><br>
<span class="postdetails">Joined: 05 Jan 2004<br>Posts: 3</span><br></td>
<td class="row1" width="100%" height="28" valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td width="100%"><a href="viewtopic.php?p=11#11"><img src="icon_minipost.gif" alt="Post"></a><span
 class="postdetails">Posted: Mon Jan 05, 2004 9:00 am<span class="gen">&nbsp;</span>&nbsp; &nbsp;Post subject: Knee pain
</span></td><td valign="top" nowrap="nowrap"><a href="posting.php?mode=quote&amp;p=11"><img src="icon_quote.gif"
 alt="Reply with quote"></a></td></tr>
<tr><td colspan="2"><hr></td></tr>
<tr><td colspan="2"><span class="postbody">Ice helped.<br>_________________<br>Jo from Leeds</span></td></tr>
</table></td></tr>
<tr><td width="150" align="left" valign="top" class="row2"><span class="name"><a name="12"></a><b>kim</b></span></td>
<td class="row2" width="100%" height="28" valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td width="100%"><span class="postdetails">Posted: Mon Jan 05, 2004 10:00 am<span class="gen">&nbsp;</span>
Post subject: Re: Knee pain</span></td></tr>
<tr><td colspan="2"><span class="postbody"><table width="90%" cellspacing="1" cellpadding="3" border="0" align="center">
<tr><td><span class="genmed"><b>jo wrote:</b></span></td></tr><tr><td class="quote">Ice helped.</td></tr></table>
<span class="postbody">Not for me.</span></span></td></tr>
</table></td></tr>
</table>
<span class="gensmall">All times are GMT - 5 Hours</span>
</body></html>"""

# SMF 2.0, Curve theme Display.template.php; quotes as Subs.php's [quote] BBC writes them.
SMF20 = """<html><head><title>Knee pain</title></head><body>
<div id="forumposts"><form action="#" method="post">
<div class="windowbg"><div class="post_wrapper">
<div class="poster"><h4><a href="https://example.org/index.php?action=profile;u=3" title="View the profile of jo">jo</a>
</h4></div>
<div class="postarea"><div class="flow_hidden"><div class="keyinfo">
<h5 id="subject_11"><a href="https://example.org/index.php?topic=5.msg11#msg11" rel="nofollow">Knee pain</a></h5>
<div class="smalltext">&#171; <strong> on:</strong> January 05, 2024, 09:00:00 AM &#187;</div></div></div>
<div class="post"><div class="inner" id="msg_11">Ice helped.<br><div class="codeheader">Code: <a href="#"
 class="codeoperation">[Select]</a></div><code class="bbc_code">ice 20 min</code></div></div></div>
<div class="moderatorbar"><div class="signature" id="msg_11_signature">Jo from Leeds</div></div>
</div></div>
<div class="windowbg2"><div class="post_wrapper">
<div class="poster"><h4><a href="https://example.org/index.php?action=profile;u=2" title="View the profile of kim">
kim</a></h4></div>
<div class="postarea"><div class="flow_hidden"><div class="keyinfo">
<div class="smalltext">&#171; <strong>Reply #1 on:</strong> January 05, 2024, 10:00:00 AM &#187;</div></div></div>
<div class="post"><div class="inner" id="msg_12"><div class="quoteheader"><div class="topslice_quote"><a
 href="https://example.org/index.php?topic=5.msg11#msg11">Quote from: jo on January 05, 2024, 09:00:00 AM</a></div>
</div><blockquote class="bbc_standard_quote">Ice helped.<br></blockquote><div class="quotefooter"><div
 class="botslice_quote"></div></div>Not for me.</div></div></div>
</div></div>
</form></div></body></html>"""

# SMF 2.1, default theme Display.template.php; a quote's attribution is a <cite> inside it.
SMF21 = """<html><head><title>Knee pain</title></head><body>
<h2 class="display_title"><span id="top_subject">Knee pain</span></h2>
<div id="forumposts">
<div class="windowbg" id="msg12"><div class="post_wrapper">
<div class="poster"><h4><span class="off" title="Offline"></span><a href="https://example.org/index.php?action=profile;u=2"
 title="View the profile of kim">kim</a></h4></div>
<div class="postarea"><div class="keyinfo"><div id="subject_12" class="subject_title"><a
 href="https://example.org/index.php?msg=12">Re: Knee pain</a></div>
<a href="https://example.org/index.php?msg=12" title="Reply #1 - Re: Knee pain" class="smalltext">January 05, 2024,
 10:00:00 AM</a></div>
<div class="post"><div class="inner" data-msgid="12" id="msg_12"><blockquote class="bbc_standard_quote"><cite><a
 href="https://example.org/index.php?msg=11">Quote from: jo on January 05, 2024, 09:00:00 AM</a></cite>Ice helped.
</blockquote>Not for me.</div></div></div>
</div></div></div></body></html>"""

# MyBB 1.8, default theme postbit template and the [quote] / [code] MyCode output.
MYBB18 = """<html><head><title>Knee pain</title></head><body>
<table><tr><td class="thead" colspan="2"><div style="float: right;"><span class="smalltext"><strong><a
 href="javascript:void(0)">Thread Modes</a></strong></span></div><div><strong>Knee pain</strong></div></td></tr></table>
<div id="posts">
<div class="post " style="" id="post_11"><div class="post_author"><div class="author_information"><strong><span
 class="largetext"><a href="https://example.org/member.php?action=profile&amp;uid=3">jo</a></span></strong></div></div>
<div class="post_content"><div class="post_head"><span class="post_date">01-05-2024, 09:00 AM <span class="post_edit"
 id="edited_by_11"></span></span></div>
<div class="post_body scaleimages" id="pid_11">Ice helped.<div class="codeblock"><div class="title">Code:</div><div
 class="body" dir="ltr"><code>ice 20 min</code></div></div></div>
<div class="signature scaleimages">Jo from Leeds</div></div></div>
<div class="post " style="" id="post_12"><div class="post_author"><div class="author_information"><strong><span
 class="largetext"><a href="https://example.org/member.php?action=profile&amp;uid=2">kim</a></span></strong></div></div>
<div class="post_content"><div class="post_head"><span class="post_date"><span title="01-05-2024">Yesterday</span>,
 10:00 AM <span class="post_edit" id="edited_by_12"></span></span></div>
<div class="post_body scaleimages" id="pid_12"><blockquote class="mycode_quote"><cite><span> (01-05-2024, 09:00 AM)
</span>jo Wrote: <a href="https://example.org/showthread.php?pid=11#pid11" class="quick_jump"></a></cite>Ice helped.
</blockquote><br>Not for me.</div></div></div>
</div></body></html>"""

# Invision Community 4, forums/front/topics/post template; quotes as the editor stores them.
INVISION4 = """<html><head><title>Knee pain - Health - Example Community</title></head><body>
<h1 class="ipsType_pageTitle ipsContained_container"><span class="ipsType_break ipsContained"><span>Knee pain</span>
</span></h1>
<article id="elComment_77" class="cPost ipsBox ipsComment ipsComment_parent ipsClearfix">
<aside class="ipsComment_author cAuthorPane ipsColumn"><h3 class="ipsType_sectionHead cAuthorPane_author"><strong><a
 href="https://example.org/profile/2-kim/">kim</a></strong></h3></aside>
<div class="ipsColumn ipsColumn_fluid"><div id="comment-77_wrap" class="ipsComment_content ipsType_medium">
<div class="ipsComment_meta ipsType_light"><a href="https://example.org/topic/5-knee-pain/?do=findComment&amp;comment=77"
 class="ipsType_blendLinks">Posted <time datetime="2024-01-05T15:00:00Z" title="01/05/2024 10:00  AM">January 5,
 2024</time></a></div>
<div class="cPost_contentWrap"><div data-role="commentContent" class="ipsType_normal ipsType_richText ipsContained">
<blockquote class="ipsQuote" data-ipsquote="" data-ipsquote-contentcommentid="76" data-ipsquote-username="jo"
 data-ipsquote-userid="3"><div class="ipsQuote_citation">jo said:</div><div class="ipsQuote_contents"><p>Ice helped.</p>
</div></blockquote><p>Not for me.</p>
<p class="ipsType_reset ipsType_medium ipsType_light" data-excludequote=""><strong>Edited by kim</strong></p>
</div></div>
<div data-role="memberSignature" class="ipsResponsive_block ipsPad"><div data-ipssignature=""><div
 class="ipsType_normal ipsType_richText ipsContained"><p>Kim, runner</p></div></div></div>
</div></div></article>
</body></html>"""


# page, engine, title, [(writer, created, text)], (post index, quoted writer, index of quoted post or None),
# signatures [(post index, signature)]
CASES = [
    (
        PHPBB33,
        "phpbb",
        "Knee pain",
        [
            ("jo", "2024-01-05T14:00:00+00:00", "Ice helped.\n\nice 20 min"),
            ("kim", "2024-01-05T15:00:00+00:00", "jo wrote:\n> Ice helped.\n\nNot for me.\n\nKim, runner"),
        ],
        (1, "jo", 0),
        [(1, "Kim, runner")],
    ),
    (
        PHPBB2,
        "phpbb2",
        "Knee pain",
        [
            ("jo", "2004-01-05T14:00:00+00:00", "Ice helped.\n\nJo from Leeds"),  # "All times are GMT - 5 Hours"
            ("kim", "2004-01-05T15:00:00+00:00", "jo wrote:\n> Ice helped.\n\nNot for me."),
        ],
        (1, "jo", None),
        [(0, "Jo from Leeds")],
    ),
    (
        SMF20,
        "smf",
        "Knee pain",
        [
            ("jo", "2024-01-05T09:00:00", "Ice helped.\nice 20 min\n\nJo from Leeds"),
            ("kim", "2024-01-05T10:00:00", "jo wrote:\n> Ice helped.\n\nNot for me."),
        ],
        (1, "jo", 0),
        [(0, "Jo from Leeds")],
    ),
    (
        SMF21,
        "smf",
        "Knee pain",
        [("kim", "2024-01-05T10:00:00", "jo wrote:\n> Ice helped.\n\nNot for me.")],
        (0, "jo", None),
        [],
    ),
    (
        MYBB18,
        "mybb",
        "Knee pain",
        [
            ("jo", "2024-01-05T09:00:00", "Ice helped.\n\nice 20 min\n\nJo from Leeds"),
            ("kim", "2024-01-05T10:00:00", "jo wrote:\n> Ice helped.\n\nNot for me."),  # "Yesterday" dated in a title
        ],
        (1, "jo", 0),
        [(0, "Jo from Leeds")],
    ),
    (
        INVISION4,
        "invision",
        "Knee pain",
        [("kim", "2024-01-05T15:00:00+00:00", "jo wrote:\n> Ice helped.\n\nNot for me.\n\nKim, runner")],
        (0, "jo", None),
        [(0, "Kim, runner")],
    ),
]


@pytest.mark.parametrize(("markup", "engine", "title", "posts", "quoted", "signatures"), CASES)
def test_constructed_page_reads_like_its_template_says(tmp_path, markup, engine, title, posts, quoted, signatures):
    thread = read(tmp_path, markup)
    assert thread.title == title
    assert {p.attrs["board"] for p in thread.posts} == {engine}
    assert [(p.author, p.created, p.text) for p in thread.posts] == posts
    index, writer, quoted_index = quoted
    post = thread.posts[index]
    assert post.context.quotes[0].author == writer
    assert post.text[post.context.quotes[0].start :].startswith(f"{writer} wrote:\n> Ice helped.")
    if quoted_index is not None:
        assert post.parent_id == thread.posts[quoted_index].id == post.context.quotes[0].post_id
    assert [
        (i, p.text[p.context.closing.start :]) for i, p in enumerate(thread.posts) if p.context.closing
    ] == signatures
    for p in thread.posts:
        zone_stated = p.created.endswith("+00:00")
        assert (p.attrs.get("date_zone") == "unknown") != zone_stated


# vBulletin 4, postbit_legacy template: a date shown as "Today, ..." (constructed).
VB4_TODAY = """<html><head>{saved}<title>Knee pain</title></head><body>
<span class="threadtitle"><a href="showthread.php?t=5">Knee pain</a></span>
<ol id="posts"><li class="postbitlegacy postcontainer" id="post_12">
<div class="posthead"><span class="postdate old"><span class="date">Today,&nbsp;<span class="time">03:03 PM</span>
</span></span></div>
<div class="userinfo"><a class="username" href="member.php?u=2"><strong>kim</strong></a></div>
<div class="postbody"><div class="content"><div id="post_message_12"><blockquote class="postcontent restore">Not for me.
</blockquote></div></div></div></li></ol>
<div id="footer_time">All times are GMT -5. The time now is <span class="time">03:10 PM</span>.</div>
</body></html>"""
SINGLEFILE = "<!--\n Page saved with SingleFile \n url: https://example.org/showthread.php?t=5 \n saved date: Fri Jan 05 2024 21:10:00 GMT+0100 (Central European Standard Time)\n-->"  # noqa: E501


def test_relative_date_resolved_against_the_page_save_date(tmp_path):
    post = read(tmp_path, VB4_TODAY.format(saved=SINGLEFILE)).posts[0]
    # saved 20:10 UTC = 15:10 at GMT-5, so "Today, 03:03 PM" is 5 January, 15:03 at GMT-5 = 20:03 UTC
    assert post.created == "2024-01-05T20:03:00+00:00"
    assert post.attrs["date_text"] == "Today, 03:03 PM"
    assert "date_relative" not in post.attrs


def test_relative_date_without_a_save_date_is_kept_as_text_and_flagged(tmp_path):
    post = read(tmp_path, VB4_TODAY.format(saved="")).posts[0]
    assert post.created is None
    assert (post.attrs["date_text"], post.attrs["date_relative"]) == ("Today, 03:03 PM", True)


# vBulletin 3.8 German language pack, postbit_legacy and bbcode_quote templates (constructed).
VB3_GERMAN = """<html><head><title>Knie - Seite 2 - Beispielforum</title></head><body>
<td class="navbar"><a href="showthread.php?t=5&amp;page=2"><img alt="Seite neu laden"></a> <strong>Knie</strong></td>
<table id="post12" class="tborder"><tr><td class="thead"><a name="post12"></a>05.01.2024, 10:00</td></tr>
<tr><td class="alt2"><a class="bigusername" href="member.php?u=2">kim</a></td>
<td class="alt1" id="td_post_12"><div id="post_message_12"><div style="margin:20px; margin-top:5px; ">
<div class="smallfont" style="margin-bottom:2px">Zitat:</div>
<table cellpadding="6" cellspacing="0" border="0" width="100%"><tr><td class="alt2" style="border:1px inset">
<div>Zitat von <strong>jo</strong> <a href="showthread.php?p=11#post11" rel="nofollow"><img class="inlineimg"
 src="viewpost.gif" alt="Beitrag anzeigen"></a></div><div style="font-style:italic">Eis half.</div></td></tr></table>
</div>Mir nicht.<div style="margin:20px; margin-top:5px"><div class="smallfont" style="margin-bottom:2px">Code:</div>
<pre class="alt2" dir="ltr">eis 20 min</pre></div></div></td></tr></table>
<div class="smallfont" align="center">Alle Zeitangaben in WEZ +1. Es ist jetzt 10:10 Uhr.</div>
</body></html>"""


def test_vbulletin_3_in_another_language_reads_its_quotes_and_code_by_layout(tmp_path):
    thread = read(tmp_path, VB3_GERMAN)
    post = thread.posts[0]
    assert (thread.title, post.author, post.created) == ("Knie", "kim", "2024-01-05T09:00:00+00:00")  # WEZ +1
    assert post.text == "jo wrote:\n> Eis half.\n\nMir nicht.\n\neis 20 min"
    assert (post.context.quotes[0].author, post.attrs["source_id"]) == ("jo", "post_12")
    assert post.context.quotes[0].post_id is not None


@pytest.mark.parametrize(
    ("line", "writer"),
    [("Urwrongx1000 wrote:", "Urwrongx1000"), ("jo hat geschrieben:", "jo"), ("jo a écrit :", "jo")],
)
def test_phpbb_3_0_cite_in_the_board_language(tmp_path, line, writer):
    page = (
        '<html><body><div id="p12" class="post"><p class="author">by <strong>kim</strong> » Fri Jan 05, 2024 10:00'
        f' am</p><div class="content"><blockquote><div><cite>{line}</cite>Eis half.</div></blockquote>Mir nicht.'
        "</div></div></body></html>"
    )
    assert read(tmp_path, page).posts[0].context.quotes[0].author == writer


# phpBB 3.0 subsilver2, viewtopic_body.html and bbcode.html: a post is a run of table rows (constructed).
SUBSILVER2 = """<html><head><title>Example Board &bull; View topic - Knee pain</title></head><body>
<div id="pageheader"><h2><a class="titles" href="./viewtopic.php?f=2&amp;t=5">Knee pain</a></h2></div>
<table class="tablebg" width="100%" cellspacing="1">
<tr><th>Author</th><th>Message</th></tr>
<tr class="row1"><td align="center" valign="middle"><a name="p11"></a><b class="postauthor">jo</b></td>
<td width="100%" height="25"><table width="100%" cellspacing="0"><tr><td class="gensmall" width="100%">
<div style="float: left;">&nbsp;<b>Post subject:</b> <a href="#p11">Knee pain</a></div>
<div style="float: right;"><a href="./viewtopic.php?p=11#p11"><img src="icon_post_target.gif" alt="Post"></a>
<b>Posted:</b> Fri Jan 05, 2024 9:00 am&nbsp;</div></td></tr></table></td></tr>
<tr class="row1"><td valign="top" class="profile"><span class="postdetails"><b>Joined:</b> Mon Jan 01, 2024 9:00 am
</span></td><td valign="top"><table width="100%" cellspacing="5"><tr><td><div class="postbody">Ice helped.</div>
<br clear="all"><br><span class="postbody"><br>_________________<br>Jo from Leeds</span></td></tr></table></td></tr>
<tr><td class="spacer" colspan="2" height="1"><img src="spacer.gif" alt=""></td></tr>
<tr class="row2"><td align="center" valign="middle"><a name="p12"></a><b class="postauthor">kim</b></td>
<td width="100%" height="25"><table width="100%" cellspacing="0"><tr><td class="gensmall" width="100%">
<div style="float: right;"><b>Posted:</b> Fri Jan 05, 2024 10:00 am&nbsp;</div></td></tr></table></td></tr>
<tr class="row2"><td valign="top" class="profile"></td><td valign="top"><table width="100%" cellspacing="5"><tr><td>
<div class="postbody"><div class="quotetitle">jo wrote:</div><div class="quotecontent">Ice helped.</div>Not for me.
<div class="codetitle"><b>Code:</b></div><div class="codecontent">ice 20 min</div></div></td></tr></table></td></tr>
</table>
<table width="100%"><tr><td class="gensmall" align="right">All times are UTC - 5 hours </td></tr></table>
</body></html>"""


def test_phpbb_subsilver2_posts_spread_over_rows(tmp_path):
    thread = read(tmp_path, SUBSILVER2)
    assert thread.title == "Knee pain"
    assert [(p.author, p.created, p.attrs["source_id"]) for p in thread.posts] == [
        ("jo", "2024-01-05T14:00:00+00:00", "p11"),
        ("kim", "2024-01-05T15:00:00+00:00", "p12"),
    ]
    first, second = thread.posts
    assert first.text == "Ice helped.\n\nJo from Leeds"
    assert first.text[first.context.closing.start :] == "Jo from Leeds"
    assert second.text == "jo wrote:\n> Ice helped.\n\nNot for me.\n\nice 20 min"
    assert second.context.quotes[0].author == "jo"


@pytest.mark.parametrize(
    "page",
    [
        # vBulletin 3 postbit_legacy: a guest's name is bare text in the post menu cell (constructed)
        '<table id="post12"><tr><td class="alt2"><div id="postmenu_12">\n  Gast Jo\n  <script>x</script></div></td>'
        '<td id="td_post_12"><div id="post_message_12">Eis half.</div></td></tr></table>',
        # MyBB 1.8 postbit: a guest's name is not a member link (constructed)
        '<div class="post" id="post_12"><div class="post_author"><div class="author_information"><strong><span>Gast Jo'
        '</span></strong></div></div><div class="post_body scaleimages" id="pid_12">Eis half.</div></div>',
    ],
)
def test_guest_writer_without_a_profile_link(tmp_path, page):
    assert read(tmp_path, f"<html><body>{page}</body></html>").posts[0].author == "Gast Jo"


# Discourse: the crawler view (topics/show.html.erb, what a browser without scripts gets) and the app's
# rendering (post article with .names, .post-date[data-time] and .cooked), both constructed from the templates.
DISCOURSE_CRAWLER = """<html><head><title>Knee pain - Support - Example Community</title>
<link rel="canonical" href="https://talk.example.org/t/knee-pain/5"></head><body>
<div id="main-outlet"><h1><a href="https://talk.example.org/t/knee-pain/5">Knee pain</a></h1>
<div id="post_1" itemprop="mainEntity" itemscope itemtype="http://schema.org/DiscussionForumPosting"
 class="topic-body crawler-post"><div class="crawler-post-meta"><span class="creator" itemprop="author" itemscope>
<a itemprop="url" href="https://talk.example.org/u/jo"><span itemprop="name">jo</span></a></span>
<span class="crawler-post-infos"><time itemprop="datePublished" datetime="2024-01-05T14:00:00Z" class="post-time">
January 5, 2024,  2:00pm</time><meta itemprop="position" content="1"></span></div>
<div class="post" itemprop="text"><p>Ice helped.</p></div></div>
<div id="post_2" itemprop="comment" itemscope class="topic-body crawler-post"><div class="crawler-post-meta">
<span class="creator" itemprop="author" itemscope><a itemprop="url" href="https://talk.example.org/u/kim">
<span itemprop="name">kim</span></a></span><span class="crawler-post-infos"><time itemprop="datePublished"
 datetime="2024-01-05T15:00:00Z" class="post-time">January 5, 2024,  3:00pm</time>
<meta itemprop="position" content="2"></span></div>
<div class="post" itemprop="text"><aside class="quote no-group" data-username="jo" data-post="1" data-topic="5">
<div class="title"><div class="quote-controls"></div><img alt="" src="/avatar.png"> jo:</div>
<blockquote><p>Ice helped.</p></blockquote></aside><p>Not for me.</p></div></div>
</div></body></html>"""


def test_discourse_crawler_view(tmp_path):
    thread = read(tmp_path, DISCOURSE_CRAWLER)
    assert (thread.title, thread.source) == ("Knee pain", "talk.example.org")
    assert [(p.author, p.created, p.attrs["source_id"]) for p in thread.posts] == [
        ("jo", "2024-01-05T14:00:00+00:00", "n1"),
        ("kim", "2024-01-05T15:00:00+00:00", "n2"),
    ]
    reply = thread.posts[1]
    assert reply.text == "jo wrote:\n> Ice helped.\n\nNot for me."
    assert reply.parent_id == thread.posts[0].id == reply.context.quotes[0].post_id


def test_discourse_app_rendering(tmp_path):
    page = (
        '<html><body><h1><a class="fancy-title" href="/t/knee-pain/5">Knee pain</a></h1>'
        '<article id="post_2" data-post-id="88" data-user-id="2"><div class="topic-meta-data"><div class="names">'
        '<span class="first username"><a href="/u/kim" data-user-card="kim">kim</a></span></div>'
        '<div class="post-info post-date"><a class="post-date" href="/t/knee-pain/5/2"><span class="relative-date"'
        ' data-time="1704466800000" title="Jan 5, 2024 3:00 pm">Jan 5</span></a></div></div>'
        '<div class="cooked"><p>Not for me.</p></div></article></body></html>'
    )
    post = read(tmp_path, page).posts[0]
    assert (post.author, post.created, post.text) == ("kim", "2024-01-05T15:00:00+00:00", "Not for me.")


@pytest.mark.parametrize(
    ("open_tag", "close_tag"), [("<blockquote>", "</blockquote>"), ('<div class="bbcode_quote">', "</div>")]
)
def test_quotes_nested_hundreds_deep_are_read_not_refused(tmp_path, open_tag, close_tag):
    body = open_tag * 300 + "deep" + close_tag * 300
    page = (
        f'<html><body><div id="p1" class="post"><div class="content">{body}</div></div>'
        f'<li id="post_1"><div id="post_message_1">{body}</div></li></body></html>'
    )
    post = read(tmp_path, page).posts[0]
    assert post.text.endswith("> deep") and len(post.context.quotes) == 1
