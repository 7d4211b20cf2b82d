"""The annotation JSON of the examples and of 1,000 real RedHOT posts is what ``tests/regression/reading_hashes.json``
says (issues 19 and 21): a reading change shows here, per layer, with the threads it touched.

An intended change is accepted with ``.venv/bin/python bench/reading_hashes.py --write`` in the same commit; the
bench's docstring says what is hashed and what is left out.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from anecdata.model import Annotation, Post, Thread

BENCH = Path(__file__).resolve().parents[2] / "bench" / "reading_hashes.py"


def _bench():
    if "reading_hashes" in sys.modules:
        return sys.modules["reading_hashes"]
    spec = importlib.util.spec_from_file_location("reading_hashes", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reading_hashes"] = module
    spec.loader.exec_module(module)
    return module


rh = _bench()
HEX = re.compile(r"[0-9a-f]{16}")


def _explain(group: str, changed: dict[str, list[str]]) -> str:
    lines = [f"{group}: reading changed (if intended: .venv/bin/python bench/reading_hashes.py --write)"]
    lines += [f"  {part}: {len(ids)}: {', '.join(ids[:20])}" for part, ids in changed.items()]
    return "\n".join(lines)


def test_the_hashes_file_holds_ids_and_hashes_only():
    committed = rh.load()
    assert committed["schema"] and committed["pipeline_version"]
    assert set(committed["examples"]) == {p.stem for p in rh.example_paths()}
    assert len(committed["redhot"]) == rh.SAMPLE_SIZE
    for group in ("examples", "redhot"):
        for hashes in committed[group].values():
            assert set(hashes) <= {"input", "all", "parts"} and set(hashes["parts"]) <= set(rh.PARTS)
            values = [hashes["all"], *hashes["parts"].values(), *([hashes["input"]] if "input" in hashes else [])]
            assert all(HEX.fullmatch(v) for v in values)


def test_hashes_split_the_record_by_layer_and_leave_empty_parts_out():
    text = "Ibuprofen helped me."
    mention = Annotation.over("t1.p0", text, 0, 9, layer="mention", label="drug")
    post = Post(id="t1.p0", thread_id="t1", position=0, text=text, annotations=(mention,))
    hashes = rh.thread_hashes(Thread(id="t1", source="test", posts=(post,)))
    assert set(hashes["parts"]) == {"posts", "mention"}
    moved = Annotation.over("t1.p0", text, 0, 9, layer="mention", label="treatment")
    other = rh.thread_hashes(Thread(id="t1", source="test", posts=(replace(post, annotations=(moved,)),)))
    assert other["parts"]["posts"] == hashes["parts"]["posts"]
    assert other["parts"]["mention"] != hashes["parts"]["mention"] and other["all"] != hashes["all"]


def test_the_sample_does_not_depend_on_the_order_ids_come_in():
    ids = [f"post{i}" for i in range(50)]
    assert rh.sample_ids(ids, 10) == rh.sample_ids(list(reversed(ids)), 10)
    assert rh.sample_ids(ids, 10) == rh.sample_ids(ids, 20)[:10]


def test_the_examples_read_as_committed():
    committed = rh.load()
    assert {k: committed[k] for k in rh.versions()} == rh.versions(), "schema or pipeline version changed"
    changed = rh.changes(committed["examples"], rh.compute()["examples"])
    assert not changed, _explain("examples", changed)


@pytest.mark.corpus
def test_the_redhot_sample_reads_as_committed(shared_dir):
    committed = rh.load()["redhot"]
    pool = rh.redhot_texts(shared_dir)
    chosen = rh.sample_ids(pool)
    assert sorted(chosen) == sorted(committed), "the sample changed: the shared RedHOT files are not the same"
    changed = rh.changes(committed, rh.compute(examples=False, texts={i: pool[i] for i in chosen})["redhot"])
    assert not changed, _explain("redhot", changed)
