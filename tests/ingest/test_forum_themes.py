"""The saved-page reader on CONSTRUCTED pages of theme variants: markup that real boards' themes serve in place of
the engines' default templates, found by reading saved pages of real threads that cannot be kept here (their
repositories grant no licence; see tests/fixtures/README.md).

Every page below is written for this test: it reproduces only the markup pattern a theme uses, with invented
writers and words. None is, or is cut from, a real page.
"""

from __future__ import annotations

import pytest
from page_reading import read_page as read

from anecdata.ingest.forum_board import page_title
from anecdata.ingest.html_tree import parse_html


def signature(post) -> str | None:
    closing = post.context.closing
    return post.text[closing.start : closing.end] if closing else None


# phpBB 3.0 under a Bootstrap style: the writer and date line is a div.author, not prosilver's p.author, and the
# h2 has no link: the title comes from "SITE • View topic - TOPIC", the site's name being the longer part
# (constructed).
PHPBB3_DIV_AUTHOR = """<html><head><title>Example Board &bull; View topic - Knee brace</title></head><body>
<h2>Knee brace</h2>
<div id="p21" class="post row-fluid even"><div class="postbody span9">
<h3 class="first"><a href="#p21">Knee brace</a></h3>
<div class="author">by <strong><a href="./memberlist.php?mode=viewprofile&amp;u=4">ann</a></strong> &raquo;
 Mon Mar 04, 2013 7:14 pm </div>
<div class="content">Does a brace help?<dl class="codebox"><dt>Code: <a href="#">Select all</a></dt><dd><code>brace
</code></dd></dl></div></div>
<dl class="postprofile span3" id="profile21"><dt><a href="./memberlist.php?mode=viewprofile&amp;u=4">ann</a></dt></dl>
</div>
<div id="p22" class="post row-fluid odd"><div class="postbody span9">
<div class="author">by <strong><a href="./memberlist.php?mode=viewprofile&amp;u=5">bo</a></strong> &raquo;
 Mon Mar 04, 2013 9:30 pm </div>
<div class="content"><blockquote><div><cite>ann wrote:</cite>Does a brace help?</div></blockquote>Mine did.</div>
</div></div>
<ul><li>All times are UTC </li></ul>
</body></html>"""


def test_phpbb_3_writer_and_date_in_a_div_author(tmp_path):
    thread = read(tmp_path, PHPBB3_DIV_AUTHOR)
    assert thread.title == "Knee brace"
    assert [(p.author, p.created) for p in thread.posts] == [
        ("ann", "2013-03-04T19:14:00+00:00"),
        ("bo", "2013-03-04T21:30:00+00:00"),
    ]
    assert thread.posts[0].text == "Does a brace help?\n\nbrace"
    assert thread.posts[1].context.quotes[0].author == "ann"


# phpBB 2 under a subSilver-derived theme: the signature's "_________________" line opens a td.genmed of its own
# below the body's td.postbody, not the end of the body (constructed).
PHPBB2_SIGNATURE_CELL = """<html><head><title>Example Board :: View topic - Boat engine</title></head><body>
<td class="maintitle"><a href="viewtopic.php?t=7">Boat engine</a></td>
<table class="forumline">
<tr><th>Author</th><th>Message</th></tr>
<tr><td valign="top" class="row1" rowspan="2"><span class="name"><a name="31" id="31"></a><strong>cal</strong></span>
<br><span class="postdetails">Joined: 01 Jan 2009<br>Posts: 9</span></td>
<td class="row1" valign="top"><table><tr><td class="postdetails"><a href="viewtopic.php?p=31#31"><img alt="Post"
 src="icon_minipost.gif"></a>Posted:
Wed Jun 02, 2010 11:01 pm</td><td><a href="posting.php?mode=quote&amp;p=31"><img alt="Reply with quote"
 src="icon_quote.gif"></a><a href="#top"><img src="icon_up.gif" alt="Back to top"></a></td></tr></table>
<table><tr><td valign="top" class="postbody"><hr>The engine starts now.<br>
Cal</td></tr>
<tr><td height="40" valign="bottom" class="genmed"><br>_________________<br>Cal Example<br>
River boats since 1990<span class="postdetails"></span></td></tr></table></td></tr>
<tr><td class="row1"><a href="profile.php?mode=viewprofile&amp;u=3"><img alt="View user's profile"
 src="icon_profile.gif"></a></td></tr>
</table>
</body></html>"""


def test_phpbb_2_signature_in_a_cell_below_the_body(tmp_path):
    post = read(tmp_path, PHPBB2_SIGNATURE_CELL).posts[0]
    assert (post.author, post.created) == ("cal", "2010-06-02T23:01:00")
    assert post.text == "The engine starts now.\nCal\n\nCal Example\nRiver boats since 1990"
    assert signature(post) == "Cal Example\nRiver boats since 1990"


# SMF 2.0 "core" theme: no div.post_wrapper; a post is the div whose children are div.poster and div.postarea
# (constructed).
SMF_CORE = """<html><head><title>Hip pain</title></head><body>
<div id="forumposts" class="tborder">
<h3 class="catbg3"><span>Author</span><span id="top_subject">Topic: Hip pain &nbsp;(Read 12 times)</span></h3>
<form><div class="bordercolor">
<div class="clearfix windowbg largepadding">
<div class="floatleft poster"><h4><a href="index.php?action=profile;u=7">dee</a></h4>
<ul class="reset smalltext" id="msg_41_extra_info"><li>Posts: 5</li></ul></div>
<div class="postarea"><div class="flow_hidden"><div class="keyinfo"><h5 id="subject_41"><a href="#msg41">Hip pain</a>
</h5>
<div class="smalltext">&#171; <strong> on:</strong> September 19, 2007, 01:08:14 PM &#187;</div></div></div>
<div class="post"><div class="inner" id="msg_41">Stretching helps me.</div></div>
<div class="signature" id="msg_41_signature">Dee, walker</div></div></div>
<div class="clearfix windowbg2 largepadding">
<div class="floatleft poster"><h4><a href="index.php?action=profile;u=8">eli</a></h4></div>
<div class="postarea"><div class="flow_hidden"><div class="keyinfo">
<div class="smalltext">&#171; <strong>Reply #1 on:</strong> September 19, 2007, 02:16:51 PM &#187;</div></div></div>
<div class="post"><div class="inner" id="msg_42"><div class="quoteheader"><div class="topslice_quote"><a
 href="index.php?topic=9.msg41#msg41">Quote from: dee on September 19, 2007, 01:08:14 PM</a></div></div><blockquote
 class="bbc_standard_quote">Stretching helps me.</blockquote><div class="quotefooter"><div class="botslice_quote">
</div></div>Me too.</div></div></div></div>
</div></form></div>
</body></html>"""


def test_smf_2_0_core_theme_posts_without_a_post_wrapper(tmp_path):
    thread = read(tmp_path, SMF_CORE)
    assert thread.title == "Hip pain"
    assert [(p.author, p.created, p.attrs["source_id"]) for p in thread.posts] == [
        ("dee", "2007-09-19T13:08:14", "msg41"),
        ("eli", "2007-09-19T14:16:51", "msg42"),
    ]
    first, second = thread.posts
    assert signature(first) == "Dee, walker"
    assert second.text == "dee wrote:\n> Stretching helps me.\n\nMe too."
    assert (second.context.quotes[0].author, second.parent_id) == ("dee", first.id)


# phpBB 3.2 prosilver mirrored by HTTrack: the mirror's comment names the address (without its scheme) and the
# time it was mirrored; its links, the canonical one included, are rewritten to relative file names
# (constructed).
MIRRORED = (
    "<!-- Mirrored from www.example.org/forum/viewtopic.php?p=51 by HTTrack Website Copier/3.x [XR&CO'2014], "
    "Fri, 05 Jan 2024 20:10:00 GMT -->"
)
HTTRACK = f"""<!DOCTYPE html>
<html>
{MIRRORED}
<head><title>Ankle sprain - Example Board</title><link rel="canonical" href="viewtopic1a2b.html?t=9"></head><body>
<h2 class="topic-title"><a href="viewtopic1a2b.html?t=9">Ankle sprain</a></h2>
<div id="p51" class="post has-profile bg2"><div class="inner"><div class="postbody"><div id="post_content51">
<p class="author"><span class="responsive-hide">by <strong><a href="memberlist.html" class="username">fay</a></strong>
 &raquo; </span>Today, 14:03</p>
<div class="content">Rest and ice.</div></div></div></div></div>
<div class="copyright">All times are <span title="UTC-5">UTC-05:00</span></div>
</body></html>"""


def test_httrack_mirror_gives_the_host_and_the_save_time(tmp_path):
    thread = read(tmp_path, HTTRACK)
    assert thread.source == "www.example.org"
    post = thread.posts[0]
    # mirrored 20:10 UTC = 15:10 at UTC-5, so "Today, 14:03" is 5 January, 14:03 at UTC-5 = 19:03 UTC
    assert (post.author, post.created) == ("fay", "2024-01-05T19:03:00+00:00")


# XenForo 1 under a theme that puts the page navigation inside the title bar's h1 and the title in a span.title
# after it; the default theme's h1 starts with the thread's prefix label (constructed).
XENFORO1_TITLE = """<html><head><title>Help - Wrist pain - Example Forums</title></head><body>
<div class="titleBar"><h1><div class="PageNav" data-page="1" data-last="9"><span class="pageNavHeader">Page 1 of 9
</span><nav><a href="threads/wrist.5/" class="currentPage">1</a><a href="threads/wrist.5/page-2">2</a>
<a href="threads/wrist.5/page-2" class="text">Next &gt;</a></nav></div>
<div class="thread-detail-title"><div class="titleBar"><span class="prefix prefixWhite">Help</span>
<div><span class="title">Wrist pain</span> <span class="DateTime" title="Nov 14, 2015 at 4:23 AM">Nov 14, 2015</span>
</div></div></div></h1></div>
<ol class="messageList" id="messageList">
<li id="post-71" class="message" data-author="gus"><div class="messageContent"><article><blockquote
 class="messageText SelectQuoteContainer ugc baseHtml">A splint at night.</blockquote></article></div>
<div class="messageMeta"><a class="datePermalink"><span class="DateTime" title="Nov 14, 2015 at 4:23 AM">Nov 14, 2015
</span></a></div></li></ol>
</body></html>"""


def test_xenforo_1_title_without_page_navigation_or_prefix(tmp_path):
    assert read(tmp_path, XENFORO1_TITLE).title == "Wrist pain"
    start, end = XENFORO1_TITLE.index('<div class="titleBar"><h1>'), XENFORO1_TITLE.index("</h1></div>")
    default = (
        XENFORO1_TITLE[:start]
        + '<div class="titleBar"><h1><span class="prefix">Help</span> Wrist pain'
        + XENFORO1_TITLE[end:]
    )
    assert read(tmp_path, default).title == "Wrist pain"


# MyBB 1.8 under a theme whose div.signature is an empty separator (sig_sep) before the signature's own
# div.scaleimages; MyBB writes an [img]'s alt as "[Image: NAME]" (constructed).
MYBB_SIG_SEPARATOR = """<html><head><title>Neck pain</title></head><body>
<table><tr><td class="thead"><strong>Neck pain</strong></td></tr></table>
<div class="post classic" style="" id="post_81"><div class="post_author scaleimages"><div class="author_information">
<strong><span class="largetext"><a href="member.php?action=profile&amp;uid=6">hal</a></span></strong></div></div>
<div class="post_content"><div class="post_head"><span class="post_date">02-13-2016, 10:30 PM</span></div>
<div class="post_body scaleimages" id="pid_81">A softer pillow. <img src="https://example.org/p.jpg"
 alt="[Image: p.jpg]" class="mycode_img"></div>
<div class="signature sig_sep"></div><div class="scaleimages"><img src="https://example.org/s.jpg"
 alt="[Image: s.jpg]" class="mycode_img"><br><span class="mycode_size">Hal, desk worker</span></div>
</div></div>
</body></html>"""


def test_mybb_signature_after_an_empty_separator_without_image_placeholders(tmp_path):
    post = read(tmp_path, MYBB_SIG_SEPARATOR).posts[0]
    assert (post.author, post.created) == ("hal", "2016-02-13T22:30:00")
    assert post.text == "A softer pillow.\n\nHal, desk worker"
    assert signature(post) == "Hal, desk worker"


# A phpBB 3 topic as the Wayback Machine serves it: its script names the archived address and the capture time
# (UTC, YYYYMMDDhhmmss), and the page's own links point into the archive (constructed).
WAYBACK = """<html><head><script type="text/javascript">
  __wm.init("https://web.archive.org/web");
  __wm.wombat("http://www.example.org:80/forum/viewtopic.php?t=9","20240105201000","https://web.archive.org/","web",
      "/_static/", "1704485400");
</script><title>Ankle sprain - Example Board</title></head><body>
<h2 class="topic-title"><a href="/web/20240105201000/http://www.example.org/forum/viewtopic.php?t=9">Ankle sprain</a>
</h2>
<div id="p51" class="post has-profile bg2"><div class="inner"><div class="postbody"><div id="post_content51">
<p class="author"><span class="responsive-hide">by <strong><a href="/web/20240105201000/http://www.example.org/forum/me"
 class="username">fay</a></strong> &raquo; </span>Today, 14:03</p>
<div class="content">Rest and ice.</div></div></div></div></div>
<div class="copyright">All times are <span title="UTC-5">UTC-05:00</span></div>
</body></html>"""


def test_wayback_machine_copy_gives_the_address_and_the_capture_time(tmp_path):
    thread = read(tmp_path, WAYBACK)
    assert (thread.source, thread.url) == ("www.example.org", "http://www.example.org:80/forum/viewtopic.php?t=9")
    # captured 20:10 UTC = 15:10 at UTC-5, so "Today, 14:03" is 5 January, 14:03 at UTC-5 = 19:03 UTC
    assert thread.posts[0].created == "2024-01-05T19:03:00+00:00"


# vBulletin 3.8's archive ("View Full Version", archive/index.php/t-5.html): div.post with div.posttop and
# div.posttext, no post ids, no zone stated; a quote in the printable quote layout; a "PDA" link after the title in
# the navigation line, as vBulletin 4's archive has it (constructed).
VB3_ARCHIVE = """<html><head><title>Shin splints [Archive] - Example Forums</title></head><body>
<div class="pagebody">
<div id="navbar"><a href="http://www.example.org/archive/index.php">Example Forums</a> &gt;
<a href="http://www.example.org/archive/index.php/f-4.html">Running</a> &gt; Shin splints
<div id="pda_link"><a href="http://www.example.org/archive/index.php/t-5.html?pda=1">PDA</a></div></div>
<hr><div class="pda"><a href="http://www.example.org/archive/index.php/t-5.html?pda=1">PDA</a></div>
<p class="largefont">View Full Version : <a href="http://www.example.org/showthread.php?t=5">Shin splints</a></p>
<hr>
<div class="post"><div class="posttop"><div class="username">ivy</div><div class="date">03-06-2005, 05:56 PM</div>
</div><div class="posttext">Shorter strides helped.</div></div><hr>
<div class="post"><div class="posttop"><div class="username">jon</div><div class="date">03-07-2005, 08:50 AM</div>
</div><div class="posttext"><div style="margin:20px; margin-top:5px; "><div class="smallfont"
 style="margin-bottom:2px">Quote:</div><table cellpadding="6" cellspacing="0" border="0" width="100%"><tr>
<td style="border:1px inset"><div>Originally Posted by <strong>ivy</strong></div>
<div style="font-style:italic">Shorter strides helped.</div></td></tr></table></div>Same here.</div></div><hr>
<div id="copyright">vBulletin&reg; v3.8.4, Copyright &copy;2000-2024, Jelsoft Enterprises Ltd.</div>
</div></body></html>"""


def test_vbulletin_archive_page(tmp_path):
    thread = read(tmp_path, VB3_ARCHIVE)
    assert (thread.title, thread.url) == ("Shin splints", "http://www.example.org/showthread.php?t=5")
    assert [(p.author, p.created, p.attrs["board"]) for p in thread.posts] == [
        ("ivy", "2005-03-06T17:56:00", "vbulletin"),
        ("jon", "2005-03-07T08:50:00", "vbulletin"),
    ]
    second = thread.posts[1]
    assert second.text == "ivy wrote:\n> Shorter strides helped.\n\nSame here."
    assert second.context.quotes[0].author == "ivy"


@pytest.mark.parametrize(
    ("title", "thread"),
    [  # phpBB 2 and 3.0 <title>s: the site's name may be the longest part (constructed)
        ("An Example Discussion Board :: View topic - Knee brace", "Knee brace"),
        ("An Example Discussion Board &bull; View topic - Knee - which brace?", "Knee - which brace?"),
        ("Un Forum di Esempio :: Visualizza topic - Ginocchio", "Ginocchio"),
    ],
)
def test_thread_title_after_the_view_topic_label(title, thread):
    assert page_title(parse_html(f"<html><head><title>{title}</title></head></html>")) == thread


# XenForo 2.0 (constructed): a thread prefix label in the title, a heading ending in a zero-width space, and a
# quote naming its writer only in its title line ("NAME said:", linked to the quoted post), with no data-quote.
XF2_0 = """<html id="XF" data-template="thread_view"><head><title>Ice or heat | Example Forums</title></head><body>
<h1 class="p-title-value"><a href="/threads/ice-or-heat.7/"><span class="label label--blue" dir="auto">Solved</span>
<span class="label-append">&nbsp;</span>Ice or heat</a></h1>
<article class="message message--post js-post" data-author="ivy" data-content="post-70" id="js-post-70">
<div class="message-attribution"><time class="u-dt" datetime="2024-01-05T10:00:00+0000" data-time="1704448800">
Jan 5, 2024</time></div>
<article class="message-body js-selectToQuote"><div class="bbWrapper"><h3 class="bbHeading">Week one&#8203;</h3>
Ice helped.</div></article></article>
<article class="message message--post js-post" data-author="jon" data-content="post-71" id="js-post-71">
<div class="message-attribution"><time class="u-dt" datetime="2024-01-06T10:00:00+0000" data-time="1704535200">
Jan 6, 2024</time></div>
<article class="message-body js-selectToQuote"><div class="bbWrapper"><blockquote class="bbCodeBlock
 bbCodeBlock--expandable bbCodeBlock--quote"><div class="bbCodeBlock-title"><a href="/goto/post?id=70"
 class="bbCodeBlock-sourceJump" data-xf-click="attribution" data-content-selector="#post-70">ivy said:</a></div>
<div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent ">Ice helped.</div>
<div class="bbCodeBlock-expandLink"><a>Click to expand...</a></div></div></blockquote>
Heat for me.</div></article></article>
<article class="message message--post js-post" data-author="kim" data-content="post-72" id="js-post-72">
<div class="message-attribution"><time class="u-dt" datetime="2024-01-07T10:00:00+0000" data-time="1704621600">
Jan 7, 2024</time></div>
<article class="message-body js-selectToQuote"><div class="bbWrapper"><blockquote class="bbCodeBlock
 bbCodeBlock--expandable bbCodeBlock--quote"><div class="bbCodeBlock-title">A coach sagte:</div>
<div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent ">Rest first.</div></div></blockquote>
Agreed.</div></article></article>
</body></html>"""


def test_xenforo_2_0_prefix_heading_and_quote_named_in_its_title(tmp_path):
    thread = read(tmp_path, XF2_0)
    assert thread.title == "Ice or heat"
    first, second, third = thread.posts
    assert first.text == "Week one\n\nIce helped."
    assert second.text == "ivy wrote:\n> Ice helped.\n\nHeat for me."
    assert (second.context.quotes[0].author, second.parent_id) == ("ivy", first.id)
    assert third.text == "A coach wrote:\n> Rest first.\n\nAgreed."
    assert (third.context.quotes[0].author, third.parent_id) == ("A coach", None)


# NodeBB (constructed): the line above a quote is written in the board's language ("sagte in" on a German board)
# and, where no post is linked, without the topic ("@NAME said:").
NODEBB_QUOTES = """<html><head><title>Knie | Beispielforum</title></head><body>
<h1 component="post/header"><span component="topic/title">Knie</span></h1>
<ul component="topic"><li component="post" data-pid="11" data-username="ivy" data-timestamp="1704448800000">
<div component="post/content"><p dir="auto">Eis hilft.</p></div></li>
<li component="post" data-pid="12" data-username="jon" data-timestamp="1704535200000">
<div component="post/content"><p dir="auto"><a class="plugin-mentions-user" href="/uid/1">@ivy</a> sagte in
<a href="/post/11">Knie</a>:</p>
<blockquote dir="auto"><p dir="auto">Eis hilft.</p></blockquote><p dir="auto">Mir nicht.</p>
<p dir="auto">@ivy said:</p><blockquote dir="auto"><p dir="auto">Ice.</p></blockquote></div></li></ul>
</body></html>"""


def test_nodebb_quote_lines_in_the_board_language_and_without_a_post_link(tmp_path):
    thread = read(tmp_path, NODEBB_QUOTES)
    first, reply = thread.posts
    assert reply.text == "ivy wrote:\n> Eis hilft.\n\nMir nicht.\n\nivy wrote:\n> Ice."
    assert [(q.author, q.post_id) for q in reply.context.quotes] == [("ivy", first.id), ("ivy", None)]
    assert reply.parent_id == first.id


def test_discourse_page_link_preview_is_read_as_the_link(tmp_path):
    # constructed: Discourse's crawler view with a onebox under a pasted link
    page = (
        "<html><body><h1><a href='/t/knee/5'>Knee</a></h1><div id='post_1' itemprop='comment'"
        " class='topic-body crawler-post'><div class='crawler-post-meta'><span class='creator' itemprop='author'>"
        "<span itemprop='name'>kim</span></span><time datetime='2024-01-05T15:00:00Z' class='post-time'>Jan 5</time>"
        "</div><div class='post' itemprop='text'><p>See:</p><aside class='onebox' data-onebox-src='https://example.org/s'>"
        "<article class='onebox-body'><h3>A study</h3><p>Ice helped most.</p></article></aside></div>"
        "<span itemprop='position'>1</span></div></body></html>"
    )
    post = read(tmp_path, page).posts[0]
    assert (post.author, post.text) == ("kim", "See:\n\nhttps://example.org/s")


# Invision Community 4 (constructed): the topic's prefix tag sits in the page title before the title itself.
IPS_PREFIX = """<html><head><title>Knee pain - Running - Example Forums</title></head><body>
<h1 class="ipsType_pageTitle ipsContained_container"><span><a href="/tags/question/" class="ipsTag_prefix" rel="tag"
 data-tag-label="question"><span>question</span></a></span>
<span class="ipsType_break ipsContained"><span>Knee pain</span></span></h1>
<article id="elComment_7" class="cPost ipsBox ipsComment"><aside><h3 class="cAuthorPane_author"><strong>kim</strong>
</h3></aside><div class="ipsComment_meta"><time datetime="2024-01-05T15:00:00Z" title="01/05/2024 03:00 PM">
January 5</time></div><div class="cPost_contentWrap"><div data-role="commentContent"><p>Ice helped.</p></div></div>
</article></body></html>"""


def test_invision_title_without_its_prefix_tag(tmp_path):
    thread = read(tmp_path, IPS_PREFIX)
    assert thread.title == "Knee pain"
    assert [(p.author, p.created, p.text) for p in thread.posts] == [
        ("kim", "2024-01-05T15:00:00+00:00", "Ice helped.")
    ]


def test_xenforo_2_quote_of_a_profile_post_names_no_post_of_the_thread(tmp_path):
    # constructed: XenForo 2 quotes a profile post with data-source "profilePost: N", whose number is no post's
    page = XF2_0.replace(
        '<blockquote class="bbCodeBlock\n bbCodeBlock--expandable bbCodeBlock--quote"><div class="bbCodeBlock-title">'
        '<a href="/goto/post?id=70"',
        '<blockquote data-quote="ivy" data-source="profilePost: 70" class="bbCodeBlock\n bbCodeBlock--expandable'
        ' bbCodeBlock--quote"><div class="bbCodeBlock-title"><a href="/goto/profile-post?id=70"',
    )
    second = read(tmp_path, page).posts[1]
    assert (second.context.quotes[0].author, second.context.quotes[0].post_id, second.parent_id) == ("ivy", None, None)


@pytest.mark.parametrize(
    ("line", "writer"),
    [("A coach hat gesagt:", "A coach"), ("Тренер сказал(а):", "Тренер"), ("Un coach a dit :", "Un coach")],
)
def test_xenforo_2_0_quote_title_in_the_board_language(tmp_path, line, writer):
    # constructed: XenForo 2.0's "NAME said:" quote title in its German, Russian and French language packs
    third = read(tmp_path, XF2_0.replace("A coach sagte:", line)).posts[2]
    assert third.context.quotes[0].author == writer
    assert third.text == f"{writer} wrote:\n> Rest first.\n\nAgreed."
