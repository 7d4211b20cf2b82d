"""The web UI over a store read from the examples and a hostile thread: pages, highlights, evidence, refusals."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from anecdata.cli.app import main
from anecdata.errors import ConfigError, StoreError
from anecdata.jobs import index_experiences, ingest_sources, read_pending
from anecdata.model import Annotation, Concept, Post, Thread
from anecdata.read.pipeline import PIPELINE_VERSION
from anecdata.report import sources as report_sources
from anecdata.report.sources import sentence_around
from anecdata.search import search_sentences
from anecdata.search.sentences import cut_post
from anecdata.store import Reading, open_store
from anecdata.store.experiences import SourceRef
from anecdata.web import app as web_app
from anecdata.web import create_app, queries
from paths import example_threads

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # it prefers httpx2 to the httpx we have
    from fastapi.testclient import TestClient

HOSTILE_POSTS = (
    "Has anyone tried <script>alert(1)</script> for plantar fasciitis? My heel pain is bad "
    "<img src=x onerror=alert(1)>.\n\n"
    'Hi Sam, stretching helped my plantar fasciitis. See [x](javascript:alert(1)) and <a href="javascript:alert(1)">'
    "this</a>.\n- Dana\n"
)
"""A pasted thread whose posts would run script if a page trusted them."""
HOSTILE_ID = "hostile-thread"
HOSTILE_THREAD = Thread(
    id=HOSTILE_ID,
    source="hostile",
    title="</title><script>alert(5)</script><img src=x onerror=alert(6)>",
    posts=(
        Post(
            id=f"{HOSTILE_ID}.p0",
            thread_id=HOSTILE_ID,
            position=0,
            author="<img src=x onerror=alert(7)>",
            addressee='<a href="javascript:alert(8)">',
            text="My plantar fasciitis got better with stretching. <script>alert(9)</script>",
        ),
    ),
)
"""A thread whose title, author and addressee are hostile too (a scraped source could carry such)."""
UNSAFE = [
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<[^<>]*\bonerror\s*=", re.IGNORECASE),
    re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
]


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the example threads and the hostile ones, every post read."""
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE_POSTS, encoding="utf-8")
    url = f"sqlite:///{folder / 'store.db'}"
    with open_store(url) as store:
        ingest_sources([str(p) for p in example_threads()] + [str(hostile)], store)
        store.add_threads([HOSTILE_THREAD])
        read_pending(store, workers=1)
        index_experiences(store)
    return url


@pytest.fixture(scope="module")
def client(store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_url)) as c:
        yield c


@pytest.fixture(scope="module")
def raw_client(store_url: str) -> Iterator[TestClient]:
    """The app showing names as written (``--redact none``)."""
    with TestClient(create_app(store_url, redaction="none")) as c:
        yield c


def stored(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with open_store(url, create=False) as store:
        return store.query(sql, params)


def thread_of_source(url: str, source_name: str) -> str:
    return stored(url, "SELECT id FROM threads WHERE source = ?", (source_name,))[0][0]


def error_message(html: str) -> str:
    found = re.search(r'<p class="error-message">(.*?)</p>', html)
    assert found, html
    return found[1]


def test_web_overview_counts_threads_posts_labels_and_conditions(client, store_url):
    html = client.get("/").text
    threads, posts = (stored(store_url, f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("threads", "posts"))
    assert f"<dt>threads</dt><dd>{threads}</dd>" in html
    assert f"<dt>posts</dt><dd>{posts}</dd>" in html and f"<dt>posts read</dt><dd>{posts}</dd>" in html
    for layer, label, n in stored(store_url, "SELECT layer, label, COUNT(*) FROM annotations GROUP BY layer, label"):
        cell = rf'<span class="chip a {layer} {layer}-{label}">[^<]*</span></td><td class="n">(<a href="[^"]*">)?{n}<'
        assert re.search(cell, html)
    shown = re.findall(
        r'<a class="mention-condition" href="/conditions/[^"]*">([^<]*)</a></td><td class="n">(\d+)<', html
    )
    records = stored(store_url, "SELECT record FROM annotations WHERE layer = 'mention' AND label = 'condition'")
    counted = Counter(json.loads(r)["concept"]["name"] for (r,) in records)
    assert {name: int(n) for name, n in shown} == counted and len(counted) < queries.TOP_CONDITIONS
    assert [int(n) for _, n in shown] == sorted(counted.values(), reverse=True)
    assert f'href="/threads/{thread_of_source(store_url, "plantar-fasciitis.txt")}"' in html
    assert '<form class="search" action="/search" method="get"' in html


def test_web_threads_are_paginated(client, store_url, monkeypatch):
    monkeypatch.setattr(queries, "THREADS_PER_PAGE", 2)
    ids = [r[0] for r in stored(store_url, "SELECT id FROM threads ORDER BY id")]
    pages = [re.findall(r'<li><a href="/threads/([^"?]+)">', client.get(f"/threads?page={n}").text) for n in (1, 2, 3)]
    assert [i for p in pages for i in p] == ids and [len(p) for p in pages] == [2, 2, 2]
    assert 'rel="next"' in client.get("/threads?page=1").text
    last = client.get("/threads?page=4")
    assert last.status_code == 404 and error_message(last.text) == "there is no page 4: the threads fill 3"
    assert client.get("/threads?page=0").status_code == 400
    assert client.get("/threads?page=two").status_code == 400


def test_web_thread_page_marks_every_annotation_like_the_html_view(client, store_url):
    thread_id = thread_of_source(store_url, "plantar-fasciitis.txt")
    html = client.get(f"/threads/{thread_id}").text
    ids = {
        r[0]
        for r in stored(
            store_url,
            "SELECT a.id FROM annotations a JOIN posts p ON p.id = a.post_id "
            "WHERE p.thread_id = ? AND a.start_offset < a.end_offset",
            (thread_id,),
        )
    }
    assert set(re.findall(r'<mark class="a [^"]*" data-id="([^"]+)" tabindex="0">', html)) == ids
    for layer in ("statement", "mention", "outcome", "pii"):
        assert f'<mark class="a {layer} {layer}-' in html
    assert "What each person tried" in html and "<h3>Questions</h3>" in html
    assert '<script type="application/json" id="anecdata-data">' in html
    assert '<script src="/static/view.js"></script>' in html and "<script>" not in html  # no inline script
    assert 'class="a' in html and "hl" not in re.findall(r'<mark class="([^"]*)"', html)[0].split()


def test_web_highlight_marks_and_anchors_the_asked_annotations(client, store_url):
    thread_id = thread_of_source(store_url, "plantar-fasciitis.txt")
    first, second = (
        r[0]
        for r in stored(
            store_url,
            "SELECT a.id FROM annotations a JOIN posts p ON p.id = a.post_id WHERE p.thread_id = ? "
            "AND a.layer = 'mention' ORDER BY p.position DESC, a.start_offset LIMIT 2",
            (thread_id,),
        )
    )
    html = client.get(web_app.thread_url(thread_id, [first, second, "not-an-id"])).text
    highlighted = re.findall(r'<mark class="([^"]*) hl" data-id="([^"]+)"( id="a-[^"]+")?', html)
    assert {i for _, i, _ in highlighted} == {first, second}
    assert html.count(f'id="a-{first}"') == 1 and html.count(f'id="a-{second}"') == 1
    assert len(re.findall(r'\bclass="[^"]*\bhl\b', html)) == len(highlighted)  # nothing else is highlighted
    assert f'<a href="#a-{first}">go to the first</a>' in html
    assert "Not in this thread: not-an-id" in html
    assert web_app.thread_url(thread_id, [first]) == f"/threads/{thread_id}?highlight={first}#a-{first}"


def test_web_thread_page_redacts_pii_by_default(client, raw_client, store_url):
    thread_id = thread_of_source(store_url, "plantar-fasciitis.txt")
    authors = {r[0] for r in stored(store_url, "SELECT author FROM posts WHERE thread_id = ?", (thread_id,)) if r[0]}
    masked, raw = client.get(f"/threads/{thread_id}").text, raw_client.get(f"/threads/{thread_id}").text
    shown = set(re.findall(r'<span class="author">([^<]*)</span>', masked))
    assert shown and all(re.fullmatch(r"\[PERSON-\d+\]|unknown", a) for a in shown), shown
    assert "PII redacted: mask" in masked and "[PERSON]" in masked
    assert authors <= set(re.findall(r'<span class="author">([^<]*)</span>', raw))
    assert "not redacted" in raw


def test_web_unknown_thread_is_a_404_page(client):
    response = client.get("/threads/no-such-thread")
    assert response.status_code == 404
    assert error_message(response.text) == "no thread &#39;no-such-thread&#39; in this store"


def evidence_pairs(url: str, layer: str, label: str) -> list[tuple[str, str, str]]:
    return stored(
        url,
        "SELECT a.post_id, a.id, a.record FROM annotations a WHERE a.layer = ? AND a.label = ? "
        "ORDER BY a.post_id, a.start_offset",
        (layer, label),
    )


def test_web_sources_lists_the_sentence_author_thread_and_link_of_each_id(client, store_url):
    rows = evidence_pairs(store_url, "mention", "condition")[:5]
    response = client.get(web_app.sources_url(SourceRef(p, a) for p, a, _ in rows))
    assert response.status_code == 200
    items = re.findall(r"<li>\n(.*?)</li>", response.text, re.DOTALL)
    assert len(items) == len(rows)
    for item, (post_id, annotation_id, record) in zip(items, rows, strict=True):
        text = re.search(r'"text":"([^"]*)"', record)[1]
        thread_id = post_id.rsplit(".", 1)[0] if post_id.startswith("t") else HOSTILE_ID
        assert f'<mark class="a mention mention-condition hl">{text}</mark>' in item
        assert f'href="/threads/{thread_id}?highlight={annotation_id}#a-{annotation_id}"' in item
        assert re.search(r'<span class="author">(\[PERSON-\d+\]|unknown)</span>', item)
        assert '<blockquote class="ev-sentence">' in item


def test_web_sources_sentence_is_the_whole_sentence_around_the_annotation():
    text = "First one. I had plantar fasciitis for years. Last one."
    sentences = cut_post(text, [])  # as reading carries them
    start = text.index("plantar")
    assert sentence_around(sentences, start, start + 17) == (11, 45)
    assert sentence_around(sentences, 0, len(text)) == (0, len(text))
    assert sentence_around((), 3, 7) == (3, 7)


def test_web_sources_caps_the_list_and_says_so(client, store_url, monkeypatch):
    monkeypatch.setattr(report_sources, "SOURCES_CAP", 2)
    rows = evidence_pairs(store_url, "mention", "condition")[:3]
    html = client.get(web_app.sources_url(SourceRef(p, a) for p, a, _ in rows)).text
    assert html.count('<blockquote class="ev-sentence">') == 2 and "the first 2 of the 3 asked for" in html


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ("", "no source ids given: use ?ids=POSTID:ANNID,POSTID:ANNID"),
        ("justone", "source id &#39;justone&#39; is not POSTID:ANNID"),
        ("a:b:c", "source id &#39;a:b:c&#39; is not POSTID:ANNID"),
        ("nopost:abc", "no annotation &#39;nopost:abc&#39; in this store"),
    ],
)
def test_web_sources_bad_ids_are_a_404_with_one_line(client, ids, message):
    response = client.get("/sources", params={"ids": ids})
    assert response.status_code == 404 and error_message(response.text) == message


def test_web_sources_unknown_annotation_of_a_real_post_is_a_404(client, store_url):
    post_id = evidence_pairs(store_url, "mention", "condition")[0][0]
    response = client.get(f"/sources?ids={post_id}:000000000000")
    assert response.status_code == 404 and "no annotation" in error_message(response.text)


def test_web_search_keeps_the_query_escaped_in_its_form(client):
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


@pytest.mark.parametrize("mode", ["mask", "none"])
def test_web_hostile_forum_text_never_reaches_a_page_unescaped(client, raw_client, store_url, mode):
    c = client if mode == "mask" else raw_client
    pasted = thread_of_source(store_url, "hostile.txt")
    ids = stored(
        store_url,
        "SELECT a.post_id, a.id FROM annotations a JOIN posts p ON p.id = a.post_id WHERE p.thread_id IN (?, ?)",
        (pasted, HOSTILE_ID),
    )
    assert ids
    pages = [
        "/",
        "/threads",
        f"/threads/{pasted}",
        f"/threads/{HOSTILE_ID}",
        web_app.sources_url(SourceRef(p, a) for p, a in ids),
    ]
    pages.append(f"/threads/{HOSTILE_ID}?highlight=" + ",".join(a for _, a in ids))
    pages.append(f"/threads/{HOSTILE_ID}?highlight=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    refused = ["/sources?ids=%3Cscript%3Ealert(1)%3C/script%3E", "/threads/%3Cimg%20src=x%20onerror=alert(1)%3E"]
    for page in pages + refused:
        response = c.get(page)
        assert response.status_code == (404 if page in refused else 200), page
        for pattern in UNSAFE:
            assert not pattern.search(response.text), (page, pattern.pattern)
    raw = raw_client.get(f"/threads/{HOSTILE_ID}").text
    assert "&lt;img src=x onerror=alert(7)&gt;" in raw  # the author, shown as text
    assert "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in raw  # the title, in <title> and <h2>


def test_web_sends_security_headers_on_every_response(client):
    for path in ("/", "/threads", "/threads/missing", "/static/view.css", "/no-such-page", "/sources"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "http" not in csp and "unsafe" not in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("path", ["/", "/threads", "/sources", "/evidence", "/search", "/no-such-page"])
def test_web_refuses_every_method_but_get(client, method, path):
    response = client.request(method, path)
    assert response.status_code == 405 and response.headers["allow"] == "GET"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_web_static_serves_only_its_own_files(client):
    assert client.get("/static/view.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/web.css").status_code == 200
    assert client.get("/static/..%2Fapp.py").status_code == 404
    assert client.get("/static/app.py").status_code == 404


def test_web_store_errors_are_a_clean_page(tmp_path):
    db = tmp_path / "gone.db"
    with open_store(f"sqlite:///{db}"):
        pass
    app = create_app(f"sqlite:///{db}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with TestClient(app) as c:
        response = c.get("/")
    assert response.status_code == 503
    assert error_message(response.text) == "The store could not be read; the server&#39;s log says why."
    assert "Traceback" not in response.text and str(db) not in response.text


def test_web_create_app_refuses_a_missing_store_and_a_bad_redaction(tmp_path):
    with pytest.raises(StoreError, match="no such database file"):
        create_app(f"sqlite:///{tmp_path / 'missing.db'}")
    assert not (tmp_path / "missing.db").exists()
    with open_store(f"sqlite:///{tmp_path / 'ok.db'}"):
        pass
    with pytest.raises(ConfigError, match="redaction mode 'blur'"):
        create_app(f"sqlite:///{tmp_path / 'ok.db'}", redaction="blur")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "sqlite:///no/such/dir/s.db"], "does not exist"),
        (["--db", "mysql://x/y"], "unsupported --db 'mysql://x/y'"),
        (["--db", "sqlite:///{tmp}/missing.db", "--port", "70000"], "--port must be between 1 and 65535"),
        (["--db", "sqlite:///{tmp}/missing.db", "--redact", "blur"], "Invalid value for '--redact'"),
    ],
)
def test_serve_cli_bad_options_are_one_line_errors(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.setattr(sys, "argv", ["anecdata", "serve", *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    with pytest.raises(SystemExit) as exited:
        main()
    err = capsys.readouterr().err
    assert exited.value.code != 0 and message in err and "Traceback" not in err


def test_serve_cli_refuses_a_missing_store_in_one_line_and_creates_none(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "anecdata", "serve", "--db", f"sqlite:///{tmp_path / 'missing.db'}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1 and not (tmp_path / "missing.db").exists()
    assert result.stderr.startswith("anecdata: error:") and "no such database file" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


BACKEND_TEXT = "My plantar fasciitis is gone. Dana had plantar fasciitis too, and sciatica."


def test_web_pages_read_the_json_records_on_both_backends(backend_url):
    """The top conditions come from the JSON ``record`` column through each database's own JSON functions."""
    post = Post(id="bt.p0", thread_id="bt", position=0, text=BACKEND_TEXT, author="Robin Example")
    concepts = {"plantar fasciitis": Concept("anecdata", "plantar_fasciitis", "plantar fasciitis")}
    concepts["sciatica"] = Concept("anecdata", "sciatica", "sciatica")
    found = [
        Annotation.over(post.id, post.text, m.start(), m.end(), "mention", "condition", concept=concepts[m[0]])
        for m in re.finditer("plantar fasciitis|sciatica", post.text)
    ]
    dana = post.text.index("Dana")
    found.append(Annotation.over(post.id, post.text, dana, dana + 4, "pii", "person"))
    with open_store(backend_url) as store:
        store.add_threads([Thread(id="bt", source="hand", posts=(post,), title="Heels")])
        text_hash = store.query("SELECT text_hash FROM posts WHERE id = ?", (post.id,))[0][0]
        store.save_readings([Reading(post.id, text_hash, tuple(found))], PIPELINE_VERSION)
    with TestClient(create_app(backend_url)) as c:
        overview = c.get("/").text
        evidence = c.get(web_app.sources_url([SourceRef(post.id, found[1].id)])).text
        thread = c.get(web_app.thread_url("bt", [found[1].id])).text
    shown = re.findall(
        r'<a class="mention-condition" href="/conditions/[^"]*">([^<]*)</a></td><td class="n">(\d+)<', overview
    )
    assert shown == [("plantar fasciitis", "2"), ("sciatica", "1")]
    assert "<dt>posts read</dt><dd>1</dd>" in overview
    sentence = '[PERSON] had <mark class="a mention mention-condition hl">plantar fasciitis</mark> too, and sciatica.'
    assert f'<blockquote class="ev-sentence">{sentence}</blockquote>' in evidence
    assert "Dana" not in evidence and "Dana" not in thread and "Robin" not in thread
    assert f'id="a-{found[1].id}"' in thread


def test_web_conditions_list_links_each_condition_to_its_report(client):
    page = client.get("/conditions").text
    assert 'href="/conditions/anecdata%3Aplantar_fasciitis"' in page


def test_web_report_page_links_every_count_to_its_sentences_and_serves_its_charts(client):
    response = client.get("/conditions/plantar fasciitis")
    assert response.status_code == 200 and "not results of a trial" in response.text
    links = set(
        re.findall(r'<a href="(/conditions/plantar%20fasciitis/sources\?count=[^"]+)" data-count', response.text)
    )
    assert len(links) > 5
    for link in links:
        sources = client.get(link.replace("&amp;", "&"))
        assert sources.status_code == 200 and 'class="a ' in sources.text, link
    for name in ("forest", "outcomes"):
        chart = client.get(f"/conditions/plantar fasciitis/charts/{name}.svg")
        assert chart.headers["content-type"].startswith("image/svg+xml") and "<svg" in chart.text
        assert chart.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_web_sources_pages_old_evidence_addresses_are_sent_on_with_their_query(client):
    """ "Evidence" names published abstracts only: the sentences behind a count moved to /sources."""
    for old, new in [
        ("/evidence?ids=p:a", "/sources?ids=p:a"),
        ("/conditions/sciatica/evidence?count=people", "/conditions/sciatica/sources?count=people"),
    ]:
        response = client.get(old, follow_redirects=False)
        assert response.status_code == 308 and response.headers["location"] == new


def test_web_report_of_an_unknown_condition_or_count_is_a_404_page(client):
    assert client.get("/conditions/no such illness").status_code == 404
    assert client.get("/conditions/sciatica/sources?count=treatment/999/improved").status_code == 404
    assert client.get("/conditions/sciatica/charts/pie.svg").status_code == 404


def test_web_search_finds_sentences_with_filters_and_links_each_to_its_thread(client):
    page = client.get("/search", params={"q": "night splint", "condition": "plantar fasciitis"}).text
    hits = re.findall(r'<blockquote class="ev-sentence">(.*?)</blockquote>', page, re.S)
    assert hits and any("<b>" in h for h in hits)
    assert re.search(r'href="/threads/[^"]+\?highlight=[0-9a-f]+#a-[0-9a-f]+"', page)
    questions = client.get("/search", params={"label": "question"}).text
    assert "question" in questions and re.findall(r'<blockquote class="ev-sentence">', questions)


def test_web_search_with_bad_filters_or_hostile_text_is_a_clear_page(client):
    bad = client.get("/search", params={"q": "pain", "outcome": "cured"})
    assert bad.status_code == 200 and "unknown outcome &#39;cured&#39;" in bad.text
    unknown = client.get("/search", params={"q": "pain", "condition": "no such illness"})
    assert "no condition or symptom called" in unknown.text
    for q in ("<script>alert(1)</script>", '"', "NEAR( x", "'); DROP TABLE posts;--"):
        page = client.get("/search", params={"q": q}).text
        assert not any(p.search(page) for p in UNSAFE)


def test_web_thread_page_shows_each_claims_published_evidence_or_says_none_is_loaded(
    client, store_url, example_evidence_db, stretching_thread, tmp_path
):
    plantar = thread_of_source(store_url, "plantar-fasciitis.txt")
    assert "no evidence corpus loaded" in client.get(web_app.thread_url(plantar)).text
    copy = tmp_path / "with-evidence.db"
    shutil.copyfile(example_evidence_db.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    with open_store(url) as store:
        ingest_sources([str(stretching_thread)], store)
        read_pending(store, workers=1)
    with TestClient(create_app(url)) as c:
        page = c.get(web_app.thread_url(thread_of_source(url, "stretching.txt"))).text
    assert "https://pubmed.ncbi.nlm.nih.gov/90000001/" in page and "randomised controlled trial" in page


def test_web_overview_counts_of_statements_and_outcomes_link_to_their_sentences(client):
    page = client.get("/").text
    links = re.findall(r'<a href="(/search\?(?:label|outcome)=[a-z_]+)">[\d,]+</a>', page)
    assert any("label=question" in link for link in links) and any("outcome=" in link for link in links)
    for link in links:
        assert '<blockquote class="ev-sentence">' in client.get(link).text, link


def test_web_every_condition_on_the_overview_opens_its_report(client):
    links = re.findall(r'<a class="mention-condition" href="(/conditions/[^"]+)"', client.get("/").text)
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_web_and_search_never_show_a_post_that_was_not_read(tmp_path):
    source = tmp_path / "unread.txt"
    source.write_text("My knee hurts. Ask Marisol Quintero at 555-123-4567 about the knee ice trick.", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'unread.db'}"
    with open_store(url) as store:
        ingest_sources([str(source)], store)  # stored, not read: no PII found yet
        assert search_sentences(store, "knee ice trick") == []
    with TestClient(create_app(url)) as c:
        page = c.get(web_app.thread_url(thread_of_source(url, "unread.txt"))).text
    assert "Marisol" not in page and "555-123-4567" not in page and "has not been read yet" in page


def test_web_and_search_redact_a_thread_title_by_the_names_its_posts_carry(tmp_path):
    title = "Heel pain advice for marisol quintero (asheville), thanks Ravi"
    thread = Thread(
        id="named",
        source="named",
        title=title,
        posts=(
            Post(
                id="named.p0",
                thread_id="named",
                position=0,
                author="heelhelper",
                addressee="Ravi",
                text="Night splints helped my plantar fasciitis a lot.\n\nMarisol Quintero\nAsheville, NC",
            ),
        ),
    )
    url = f"sqlite:///{tmp_path / 'named.db'}"
    with open_store(url) as store:
        store.add_threads([thread])
        read_pending(store, workers=1)
    with TestClient(create_app(url)) as c:
        pages = [c.get(path).text for path in ("/", "/threads", "/threads/named", "/search?q=night+splints")]
    assert all(not re.search("quintero|asheville|ravi", page, re.IGNORECASE) for page in pages)
    assert all("Heel pain advice for [PERSON] ([LOCATION]), thanks [PERSON]" in page for page in pages)
    with TestClient(create_app(url, redaction="none")) as c:
        assert title in c.get("/threads").text


def test_web_stylesheet_isolates_forum_text_from_bidi_controls(client):
    """Issue 17 point 8: a U+202E in a post cannot reorder the page around the element that shows it."""
    css = client.get("/static/web.css").text
    rule = next(line for line in css.splitlines() if "unicode-bidi: isolate" in line)
    assert all(f"{sel}," in rule or f"{sel})" in rule for sel in ("p", "li", "td", "blockquote", "span", "mark"))


def test_web_concurrent_first_requests_build_the_shared_caches_once(store_url, monkeypatch):
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    builds: Counter[str] = Counter()
    lock = threading.Lock()

    def builder(name: str):
        def build() -> None:
            time.sleep(0.05)  # long enough that every thread arrives while the first builds
            with lock:
                builds[name] += 1

        return build

    monkeypatch.setattr(web_app, "WARMERS", [(n, builder(n)) for n in ("lexicon", "embedder")])
    monkeypatch.setattr(web_app, "_warmed", False)
    app = create_app(store_url, warm=False)  # nothing built at start: the first requests must share one build
    with TestClient(app) as c, ThreadPoolExecutor(20) as pool:
        assert builds == Counter()
        codes = list(pool.map(lambda _: c.get("/conditions").status_code, range(20)))
    assert codes == [200] * 20
    assert builds == Counter({"lexicon": 1, "embedder": 1})


def test_web_concurrent_first_requests_for_a_report_build_it_once(client, store_url, monkeypatch):
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    condition = client.get("/conditions").text.split('href="/conditions/', 1)[1].split('"', 1)[0]
    built: list[str] = []
    lock = threading.Lock()
    real = web_app.condition_report

    def counted(store, name):
        time.sleep(0.1)
        with lock:
            built.append(name)
        return real(store, name)

    monkeypatch.setattr(web_app, "condition_report", counted)
    with TestClient(create_app(store_url)) as c, ThreadPoolExecutor(12) as pool:
        paths = [f"/conditions/{condition}", *(f"/conditions/{condition}/charts/{n}.svg" for n in web_app.CHARTS)]
        codes = list(pool.map(lambda i: c.get(paths[i % len(paths)]).status_code, range(12)))
        assert codes == [200] * 12
        assert built and len(built) == len(set(built))  # each report built once (at start or on first request)
        assert c.get("/conditions/no-such-condition-at-all").status_code == 404
        assert c.app.state.web.building == {}  # an unknown name leaves no lock behind
