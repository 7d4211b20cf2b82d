"""The Python API as a user calls it: ``import anecdata`` stays cheap, texts are read lazily in batches, results are
the JSON documents the commands write under the same redaction, and the README's "From Python" examples run as
written."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import warnings
from dataclasses import asdict
from itertools import count
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import anecdata
from anecdata.cli.app import app
from anecdata.errors import ConfigError, StoreError
from anecdata.serialise import document_from_record, json_schema
from paths import EXAMPLES, example_threads

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner(mix_stderr=False)
TEXTS = [
    "I had plantar fasciitis for a year. A night splint helped within two weeks.",
    "Has anyone tried shockwave therapy for heel pain? My physio Sarah Jones in Leeds suggested it.",
]


def test_api_import_loads_neither_the_api_nor_spacy():
    code = "import sys, anecdata; print(sorted(m for m in ('anecdata.api', 'spacy', 'typing') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "[]"
    assert set(anecdata.__all__) <= set(dir(anecdata)) and callable(anecdata.read_texts)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        anecdata.nothing  # noqa: B018


def test_api_read_texts_is_lazy_and_reads_one_batch_at_a_time():
    given = count()

    def texts():
        for n in given:
            yield f"Text {n}: has anyone tried a night splint?"

    documents = anecdata.read_texts(texts(), batch_size=3)
    first = next(documents)
    assert next(given) == 3  # the first batch was taken, nothing more
    assert first.thread.posts[0].text == "Text 0: has anyone tried a night splint?"
    assert [d.posts[0].attrs["source_id"] for d in (next(documents), next(documents))] == ["1", "2"]


def test_api_read_texts_gives_the_json_documents_of_the_schema():
    documents = list(anecdata.read_texts(TEXTS, batch_size=1, redact=False))
    assert [d.posts[0].text for d in documents] == TEXTS
    for document in documents:
        record = document.to_dict()
        jsonschema.validate(record, json_schema())
        assert record["redaction"] == "none" and json.loads(document.to_json()) == record
        assert document_from_record(record) == list(document.threads)
    labels = [(a.label, a.text) for a in documents[1].annotations("statement")]
    assert ("question", "Has anyone tried shockwave therapy for heel pain?") in labels
    assert any(
        t.name == "night splint" and t.outcome == "improved" for e in documents[0].experiences for t in e.treatments
    )
    assert {"Sarah Jones", "Leeds"} <= {a.text for a in documents[1].annotations("pii")}


def test_api_redaction_masks_by_default_and_pseudonymises_one_person_once():
    (masked,) = anecdata.read_texts(TEXTS[1:])
    assert masked.redaction == "mask" and "Sarah Jones" not in masked.to_json()
    assert "[PERSON]" in masked.posts[0].text
    for a in masked.annotations():
        assert masked.posts[0].text[a.start : a.end] == a.text  # offsets point into the masked text
    texts = ["Sarah Jones told me to stretch.", "I saw Sarah Jones again and she said the same."]
    shown = [d.posts[0].text for d in anecdata.read_texts(texts, redact="pseudonymise")]
    names = [re.findall(r"Person-\d+", text) for text in shown]
    assert names[0] and names[0] == names[1], shown


def test_api_bad_arguments_are_errors_before_reading():
    with pytest.raises(ConfigError, match="batch_size"):
        anecdata.read_texts(TEXTS, batch_size=0)
    with pytest.raises(ConfigError, match="redact='hide'"):
        anecdata.read_texts(TEXTS, redact="hide")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 1 is bytes"):
        list(anecdata.read_texts(["fine", b"bytes"]))  # type: ignore[list-item]


def test_api_read_thread_and_analyze_give_what_analyze_writes():
    path = EXAMPLES / "plantar-fasciitis.txt"
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert anecdata.analyze(path).to_dict() == written
    pasted = anecdata.read_thread(path.read_text(encoding="utf-8"), source=path.name).to_dict()
    (thread,) = written["threads"]
    assert thread.pop("evidence") and pasted["threads"][0].pop("evidence") == []  # read, not linked
    assert pasted == written
    assert len(thread["posts"]) > 1 and thread["experiences"]


def test_api_store_threads_are_the_export_lines(example_store_url):
    for mode in ("mask", "pseudonymise"):
        result = runner.invoke(app, ["export", "--db", example_store_url, "--redact", mode])
        exported = [json.loads(line) for line in result.stdout.splitlines()]
        with anecdata.open_store(example_store_url) as store:
            assert [d.to_dict() for d in store.threads(redact=mode)] == exported
            first = exported[0]["threads"][0]["id"]
            assert store.thread(first, redact=mode).to_dict() == exported[0]
    with anecdata.open_store(example_store_url) as store:
        raw = next(store.threads(redact=False))
        assert raw.redaction == "none" and any(p.author and "[" not in p.author for p in raw.posts)


def test_api_store_reports_conditions_and_search_as_the_commands_do(example_store_url):
    from starlette.exceptions import StarletteDeprecationWarning

    from anecdata.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)  # it prefers httpx2 to the httpx we have
        from fastapi.testclient import TestClient

    with anecdata.open_store(example_store_url) as store:
        conditions = store.conditions()
        report = store.report(conditions[0].condition)
        hits = store.search("night splint", limit=3)
        pseudonymised = store.search("night splint", limit=3, redact="pseudonymise")
    with TestClient(create_app(example_store_url, warm=False)) as client:
        served = client.get("/api/conditions").json()
    assert [asdict(c) for c in conditions] == [
        {k: c[k] for k in ("condition", "name", "people", "threads")} for c in served
    ]
    assert conditions and report.people.people == conditions[0].people
    result = runner.invoke(app, ["report", conditions[0].condition, "--db", example_store_url, "--json"])
    shown = json.loads(result.stdout)
    shown.pop("evidence")
    assert json.loads(json.dumps(report.to_dict())) == shown
    result = runner.invoke(app, ["search", "night splint", "--db", example_store_url, "--json", "-n", "3"])
    assert hits == [json.loads(line) for line in result.stdout.splitlines()] and hits
    assert all(h["author"] is None or h["author"].startswith("Person-") for h in pseudonymised)


def test_api_open_store_never_creates_a_store(tmp_path):
    with pytest.raises(StoreError, match="no such database file"):
        anecdata.open_store(f"sqlite:///{tmp_path / 'missing.db'}")
    assert not (tmp_path / "missing.db").exists()


# The README's examples, run as written ------------------------------------------------------------------------


def readme_blocks(heading: str = "## From Python") -> list[tuple[str, str]]:
    """The fenced code blocks (language, code) of one section of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    end = text.find("\n## ", start + len(heading))
    section = text[start : end if end >= 0 else len(text)]
    return [(m["lang"], m["code"]) for m in re.finditer(r"^```(?P<lang>\w+)\n(?P<code>.*?)^```$", section, re.M | re.S)]


def _printed(code: str) -> list[str]:
    """The output a block shows: its trailing ``# `` comment lines."""
    lines = code.rstrip("\n").split("\n")
    shown: list[str] = []
    while lines and lines[-1].startswith("# "):
        shown.insert(0, lines.pop()[2:])
    return shown


@pytest.fixture(scope="module")
def readme_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder to run the README's commands in, as from a checkout: ``.venv`` (the one running the tests) and
    ``examples/``."""
    venv = Path(sys.prefix)
    if not (venv / "bin" / "anecdata").exists():
        pytest.skip(f"the anecdata command is not installed in {venv}")
    folder = tmp_path_factory.mktemp("readme")
    (folder / ".venv").symlink_to(venv)
    (folder / "examples").symlink_to(EXAMPLES)
    return folder


def _example_threads() -> list:
    from anecdata.ingest.pasted import read_pasted_file

    return [read_pasted_file(p.read_text(encoding="utf-8"), p.name) for p in example_threads()]


def _run(args: list[str], folder: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(args, cwd=folder, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_api_readme_examples_run_as_written(readme_dir):
    blocks = readme_blocks()
    assert [lang for lang, _ in blocks] == ["python", "sh", "python", "python"]
    (_, texts), (_, shell), (_, store), (_, frame) = blocks

    python = str(readme_dir / ".venv" / "bin" / "python")
    assert _run([python, "-c", texts], readme_dir).splitlines() == _printed(texts)

    _run(["bash", "-euo", "pipefail", "-c", shell], readme_dir)
    assert (readme_dir / "out" / "annotations.parquet").is_file()

    shown = _run([python, "-c", store], readme_dir).splitlines()
    assert re.fullmatch(r"plantar fasciitis - [1-9]\d* people", shown[0]), shown
    threads = [line for line in shown if re.fullmatch(r"t[0-9a-f]{10} [1-9]\d* posts", line)]
    assert len(threads) == len(example_threads()), shown
    hits = [line for line in shown[1:] if " | " in line]
    assert 1 <= len(hits) <= 3 and any("splint" in line for line in hits), hits
    assert not any(p.author and p.author in " ".join(shown) for t in _example_threads() for p in t.posts)

    if importlib.util.find_spec("pandas") is not None:
        sizes = _run([python, "-c", frame], readme_dir)
        assert "statement" in sizes and "mention" in sizes, sizes
    else:  # the README's own fallback
        import pyarrow.parquet as pq

        table = pq.read_table(readme_dir / "out" / "annotations.parquet")
        assert {"statement", "mention"} <= set(table.column("layer").to_pylist())
        assert "[PERSON" in " ".join(a for a in table.column("author").to_pylist() if a)
