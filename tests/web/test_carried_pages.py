"""Pages read what reading carried: a thread page and a sources page run no pipeline, cut no sentence and derive
no thread logic per request (issue 19), and show what they showed when they did; a store read before sentences,
mentions and thread records were carried shows the same pages, and ``anecdata read`` carries them once."""

from __future__ import annotations

import re
import shutil
import sys
import warnings
from collections import Counter

import pytest
from starlette.exceptions import StarletteDeprecationWarning

import anecdata.read.pipeline
import anecdata.read.sentences.rules
import anecdata.thread
from anecdata.jobs import carry_readings, find_abstract_mentions, index_experiences, ingest_sources, read_pending
from anecdata.store import EvidenceStore, open_store
from anecdata.web import app as web_app
from anecdata.web import create_app
from paths import EXAMPLES, example_threads

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

PIPELINE_CALLS = ("annotate_texts", "annotate_posts", "annotate_thread", "build_pipeline")
"""What reads text: the reading pipeline's entry points (the mention matcher runs through ``annotate_texts``)."""
SPLITTER = anecdata.read.sentences.rules.split_sentences
THREAD_LOGIC = ("add_thread_logic", "find_experiences", "find_questions")
"""What derives a thread's records (experiences and questions) from its annotations."""


@pytest.fixture(scope="module")
def carried_url(tmp_path_factory: pytest.TempPathFactory, example_evidence_db: str) -> str:
    """The example threads, a titled forum page and a thread whose claim has evidence, over the example abstracts:
    read, indexed, and everything pages need carried."""
    folder = tmp_path_factory.mktemp("carried")
    stretching = folder / "stretching.txt"
    stretching.write_text(
        "Has anyone tried stretching for plantar fasciitis? My heel pain is bad in the morning.\n\n"
        "Hi Sam, calf stretching helped my plantar fasciitis within a few weeks.\n- Dana\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{folder / 'store.db'}"
    shutil.copyfile(example_evidence_db.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
    sources = [*map(str, example_threads()), str(EXAMPLES / "sources" / "html"), str(stretching)]
    with open_store(url) as store:
        ingest_sources(sources, store)
        read_pending(store, workers=1)
        index_experiences(store)
        find_abstract_mentions(EvidenceStore(store))
    return url


def counting(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every call of the pipeline's entry points, of the sentence splitter and of thread logic, wherever
    they were imported."""
    calls: Counter[str] = Counter()

    def counted(name: str, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    for name in PIPELINE_CALLS:
        monkeypatch.setattr(anecdata.read.pipeline, name, counted(name, getattr(anecdata.read.pipeline, name)))
    real = {name: getattr(anecdata.thread, name) for name in THREAD_LOGIC}
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("anecdata"):
            continue
        if getattr(module, "split_sentences", None) is SPLITTER:
            monkeypatch.setattr(module, "split_sentences", counted("split_sentences", SPLITTER))
        for name, function in real.items():
            if getattr(module, name, None) is function:
                monkeypatch.setattr(module, name, counted(name, function))
    return calls


def thread_ids(url: str) -> list[str]:
    with open_store(url, create=False) as store:
        return store.thread_ids()


def source_refs(url: str) -> list[str]:
    """``post:annotation`` of every statement, outcome and treatment of the store, a page's worth at a time."""
    with open_store(url, create=False) as store:
        rows = store.query(
            "SELECT post_id, id FROM annotations WHERE layer IN ('statement', 'outcome') OR label = 'treatment' "
            "ORDER BY post_id, start_offset, id"
        )
    return [f"{post}:{annotation}" for post, annotation in rows]


def pages(client: TestClient, url: str) -> dict[str, str]:
    """Every thread page and its JSON, and sources pages over every statement, outcome and treatment."""
    shown = {}
    for thread in thread_ids(url):
        for path in (web_app.thread_url(thread), f"/api/threads/{thread}"):
            response = client.get(path)
            assert response.status_code == 200, path
            shown[path] = response.text
    refs = source_refs(url)
    for i in range(0, len(refs), 25):
        path = "/sources?ids=" + ",".join(refs[i : i + 25])
        response = client.get(path)
        assert response.status_code == 200, path
        shown[path] = response.text
    return shown


@pytest.fixture(scope="module")
def carried_pages(carried_url: str) -> dict[str, str]:
    with TestClient(create_app(carried_url)) as client:
        return pages(client, carried_url)


def test_carried_thread_and_sources_pages_run_no_pipeline_and_cut_no_sentence(carried_url, monkeypatch):
    with TestClient(create_app(carried_url)) as client:  # started (and its caches warmed) before counting
        calls = counting(monkeypatch)
        shown = pages(client, carried_url)
    assert calls == Counter()
    linked = [page for path, page in shown.items() if "pubmed.ncbi.nlm.nih.gov/" in page]
    assert linked, "some claim is linked to an abstract, so the ranker ran on the carried mentions"
    sentences = re.findall(r'<blockquote class="ev-sentence">(.*?)</blockquote>', "".join(shown.values()), re.S)
    assert len(sentences) > 50 and all('class="a ' in s for s in sentences)


def test_carried_pages_of_a_store_read_before_carrying_are_the_same_and_read_carries_them(
    carried_url, carried_pages, tmp_path, monkeypatch
):
    old = tmp_path / "old.db"
    shutil.copyfile(carried_url.removeprefix("sqlite:///"), old)
    url = f"sqlite:///{old}"
    with open_store(url) as store, store.transaction() as cursor:  # as a store read by an older anecdata
        store.execute(cursor, "UPDATE readings SET sentences = NULL")
        store.execute(cursor, "DELETE FROM title_mentions")
        store.execute(cursor, "DELETE FROM abstract_mentions")
        store.execute(cursor, "DELETE FROM thread_records")
    with TestClient(create_app(url)) as client:
        calls = counting(monkeypatch)
        assert pages(client, url) == carried_pages
        assert calls["split_sentences"] and calls["annotate_texts"]  # the fallback: cut and matched per request
        assert calls["find_experiences"] == calls["find_questions"] == 2 * len(thread_ids(url))  # page and JSON
        with open_store(url) as store:
            assert carry_readings(store) > 0 and find_abstract_mentions(EvidenceStore(store)) > 0
            assert carry_readings(store) == 0 and find_abstract_mentions(EvidenceStore(store)) == 0
        calls.clear()
        assert pages(client, url) == carried_pages
    assert calls == Counter()


def test_carried_search_reads_the_carried_sentences(carried_url, monkeypatch):
    with TestClient(create_app(carried_url)) as client:
        calls = counting(monkeypatch)
        hits = client.get("/api/search?q=stretching+plantar+fasciitis").json()["hits"]
    assert hits and calls["split_sentences"] == 0
