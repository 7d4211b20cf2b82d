"""Ingest throughput and memory on generated Reddit comment dumps (zstd NDJSON shaped like Pushshift's).

Run: ``.venv/bin/python bench/ingest_reddit.py [--comments N] [--memory-comments M]``. The dumps are written to a
temporary folder and deleted afterwards. ``--comments`` comments are parsed and stored into a fresh SQLite file
in this process (no reading) and timed, per wall second and per CPU second of this process: on a shared machine
the second says what the code does with a core to itself. With ``--memory-comments``, ``anecdata ingest`` runs as
a subprocess on a larger dump while its resident memory is sampled, and the peak is reported. Writes
``bench/results/ingest_reddit.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zstandard

from anecdata import __version__
from anecdata.jobs import IngestOptions, ingest_sources
from anecdata.store import open_store

RESULTS = Path(__file__).parent / "results" / "ingest_reddit.json"
WORDS = (
    "i tried ibuprofen for three weeks and it did not help physical therapy fixed my sciatica after two months "
    "has anyone tried dry needling doctor says tendinitis rest ice foam rolling made it worse honestly nothing "
    "worked until started walking daily the pain is back again since surgery stretching helps a bit every morning"
).split()
SAMPLE_SECONDS = 0.2


def comment(i: int, rng: random.Random) -> dict:
    """One comment with the fields a Pushshift/Arctic Shift comment record carries (about 600 bytes)."""
    threads = 5000
    link = f"t3_{i % threads + 10**5:x}"
    words = rng.randrange(5, 60)
    return {
        "all_awardings": [],
        "archived": False,
        "author": f"user_{rng.randrange(20000)}",
        "author_flair_text": None,
        "author_fullname": f"t2_{rng.randrange(10**8):x}",
        "body": " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + ".",
        "controversiality": 0,
        "created_utc": 1_600_000_000 + i * 3,
        "distinguished": None,
        "edited": False,
        "gilded": 0,
        "id": f"{i + 36**5:x}",
        "is_submitter": rng.random() < 0.1,
        "link_id": link,
        "locked": False,
        "parent_id": link if rng.random() < 0.4 else f"t1_{rng.randrange(max(i, 1)) + 36**5:x}",
        "permalink": f"/r/Sciatica/comments/{link[3:]}/_/{i + 36**5:x}/",
        "retrieved_on": 1_700_000_000,
        "score": rng.randrange(-5, 100),
        "send_replies": True,
        "stickied": False,
        "subreddit": "Sciatica",
        "subreddit_id": "t5_2qh1i",
        "total_awards_received": 0,
    }


def write_dump(path: Path, count: int, seed: int = 1, window_log: int = 31) -> int:
    """``count`` comments as one zstd stream (window 2 GiB by default, as the dumps); returns uncompressed bytes."""
    rng = random.Random(seed)
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log, enable_ldm=True)
    size = 0
    with path.open("wb") as raw, zstandard.ZstdCompressor(compression_params=params).stream_writer(raw) as out:
        lines = []
        for i in range(count):
            lines.append(json.dumps(comment(i, rng)) + "\n")
            if len(lines) == 10_000:
                data = "".join(lines).encode()
                size += len(data)
                out.write(data)
                lines = []
        data = "".join(lines).encode()
        out.write(data)
        size += len(data)
    return size


def throughput(folder: Path, count: int) -> dict:
    dump = folder / "RC_speed.zst"
    uncompressed = write_dump(dump, count)
    with open_store(f"sqlite:///{folder / 'speed.db'}") as store:
        started, cpu_started = time.perf_counter(), time.process_time()
        report = ingest_sources([str(dump)], store, IngestOptions())
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    assert report.counts.new == count, report
    return {
        "comments": count,
        "uncompressed_bytes": uncompressed,
        "compressed_bytes": dump.stat().st_size,
        "seconds": round(seconds, 2),
        "comments_per_second": round(count / seconds),
        "cpu_seconds": round(cpu_seconds, 2),
        "comments_per_cpu_second": round(count / cpu_seconds),
    }


def rss_kib(pid: int) -> int:
    """Resident set size of a process and its children (reading workers), from /proc."""
    total = 0
    for task in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{task}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def memory(folder: Path, count: int, window_log: int) -> dict:
    dump = folder / "RC_memory.zst"
    uncompressed = write_dump(dump, count, seed=2, window_log=window_log)
    command = [sys.executable, "-m", "anecdata", "ingest", str(dump), "--db", f"sqlite:///{folder / 'memory.db'}"]
    samples = []
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        while process.poll() is None:
            samples.append((round(time.perf_counter() - started, 1), rss_kib(process.pid)))
            time.sleep(SAMPLE_SECONDS)
    assert process.returncode == 0, process.returncode
    seconds = time.perf_counter() - started
    peak = max(kib for _, kib in samples)
    quarter = len(samples) // 4
    return {
        "comments": count,
        "zstd_window_log": window_log,
        "uncompressed_bytes": uncompressed,
        "compressed_bytes": dump.stat().st_size,
        "database_bytes": (folder / "memory.db").stat().st_size,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "rss_mib_at_quarters": [round(samples[min(q * quarter, len(samples) - 1)][1] / 1024, 1) for q in (1, 2, 3, 4)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=1_000_000, help="comments for the throughput run")
    parser.add_argument("--memory-comments", type=int, default=0, help="comments for the memory run (0: skip)")
    parser.add_argument(
        "--window-log", type=int, default=31, help="zstd window of the memory run's dump (31: 2 GiB, as Pushshift's)"
    )
    args = parser.parse_args()
    result: dict = {
        "anecdata_version": __version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory(prefix="anecdata-bench-") as tmp:
        result["throughput"] = throughput(Path(tmp), args.comments)
        speed = result["throughput"]
        print(
            f"parse+store: {speed['comments_per_second']:,} comments/s wall, "
            f"{speed['comments_per_cpu_second']:,} per CPU second",
            flush=True,
        )
        if args.memory_comments:
            result["memory"] = memory(Path(tmp), args.memory_comments, args.window_log)
            print(f"memory: peak RSS {result['memory']['peak_rss_mib']} MiB", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
