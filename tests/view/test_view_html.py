"""The HTML view: escaping, a JSON blob nothing can break out of, well-formed nesting, no network."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from anecdata.model import Annotation, Thread
from anecdata.serialise import annotation_to_record
from anecdata.view import label_words
from anecdata.view.html import FOOTER, marked_text, render_html

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}
THREADS = ("friendly_thread", "crossing_thread", "hostile_thread", "claims_thread")
PUBMED_LINK = re.compile(r"https://pubmed\.ncbi\.nlm\.nih\.gov/[0-9]+/")


class Page(HTMLParser):
    """Parses a page the way a browser tokenises it, recording tags, their balance and script contents."""

    def __init__(self, html: str) -> None:
        """Parse ``html`` at once; ``errors`` lists each end tag that does not close the innermost tag."""
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def values(self, attr: str) -> list[str]:
        """Every value of one attribute, over all start tags."""
        return [a[attr] or "" for _, a in self.starts if attr in a]


def _threads(request: pytest.FixtureRequest, *names: str) -> list[Thread]:
    """Threads from fixtures named in a parameter table."""
    return [request.getfixturevalue(n) for n in names]


def _blob(page: Page) -> dict[str, dict[str, object]]:
    """The annotation data as the page's own script would read it."""
    (text,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    return json.loads(text)


@pytest.mark.parametrize("name", THREADS)
def test_html_tags_are_balanced(request: pytest.FixtureRequest, name: str) -> None:
    page = Page(render_html(_threads(request, name), "none"))
    assert page.errors == []
    assert page.open == []


@pytest.mark.parametrize("name", THREADS)
def test_html_every_annotation_is_a_data_id(request: pytest.FixtureRequest, name: str) -> None:
    (thread,) = _threads(request, name)
    page = Page(render_html([thread], "none"))
    ids = {a.id for p in thread.posts for a in p.annotations}
    assert ids <= set(page.values("data-id"))
    assert set(_blob(page)) == ids


def test_html_forum_markup_is_escaped(hostile_thread: Thread) -> None:
    html = render_html([hostile_thread], "none")
    page = Page(html)
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert [tag for tag, _ in page.starts if tag in {"img", "b", "iframe", "object"}] == []
    assert len(page.scripts) == 2
    assert not any("javascript:" in value for _, attrs in page.starts for value in attrs.values() if value)
    assert not any(name.startswith("on") for _, attrs in page.starts for name in attrs)


def test_html_json_blob_survives_script_closers(hostile_thread: Thread) -> None:
    html = render_html([hostile_thread], "none")
    (raw,) = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    blob = _blob(Page(html))
    for a in hostile_thread.posts[0].annotations:
        record = blob[a.id]
        assert record["text"] == a.text
        assert {k: v for k, v in record.items() if k not in ("post", "words")} == annotation_to_record(a)
        assert record["words"] == label_words(a.label, a.layer)


def test_html_makes_no_network_references(request: pytest.FixtureRequest) -> None:
    html = render_html(_threads(request, *THREADS), "mask")
    page = Page(html)
    assert "http://" not in html
    assert "@import" not in html and "url(" not in html
    assert page.values("src") == []
    assert [tag for tag, _ in page.starts if tag in {"link", "iframe", "img"}] == []
    outside = [attrs for tag, attrs in page.starts if tag == "a" and not (attrs.get("href") or "").startswith("#")]
    assert outside, "the evidence fixtures link their PMIDs"
    for attrs in outside:  # only PubMed pages, which a reader may open; the page itself loads nothing
        assert PUBMED_LINK.fullmatch(attrs["href"] or "") and "noopener" in (attrs.get("rel") or "").split()
    assert html.count("https://") == len(outside)


def test_html_content_security_policy_allows_exactly_the_inline_assets(friendly_thread: Thread) -> None:
    html = render_html([friendly_thread], "none")
    page = Page(html)
    (csp,) = [a["content"] or "" for _, a in page.starts if a.get("http-equiv") == "Content-Security-Policy"]
    (script,) = [text for attrs, text in page.scripts if "type" not in attrs]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


@pytest.mark.parametrize(("redaction", "note"), [("mask", "PII redacted: mask"), ("none", "not redacted")])
def test_html_says_whether_pii_is_redacted(friendly_thread: Thread, redaction: str, note: str) -> None:
    assert note in render_html([friendly_thread], redaction)


@pytest.mark.parametrize(
    "expected",
    [
        "Joan",
        "Tom",
        "What each person tried",
        "Questions",
        "no answer in thread",
        '<a href="#t1-p2">post 2</a>',
        '<span class="pill pill-unknown">unknown</span>',
        FOOTER,
    ],
)
def test_html_shows_people_tables_and_footer(friendly_thread: Thread, expected: str) -> None:
    assert expected in render_html([friendly_thread], "none")


def test_html_marks_are_focusable_once_per_annotation(crossing_thread: Thread) -> None:
    page = Page(render_html([crossing_thread], "none"))
    marks = [a for tag, a in page.starts if tag == "mark"]
    focusable = [a["data-id"] for a in marks if a.get("tabindex") == "0"]
    assert sorted(focusable) == sorted({a["data-id"] for a in marks})


TEXT = "abcdefghij"


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], "abcdefghij"),
        ([(0, 10, "statement", "claim")], "[A:abcdefghij]"),
        ([(0, 10, "statement", "claim"), (2, 4, "mention", "drug")], "[A:ab[B:cd]efghij]"),
        ([(2, 4, "mention", "drug"), (0, 10, "statement", "claim")], "[B:ab[A:cd]efghij]"),
        ([(0, 6, "statement", "claim"), (4, 10, "mention", "drug")], "[A:abcd[B:ef]][B:ghij]"),
        ([(0, 5, "statement", "claim"), (5, 10, "statement", "question")], "[A:abcde][B:fghij]"),
        ([(3, 6, "mention", "drug"), (3, 6, "statement", "claim")], "abc[B:[A:def]]ghij"),
        ([(0, 3, "statement", "claim"), (3, 3, "mention", "drug")], "[A:abc]defghij"),
    ],
)
def test_html_marked_text_nests_and_splits(spans: list[tuple[int, int, str, str]], expected: str) -> None:
    annotations = [Annotation.over("p", TEXT, s, e, layer, label) for s, e, layer, label in spans]
    letters = {a.id: "ABCDEFGH"[i] for i, a in enumerate(annotations)}
    html = marked_text(TEXT, annotations)
    compact = re.sub(r'<mark [^>]*data-id="([^"]+)"[^>]*>', lambda m: f"[{letters[m.group(1)]}:", html)
    assert compact.replace("</mark>", "]") == expected


def test_html_lists_each_claims_evidence_beside_it(claims_thread: Thread) -> None:
    html = render_html([claims_thread], "none")
    page = Page(html)
    (evidence,) = re.findall(r'<section class="evidence".*?</section>', html, re.S)
    assert "A piriformis stretching programme: a randomised controlled trial" in evidence
    assert ">randomised controlled trial</span> · CEBM level 2 · <a " in evidence
    assert "publication type &quot;Randomized Controlled Trial&quot;" in evidence
    assert "Buttock pain fell more with stretching." in evidence
    assert 'data-start="55" data-end="94"' in evidence
    assert "1 claim: no matching abstract in the loaded corpus" in evidence  # one line for all such claims
    found = [e.annotation_id for e in claims_thread.evidence if e.links]
    claim_ids = [e.annotation_id for e in claims_thread.evidence]
    assert [v for v in page.values("data-jump") if v in claim_ids] == found
    (link,) = [attrs for tag, attrs in page.starts if tag == "a" and "pubmed" in (attrs.get("href") or "")]
    assert link["href"] == "https://pubmed.ncbi.nlm.nih.gov/90000001/" and link["rel"] == "noopener noreferrer"


def test_html_claims_that_found_the_same_abstracts_share_one_block(claims_thread: Thread) -> None:
    found = next(e for e in claims_thread.evidence if e.links)
    again = replace(claims_thread.evidence[-1], links=found.links, status="found")
    html = render_html([replace(claims_thread, evidence=(found, again))], "none")
    (evidence,) = re.findall(r'<section class="evidence".*?</section>', html, re.S)
    assert evidence.count("A piriformis stretching programme") == 1
    assert [v for v in Page(html).values("data-jump") if v in (found.annotation_id, again.annotation_id)] == [
        found.annotation_id,
        again.annotation_id,
    ]


def test_html_says_once_per_thread_when_no_evidence_corpus_is_loaded(claims_thread: Thread) -> None:
    unloaded = tuple(replace(e, status="no_corpus", links=()) for e in claims_thread.evidence)
    html = render_html([replace(claims_thread, evidence=unloaded)], "none")
    assert html.count("no evidence corpus loaded") == 1  # under the thread's heading, not under each claim
    assert "pubmed" not in html


def test_html_escapes_abstract_titles_and_links_only_pubmed_ids(hostile_thread: Thread) -> None:
    html = render_html([hostile_thread], "none")
    page = Page(html)
    assert "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;&lt;img src=x onerror=alert(6)&gt;" in html
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in html
    assert "PMID &quot;&gt;&lt;img src=x onerror=alert(7)&gt;" in html  # not a PubMed id: plain text
    hrefs = [h for h in page.values("href") if not h.startswith("#")]
    assert hrefs == ["https://pubmed.ncbi.nlm.nih.gov/90000001/"]
    assert page.errors == [] and len(page.scripts) == 2


def test_html_says_labels_and_outcomes_in_words(friendly_thread: Thread) -> None:
    tom = replace(
        friendly_thread.experiences[1],
        treatments=(replace(friendly_thread.experiences[1].treatments[0], outcome="no_change"),),
    )
    html = render_html([replace(friendly_thread, experiences=(friendly_thread.experiences[0], tom))], "none")
    assert '<span class="pill pill-no_change">no change</span>' in html
    blob = _blob(Page(html))
    assert {r["words"] for r in blob.values() if r["label"] == "per_exp"} == {"a personal experience"}
    assert {r["words"] for r in blob.values() if r["label"] == "body_part"} == {"body part"}


def test_html_heads_an_untitled_thread_with_its_first_words(first_person_thread: Thread) -> None:
    html = render_html([first_person_thread], "none")
    assert "<title>anecdata · Stretching fixed my sciatica in three weeks. The…</title>" in html
    assert '-title">Stretching fixed my sciatica in three weeks. The…</h2>' in html
    assert "t8f15af3550" not in html


def test_view_js_shows_words_and_leaves_out_empty_attributes() -> None:
    from importlib import resources

    js = resources.files("anecdata.view").joinpath("templates", "view.js").read_text("utf-8")
    assert "a.words || a.label" in js and "filter(([, v]) => said(v))" in js
    assert "textContent = text" in js  # forum text still only ever goes in as text
