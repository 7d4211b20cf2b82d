"""Reading regression hashes: has the annotation JSON of the examples and of 1,000 real RedHOT posts changed?

Run: ``.venv/bin/python bench/reading_hashes.py [--check|--write] [--posts N]``. ``--check`` (the default) reads
everything again and compares it with ``tests/regression/reading_hashes.json``: it prints, per layer, how many
threads changed and which (RedHOT post ids or example names, never text), and exits 1 when anything changed.
``--write`` rewrites the file from the current reading: the way to accept an intended reading change, in the same
commit as that change. ``--posts N`` checks only the first N posts of the sample order (a quick look).

What is read:

- ``examples/*.txt``, the project's own threads, as ``anecdata analyze`` reads a text file
  (``jobs.read_for_analysis``: the pasted-thread reader), then the whole default pipeline
  (``read.pipeline.annotate_thread``) and the thread logic (``thread.add_thread_logic``).
- 1,000 RedHOT posts (``../shared/corpora/redhot``, research-only: read in place, only ids and hashes are
  written), each as a one-post thread whose first line is its title, as ``anecdata evaluate experiences`` reads
  them (``evaluate.experiences.one_post_thread``), with the post id as the thread id, through the same pipeline
  and thread logic. The pool is every post with text in ``derived/st1_train_with_text.jsonl`` (810) and the
  unlabelled ``st1_test_inc_text.csv`` (1,424): the first alone holds fewer than 1,000. The sample is the first
  1,000 post ids in the order of ``sha256(SAMPLE_SEED + post_id)``: it stays the same while the files do, and a
  post added to or dropped from them moves at most one post in or out.

What is hashed: each thread's ``serialise.thread_to_record`` (the ``threads[]`` item of ``analyze --format json``)
as canonical JSON (sorted keys, no whitespace, non-ASCII as written), sha256, first 16 hex digits: ``all`` for the
whole record, and one hash per part so a diff says what changed: ``posts`` (the posts without their annotations:
text, ids, author, addressee, context, reader attrs), one per annotation layer (``statement``, ``mention``,
``outcome``, ``pii``, ``safety``: that layer's annotation records of every post, in post and text order),
``experiences`` and ``questions``. A part with nothing in it has no hash (absent means empty). ``input`` is the
hash of the post's text, so a post whose text changed in the shared folder is told apart from a reading change.

What is left out: the document wrapper of ``analyze`` (``schema`` and ``redaction``; the schema and
``PIPELINE_VERSION`` are recorded once at the top of the file instead, and a change to them is reported, not
hashed into each thread, so bumping the version alone changes no hash); evidence links (``evidence`` is not
linked here: it depends on the evidence store loaded, not on reading, and is always ``[]``); timings and paths
(the thread record holds neither: a pasted thread's ``source`` is its file name, not its path). Nothing else in
the record is volatile: ids are hashes of the source, post and span, ``origin.version`` is each rule's own
version (a change to it is a reading change), and scores are rounded by their components.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from anecdata.model import LAYERS, SCHEMA_VERSION, Thread
from anecdata.serialise import thread_to_record
from anecdata.settings import shared_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HASHES = ROOT / "tests" / "regression" / "reading_hashes.json"
REDHOT = Path("corpora") / "redhot"
SOURCES = (
    REDHOT / "derived" / "st1_train_with_text.jsonl",
    REDHOT / "semeval2023_hydrated_thirdparty" / "st1_public_data" / "st1_test_inc_text.csv",
)
"""The RedHOT files with text, relative to the shared folder."""
SAMPLE_SEED = "anecdata-reading-hashes/1:"
SAMPLE_SIZE = 1000
PARTS = ("posts", *LAYERS, "experiences", "questions")
"""The parts hashed apart, in report order."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def canonical(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def thread_hashes(thread: Thread) -> dict[str, Any]:
    """``{"all": hash, "parts": {part: hash}}`` of a read thread; parts with nothing in them are left out."""
    record = thread_to_record(thread)
    parts: dict[str, list[Any]] = {
        "posts": [{k: v for k, v in post.items() if k != "annotations"} for post in record["posts"]],
        **{layer: [] for layer in LAYERS},
        "experiences": record["experiences"],
        "questions": record["questions"],
    }
    for post in record["posts"]:
        for annotation in post["annotations"]:
            parts[annotation["layer"]].append(annotation)
    return {
        "all": digest(canonical(record)),
        "parts": {name: digest(canonical(items)) for name, items in parts.items() if items},
    }


# -- what is read -------------------------------------------------------------------------------------------------


def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


def read_examples(paths: Iterable[Path]) -> Iterator[tuple[str, Thread]]:
    """Each example thread by its file's stem, read as ``anecdata analyze`` reads a text file."""
    from anecdata.jobs import read_for_analysis
    from anecdata.read.pipeline import annotate_thread
    from anecdata.thread import add_thread_logic

    for path in paths:
        threads, _ = read_for_analysis(str(path))
        for number, thread in enumerate(threads):
            name = path.stem if len(threads) == 1 else f"{path.stem}#{number + 1}"
            yield name, add_thread_logic(annotate_thread(thread))


def redhot_texts(shared: Path | None = None) -> dict[str, str]:
    """Every RedHOT post with text, by post id (title on the first line).

    Raises:
        FileNotFoundError: a source file is missing.
    """
    shared = shared or shared_dir()
    texts: dict[str, str] = {}
    jsonl, table = (shared / s for s in SOURCES)
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                if isinstance(record.get("text"), str) and record["text"].strip():
                    texts.setdefault(record["post_id"], record["text"])
    csv.field_size_limit(sys.maxsize)
    with table.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("text", "").strip():
                texts.setdefault(row["post_id"], row["text"])
    return texts


def sample_ids(ids: Iterable[str], size: int = SAMPLE_SIZE) -> list[str]:
    """The first ``size`` ids in the order of their seeded hash (ties, which do not happen, by id)."""
    return sorted(ids, key=lambda i: (hashlib.sha256((SAMPLE_SEED + i).encode("utf-8")).hexdigest(), i))[:size]


def read_redhot(texts: Mapping[str, str]) -> Iterator[tuple[str, Thread]]:
    """Each post as a one-post thread (``anecdata evaluate experiences``'s reading), by post id."""
    from anecdata.evaluate.experiences import one_post_thread
    from anecdata.read.pipeline import annotate_thread
    from anecdata.thread import add_thread_logic

    for post_id, text in texts.items():
        yield post_id, add_thread_logic(annotate_thread(one_post_thread(post_id, text)))


# -- the file and the comparison ----------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    from anecdata.read.pipeline import PIPELINE_VERSION

    return {"schema": SCHEMA_VERSION, "pipeline_version": PIPELINE_VERSION}


def compute(examples: bool = True, texts: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """``{"examples": {name: hashes}, "redhot": {post id: hashes with "input"}}`` of the current reading of the
    examples (when ``examples``) and of ``texts`` (RedHOT posts by id)."""
    texts = texts or {}
    found: dict[str, dict[str, Any]] = {"examples": {}, "redhot": {}}
    if examples:
        found["examples"] = {name: thread_hashes(t) for name, t in read_examples(example_paths())}
    for post_id, thread in read_redhot(texts):
        found["redhot"][post_id] = {"input": digest(texts[post_id]), **thread_hashes(thread)}
    return found


def load(path: Path = HASHES) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def write(found: Mapping[str, Mapping[str, Any]], path: Path = HASHES) -> None:
    """The hashes file: versions and sample at the top, then one line per thread (ids and hashes only)."""
    head = {**versions(), "sample": {"seed": SAMPLE_SEED, "size": SAMPLE_SIZE, "sources": [str(s) for s in SOURCES]}}
    lines = ["{", f'  "about": {json.dumps("written by bench/reading_hashes.py --write; see its docstring")},']
    lines += [f"  {json.dumps(k)}: {canonical(v)}," for k, v in head.items()]
    for group in ("examples", "redhot"):
        entries = sorted(found[group].items())
        lines.append(f"  {json.dumps(group)}: {{")
        lines += [
            f"    {json.dumps(k)}: {canonical(v)}{',' if n < len(entries) else ''}"
            for n, (k, v) in enumerate(entries, 1)
        ]
        lines.append("  }," if group == "examples" else "  }")
    lines.append("}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[str]]:
    """Which threads changed, per part (``all``, each of :data:`PARTS`, ``input``, ``missing``, ``new``)."""
    changed: dict[str, list[str]] = {}
    for key in sorted(set(old) | set(new)):
        if key not in new:
            changed.setdefault("missing", []).append(key)
            continue
        if key not in old:
            changed.setdefault("new", []).append(key)
            continue
        before, after = old[key], new[key]
        if before.get("input") != after.get("input"):
            changed.setdefault("input", []).append(key)
        if before["all"] != after["all"]:
            changed.setdefault("all", []).append(key)
        for part in sorted(set(before["parts"]) | set(after["parts"])):
            if before["parts"].get(part) != after["parts"].get(part):
                changed.setdefault(part, []).append(key)
    return changed


def report(group: str, changed: Mapping[str, list[str]], total: int, out: Any = sys.stdout) -> None:
    order = ["missing", "new", "input", "all", *PARTS]
    if not changed:
        print(f"{group}: {total} unchanged", file=out)
        return
    print(f"{group}: {len(changed.get('all', []))} of {total} changed", file=out)
    for part in sorted(changed, key=lambda p: order.index(p) if p in order else len(order)):
        ids = changed[part]
        print(f"  {part}: {len(ids)}: {', '.join(ids)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the committed hashes (the default)")
    mode.add_argument("--write", action="store_true", help="rewrite the committed hashes from the current reading")
    parser.add_argument("--posts", type=int, default=SAMPLE_SIZE, help="check only the first N posts of the sample")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shared = shared_dir()
    try:
        pool = redhot_texts(shared)
    except FileNotFoundError as e:
        if args.write:
            print(f"error: {e.filename} is missing: --write needs the shared RedHOT corpus", file=sys.stderr)
            return 2
        print(f"warning: RedHOT is not checked: {e.filename} is missing", file=sys.stderr)
        pool = {}
    chosen = sample_ids(pool)
    checked = chosen if args.write else chosen[: args.posts]
    found = compute(texts={i: pool[i] for i in checked})
    if args.write:
        write(found)
        print(
            f"wrote {HASHES.relative_to(ROOT)}: {len(found['examples'])} examples, {len(found['redhot'])} posts "
            f"in {time.perf_counter() - started:.0f} s"
        )
        return 0
    old = load()
    failed = False
    for key, value in versions().items():
        if old.get(key) != value:
            print(f"{key}: {old.get(key)} in the file, {value} now")
            failed = True
    changed = changes(old["examples"], found["examples"])
    report("examples", changed, len(found["examples"]))
    failed |= bool(changed)
    if pool:
        committed = old["redhot"]
        if len(checked) < len(chosen):  # --posts N: only the posts read
            committed = {k: committed[k] for k in checked if k in committed}
        changed = changes(committed, found["redhot"])
        report("redhot", changed, len(found["redhot"]))
        failed |= bool(changed)
    print(f"checked in {time.perf_counter() - started:.0f} s")
    if failed:
        print(
            "if the change is intended, run .venv/bin/python bench/reading_hashes.py --write and commit "
            f"{HASHES.relative_to(ROOT)} with it"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
