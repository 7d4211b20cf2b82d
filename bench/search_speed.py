"""Sentence search latency (``anecdata search``) on a SQLite store of 100,000 posts.

Run: ``.venv/bin/python bench/search_speed.py [--posts N] [--db PATH] [--repeat R]``.

The store is built without reading 100,000 posts: the example threads (``examples/*.txt``) are ingested, read
by the pipeline and indexed once; then their threads, posts, readings, annotations and experience-index rows are
cloned under new ids (``<id>-<k>``) with ``INSERT … SELECT`` until there are ``--posts`` posts, and the posts'
full-text index is rebuilt. So the clones are not all alike, each cloned post gets a tail of 5 to 30 words drawn
from a Zipf law over the 20,000 commonest English words (after every annotation, so offsets stay true; the stored
``text_hash`` is the original's, which the readings match). The corpus stays repetitive: every word of the
examples is in about 1/21 of the posts or more, which makes OR queries of common words match many posts (harder
for FTS5 than a real forum). The store is kept at ``--db`` (default under ``/tmp``) and reused when it already
holds enough posts.

Then ~50 queries (questions as people type them, with and without filters, filter-only searches, hostile text)
run through ``search_sentences`` in one process, as ``anecdata search`` or the web app calls it, each ``--repeat``
times after one warm-up pass (the vocabulary load on the first condition filter, SQLite's page cache). Two modes:
``lexical`` (no encoder) and ``hybrid`` (the packaged static embedder, the CLI's default). Process start-up and
the embedder's one-off load are not in the numbers; they are reported apart.

Writes ``bench/results/search_speed.json``: machine, load average before and after, build time, and p50 / p95 /
max latency in ms per mode, plus the slowest queries.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from anecdata import __version__  # noqa: E402
from anecdata.search import SearchFilters, search_sentences  # noqa: E402
from anecdata.store import open_store  # noqa: E402

TARGET_P95_MS = 200
RESULTS = ROOT / "bench" / "results" / "search_speed.json"

QUERIES: list[tuple[str, SearchFilters]] = [
    ("how did people reach the conclusion that inner tension was the cause", SearchFilters()),
    ("inner tension cause of back pain", SearchFilters(condition="back pain")),
    ("did the night splint help", SearchFilters()),
    ("night splint plantar fasciitis", SearchFilters(condition="plantar fasciitis")),
    ("stretching helped my heel pain", SearchFilters(outcome="improved")),
    ("what worked for morning heel pain", SearchFilters(label="claim_per_exp")),
    ("has anyone tried shockwave therapy", SearchFilters(label="question")),
    ("shockwave", SearchFilters()),
    ("achilles tendinopathy eccentric exercises", SearchFilters()),
    ("heel drops on a step", SearchFilters(condition="achilles tendinitis")),
    ("sciatica down the leg when sitting", SearchFilters()),
    ("piriformis stretch", SearchFilters(treatment="stretching")),
    ("physical therapy did nothing", SearchFilters(outcome="no_change")),
    ("it got worse after the injection", SearchFilters(outcome="worse")),
    ("cortisone shot", SearchFilters(treatment="corticosteroid injection")),
    ("MRI showed a bulging disc", SearchFilters()),
    ("journaling about anger", SearchFilters()),
    ("Sarno TMS mind body", SearchFilters(condition="back pain", label="claim")),
    ("my client runs trails", SearchFilters(experiencer="client")),
    ("my husband has had it for years", SearchFilters(experiencer="family")),
    ("ibuprofen takes the edge off", SearchFilters(treatment="ibuprofen")),
    ("custom orthotics were expensive", SearchFilters()),
    ("frozen water bottle rolling", SearchFilters()),
    ("how long until it went away", SearchFilters()),
    ("six weeks", SearchFilters()),
    ("four months", SearchFilters(condition="back pain")),
    ("pain", SearchFilters()),
    ("the pain was gone", SearchFilters()),
    ("running", SearchFilters(outcome="improved")),
    ("doctor said rest", SearchFilters()),
    ("surgery", SearchFilters()),
    ("is it safe to keep running on it", SearchFilters(label="question")),
    ("strength training at the same time", SearchFilters()),
    ("stress and fear turn the volume up on pain", SearchFilters()),
    ("massage chiropractor", SearchFilters(condition="low back pain")),
    ("tendon rupture risk", SearchFilters()),
    ("calf raises", SearchFilters(outcome="improved")),
    ("nothing stuck for more than a few weeks", SearchFilters()),
    ("what should I ask my physio", SearchFilters()),
    ("numbness tingling foot", SearchFilters()),
    ("", SearchFilters(condition="plantar fasciitis", outcome="improved")),
    ("", SearchFilters(treatment="stretching", outcome="improved")),
    ("", SearchFilters(label="question")),
    ("", SearchFilters(experiencer="client")),
    ("", SearchFilters(condition="back pain", label="claim")),
    ('"', SearchFilters()),
    ("NEAR( pain OR heel* ^foot", SearchFilters()),
    ("'); DROP TABLE posts;--", SearchFilters()),
    ("the and of to", SearchFilters()),
    (
        "plantar fasciitis night splint stretching ibuprofen orthotics rest ice running shoes morning pain",
        SearchFilters(),
    ),
]


def _machine() -> str:
    python = platform.python_version()
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {python}, SQLite {sqlite3.sqlite_version}"


def _tail_words(rng: random.Random, words: list[str], weights: list[float]) -> str:
    return " ".join(rng.choices(words, weights, k=rng.randint(5, 30)))


def build(path: Path, posts: int) -> dict[str, object]:
    """A store of at least ``posts`` posts at ``path`` (see the module docstring); reused when big enough."""
    url = f"sqlite:///{path}"
    if path.exists():
        with open_store(url, create=False) as store:
            have = store.count("posts")
        if have >= posts:
            return {"reused": True, "posts": have}
        path.unlink()
    from anecdata.jobs import index_experiences, ingest_sources, read_pending
    from anecdata.vocab.spelling import english_word_ranks
    from paths import example_threads

    started = time.perf_counter()
    with open_store(url) as store:
        ingest_sources([str(p) for p in example_threads()], store)
        read_pending(store, workers=1)
        index_experiences(store)
    pipeline_s = time.perf_counter() - started
    ranks = english_word_ranks()
    words = [w for w, r in sorted(ranks.items(), key=lambda i: i[1]) if w.isalpha()][:20000]
    weights = [1 / (i + 1) for i in range(len(words))]
    rng = random.Random(8)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    base = con.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    copies = -(-(posts - base) // base)
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE k (n INTEGER PRIMARY KEY)")
    con.executemany("INSERT INTO k VALUES (?)", [(n,) for n in range(1, copies + 1)])
    con.execute(
        "INSERT INTO threads (id, source, title, url) SELECT t.id || '-' || k.n, t.source, "
        "'Example thread ' || t.id || ' copy ' || k.n, t.url FROM threads t, k"
    )
    rows = con.execute(
        "SELECT id, source, source_id, thread_id, parent_id, position, author, addressee, created, attrs, text, "
        "row_hash, text_hash, version FROM posts ORDER BY seq"
    ).fetchall()
    for n in range(1, copies + 1):
        con.executemany(
            "INSERT INTO posts (id, source, source_id, thread_id, parent_id, position, author, addressee, created, "
            "attrs, text, row_hash, text_hash, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    f"{r[0]}-{n}",
                    r[1],
                    f"{r[2]}-{n}",
                    f"{r[3]}-{n}",
                    r[4] and f"{r[4]}-{n}",
                    *r[5:10],
                    f"{r[10]}\n\n{_tail_words(rng, words, weights)}",
                    *r[11:],
                )
                for r in rows
            ],
        )
    suffix = "|| '-' || k.n"
    con.execute(
        f"INSERT INTO readings SELECT post_id {suffix}, pipeline_version, text_hash "
        "FROM k, readings ORDER BY k.n, readings.rowid"
    )
    con.execute(
        f"INSERT INTO annotations SELECT post_id {suffix}, id, layer, label, start_offset, end_offset, record "
        "FROM k, annotations ORDER BY k.n, annotations.rowid"
    )
    con.execute(
        f"INSERT INTO thread_concepts SELECT thread_id {suffix}, concept, label, name "
        "FROM k, thread_concepts ORDER BY k.n"
    )
    con.execute(
        f"INSERT INTO thread_statements SELECT thread_id {suffix}, post_id {suffix}, annotation_id, label, "
        f"person_key {suffix}, concept, answered_by {suffix} FROM k, thread_statements ORDER BY k.n"
    )
    con.execute(
        f"INSERT INTO experience_facts SELECT thread_id {suffix}, person_key {suffix}, person, experiencer, kind, "
        "item, concept, name, outcome, ongoing, days, REPLACE(refs, ':', '-' || k.n || ':') "
        "FROM k, experience_facts ORDER BY k.n"
    )
    con.execute("INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')")
    con.execute("COMMIT")
    con.execute("ANALYZE")
    total = con.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    annotations = con.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
    con.close()
    return {
        "reused": False,
        "posts": total,
        "annotations": annotations,
        "example_posts": base,
        "copies": copies,
        "seconds_pipeline": round(pipeline_s, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "database_bytes": path.stat().st_size,
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(url: str, encoder: object | None, repeat: int) -> dict[str, object]:
    times: dict[int, list[float]] = {i: [] for i in range(len(QUERIES))}
    hits: dict[int, int] = {}
    with open_store(url, create=False) as store:
        warm_started = time.perf_counter()
        for query, filters in QUERIES:  # warm-up: the vocabulary, SQLite's cache
            search_sentences(store, query, filters, limit=20, encoder=encoder)  # type: ignore[arg-type]
        warm_s = time.perf_counter() - warm_started
        for _ in range(repeat):
            for i, (query, filters) in enumerate(QUERIES):
                started = time.perf_counter()
                found = search_sentences(store, query, filters, limit=20, encoder=encoder)  # type: ignore[arg-type]
                times[i].append((time.perf_counter() - started) * 1000)
                hits[i] = len(found)
    every = [t for ts in times.values() for t in ts]
    slowest = sorted(range(len(QUERIES)), key=lambda i: -statistics.median(times[i]))[:5]
    return {
        "searches": len(every),
        "p50_ms": round(_percentile(every, 0.5), 1),
        "p95_ms": round(_percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
        "mean_ms": round(statistics.fmean(every), 1),
        "warm_up_pass_s": round(warm_s, 2),
        "queries_without_hits": sum(1 for n in hits.values() if n == 0),
        "slowest": [
            {
                "query": QUERIES[i][0],
                "filters": {k: v for k, v in vars_(QUERIES[i][1]).items() if v},
                "median_ms": round(statistics.median(times[i]), 1),
                "hits": hits[i],
            }
            for i in slowest
        ],
    }


def vars_(filters: SearchFilters) -> dict[str, object]:
    return {f: getattr(filters, f) for f in ("condition", "treatment", "label", "outcome", "experiencer")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/anecdata-bench/search-100k.db"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    built = build(args.db, args.posts)
    url = f"sqlite:///{args.db}"
    started = time.perf_counter()
    from anecdata.embed.static import StaticEmbedder

    encoder = StaticEmbedder.load()
    encoder_load_s = time.perf_counter() - started
    modes = {"lexical": measure(url, None, args.repeat), "hybrid": measure(url, encoder, args.repeat)}
    result = {
        "anecdata_version": __version__,
        "machine": _machine(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "note": "2-core machine shared with other work while measuring; see load averages",
        "target_p95_ms": TARGET_P95_MS,
        "store": built,
        "queries": len(QUERIES),
        "repeat": args.repeat,
        "limit": 20,
        "encoder": {"name": encoder.name, "load_s": round(encoder_load_s, 2)},
        "modes": modes,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({m: {k: v for k, v in r.items() if k.endswith("_ms")} for m, r in modes.items()}, indent=2))


if __name__ == "__main__":
    main()
