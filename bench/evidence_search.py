"""Evidence retrieval latency at a million abstracts: the lexical path ``analyze --evidence-db`` runs, and a dense
top-k over random vectors.

Run: ``.venv/bin/python bench/evidence_search.py [--abstracts N] [--keep-db PATH] [--claims C]``. ``--abstracts``
(default 1,000,000) invented PubMed articles are written as gzipped XML by ``bench/evidence_import.py``'s
generator, with its uniform word list swapped for a topical one: each article is about one condition (back pain,
sciatica, piriformis syndrome, plantar fasciitis…) and one or two interventions (a drug, an exercise, surgery…),
and its other words follow a Zipf law over some 20,000 words, so "patients", "pain" and "treatment" are in most
abstracts and a drug's name in a few percent. They are imported into a fresh SQLite store by a child process (the
import's wall time, CPU time and peak memory are its own). With ``--keep-db PATH`` the store is kept there, and a
rerun that finds it reuses it with the import numbers saved beside it (``PATH.import.json``).

Then ``--claims`` invented claims ("Stretching the piriformis cured my sciatica", "Ibuprofen does nothing for
plantar fasciitis"), each in a one-post thread with a title, go through ``evidence_links.link_evidence``, the
function ``analyze`` calls: the claim's query, candidates by its words from the store's full-text index, the
candidates fetched and re-ranked by ``ClaimRanker``, the top 3 kept with their best sentences. Each claim is timed
end to end and by part, twice: ``lexical``, with the mention matcher's pass over the candidate abstracts stubbed
out (concept ids found in abstracts only widen the intervention check), and ``analyze``, with the real matcher, as
the command runs. The post's own mentions (the reading pipeline's matcher, per post) are found beforehand and
timed apart. A few claims first warm the caches (and load the vocabulary) and are reported apart. Unless
``--skip-exhaustive``, every claim is linked once more with the store's search before it had a budget (every
abstract holding any word scored), and the two runs' links are compared.

The ranker ``analyze`` uses is hybrid: it adds the claim's cosine with each candidate under the bundled static
embedder, from vectors stored by ``anecdata evidence embed`` or, as here, computed on the fly for the candidates;
both timed modes include that. Last, a brute-force dense top-k is timed on RANDOM vectors of the bundled model's
dimension: 1,000,000 x 128 float32 unit vectors, each query a matrix-vector product and ``argpartition`` for the
top 50. It shows what a dense-only retrieval would cost at this size; it says nothing of its quality.

After the import, ``embed_abstracts`` (``anecdata evidence embed``) gives every abstract its vector, timed.

Writes ``bench/results/evidence_search.json`` (numbers only); the temporary folder is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from unittest import mock

import evidence_import
import numpy as np

from anecdata import __version__
from anecdata.evidence.terms import term_set
from anecdata.evidence_links import LinkSettings, Mention, bundled_embedder, find_mentions, link_evidence
from anecdata.jobs import embed_abstracts
from anecdata.model import Annotation, Post, Thread
from anecdata.store import EvidenceStore, open_store
from anecdata.store.evidence import CANDIDATE_POSTINGS

RESULTS = Path(__file__).parent / "results" / "evidence_search.json"
TARGET_P95_MS = 300
PER_FILE = 30_000
WARM_UP_CLAIMS = 5
DENSE_ROWS = 1_000_000
DENSE_DIMENSION = 128
"""all-MiniLM-L6-v2's, the model the outcome experiments used."""
DENSE_TOP = 50
DENSE_QUERIES = 200

GENERAL = (
    "the of and in to with was were for patients a pain treatment or by at than on study group after from as is "
    "that this be not significant groups outcome weeks months trial compared effect clinical randomised control "
    "baseline mean score participants improvement therapy intervention between reduced increased disability "
    "function quality life analysis primary secondary years associated risk among two three higher lower "
    "difference confidence interval total adverse events symptoms chronic acute care evidence review studies "
    "included measured assessed using used both during period respectively placebo sham significantly reported "
    "follow-up severity visual analogue questionnaire index range days no however there outcomes trials "
    "effective efficacy safety recruited randomly assigned allocated cohort retrospective prospective women men "
    "age aged older adults population sample hospital clinic primary-care management conservative symptom relief "
    "recovery return work activity daily physical mental health anxiety depression sleep scale self-reported "
    "short long term long-term short-term hundred rate rates odds ratio regression model predictors factors "
    "time reduction change changes levels level showed found observed suggest suggests conclusion conclusions "
    "background methods objective aim aimed purpose design setting main measures further research needed "
    "limited moderate high low quality certainty bias systematic meta-analysis pooled heterogeneity"
).split()
"""Words every abstract may use, most frequent first (function words lead, as in real abstracts)."""
TAIL_WORDS = 20_000
"""Invented words after :data:`GENERAL` in the Zipf ranking: the long tail of a real corpus's vocabulary."""
ZIPF_EXPONENT = 1.0
CONDITIONS = {
    "low back pain": "back low lumbar spine disc degeneration lumbago backache",
    "sciatica": "sciatica sciatic nerve radiculopathy leg radicular herniation root",
    "piriformis syndrome": "piriformis syndrome buttock gluteal hip deep rotator entrapment",
    "plantar fasciitis": "plantar fasciitis heel fascia foot arch fasciopathy calcaneal",
    "knee osteoarthritis": "knee osteoarthritis cartilage joint stiffness arthritis",
    "neck pain": "neck cervical whiplash shoulder posture",
    "achilles tendinopathy": "achilles tendinopathy tendon calf eccentric tendinitis",
    "fibromyalgia": "fibromyalgia widespread fatigue tender sleep",
    "migraine": "migraine headache aura attacks photophobia",
    "frozen shoulder": "shoulder capsulitis adhesive frozen rotator cuff",
    "carpal tunnel syndrome": "carpal tunnel median wrist numbness hand",
    "tennis elbow": "epicondylitis elbow lateral tennis grip",
}
"""Conditions, most studied first, each with the words its abstracts use, most frequent first."""
INTERVENTIONS = {
    "stretching": "stretching stretch flexibility hamstring",
    "exercise": "exercise strengthening resistance training core stability",
    "walking": "walking aerobic activity steps",
    "yoga": "yoga pilates breathing mindfulness",
    "ibuprofen": "ibuprofen nsaids anti-inflammatory oral",
    "naproxen": "naproxen nsaids anti-inflammatory oral",
    "diclofenac": "diclofenac nsaids topical gel",
    "paracetamol": "paracetamol acetaminophen analgesic oral",
    "tramadol": "tramadol opioids opioid analgesic",
    "gabapentin": "gabapentin gabapentinoids neuropathic anticonvulsant",
    "pregabalin": "pregabalin gabapentinoids neuropathic anticonvulsant",
    "amitriptyline": "amitriptyline antidepressant tricyclic low-dose",
    "duloxetine": "duloxetine antidepressant serotonin norepinephrine",
    "prednisone": "prednisone corticosteroid oral steroid",
    "epidural injection": "epidural steroid injection corticosteroid transforaminal",
    "botulinum toxin": "botulinum toxin injection botox",
    "platelet-rich plasma": "platelet-rich plasma prp injection autologous",
    "discectomy": "surgery discectomy microdiscectomy surgical decompression",
    "fusion": "surgery fusion spinal instrumentation surgical",
    "release": "surgery release surgical endoscopic",
    "massage": "massage soft tissue manual",
    "manipulation": "manipulation chiropractic spinal mobilisation manual",
    "acupuncture": "acupuncture needling electroacupuncture needles",
    "dry needling": "dry needling trigger points needles",
    "physiotherapy": "physiotherapy physical therapy rehabilitation supervised",
    "orthotics": "orthotics insoles custom foot",
    "night splints": "night splint splints dorsiflexion",
    "heat": "heat thermotherapy wrap superficial",
    "ice": "ice cryotherapy cold",
    "shockwave": "shockwave extracorporeal eswt therapy",
    "tens": "tens transcutaneous electrical stimulation",
}
"""Interventions, most studied first, each with the words its abstracts use (its name first)."""
CLAIM_INTERVENTIONS = (
    "stretching",
    "stretching the piriformis",
    "core strengthening",
    "walking every day",
    "yoga",
    "ibuprofen",
    "naproxen",
    "diclofenac gel",
    "paracetamol",
    "tramadol",
    "gabapentin",
    "pregabalin",
    "amitriptyline",
    "duloxetine",
    "prednisone",
    "an epidural steroid injection",
    "botox injections",
    "PRP injections",
    "a microdiscectomy",
    "spinal fusion",
    "massage",
    "chiropractic adjustments",
    "acupuncture",
    "dry needling",
    "physiotherapy",
    "custom orthotics",
    "night splints",
    "ice",
    "a heat pack",
    "shockwave therapy",
    "a TENS machine",
)
CLAIM_CONDITIONS = (
    "sciatica",
    "back pain",
    "lower back pain",
    "piriformis syndrome",
    "plantar fasciitis",
    "heel pain",
    "knee arthritis",
    "neck pain",
    "achilles tendinitis",
    "fibromyalgia",
    "migraines",
    "frozen shoulder",
    "carpal tunnel",
    "tennis elbow",
    "herniated disc",
)
CLAIM_TEMPLATES = (
    "{i} cured my {c}",
    "{i} does nothing for {c}",
    "{i} helped my {c} more than anything else",
    "{i} made my {c} worse",
    "my doctor says {i} is useless for {c}",
    "{i} is the only thing that fixed my {c}",
    "I got rid of my {c} with {i}",
    "{i} works better than painkillers for {c}",
    "after {i} my {c} came back within a year",
    "{c} goes away on its own, {i} is a waste of money",
    "{i} took the edge off my {c} but only for a few hours",
    "honestly {i} is a scam for {c}",
)
POST_ENDINGS = (
    "I've had it for two years now.",
    "Anyone else tried this?",
    "Just my experience, your mileage may vary.",
    "My physio disagrees but I know what worked for me.",
    "Happy to answer questions.",
    "",
)
EXHAUSTIVE_SQL = (
    "SELECT a.pmid, f.score FROM (SELECT rowid, -bm25(abstracts_fts, 2.0, 1.0) AS score FROM abstracts_fts "
    "WHERE abstracts_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?) f JOIN abstracts a ON a.seq = f.rowid "
    "ORDER BY f.score DESC, f.rowid"
)
"""The store's SQLite search without its budget (every abstract holding any word is scored)."""
TITLES = ("{c} - anyone else?", "Finally some relief from {c}", "What actually works for {c}?", "{c} rant", "")


def _zipf_cumulative(size: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return list(accumulate(1 / rank**exponent for rank in range(1, size + 1)))


def _invented_words(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct pronounceable non-words ("vomarel"), none a word of the topical lists."""
    rng = random.Random(seed)
    taken = set(GENERAL) | {w for text in (*CONDITIONS.values(), *INTERVENTIONS.values()) for w in text.split()}
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randrange(2, 5)))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class TopicalText:
    """Article text for ``evidence_import``'s generator: one condition and one or two interventions an article.

    ``article`` wraps the generator's ``article`` to choose the topic before it writes the article, and
    ``sentence`` replaces its uniform ``sentence``: each sentence is Zipf-distributed general words with a few of
    the topic's words put in at random places.
    """

    def __init__(self) -> None:
        self.general = [*GENERAL, *_invented_words(TAIL_WORDS)]
        self.general_cumulative = _zipf_cumulative(len(self.general))
        self.conditions = [(text.split(), _zipf_cumulative(len(text.split()))) for text in CONDITIONS.values()]
        self.interventions = [(text.split(), _zipf_cumulative(len(text.split()))) for text in INTERVENTIONS.values()]
        self.condition_cumulative = _zipf_cumulative(len(self.conditions), 0.8)
        self.intervention_cumulative = _zipf_cumulative(len(self.interventions), 0.6)
        self.topic: list[tuple[list[str], list[float]]] = []
        self._original_article = evidence_import.article

    def article(self, pmid: int, rng: random.Random) -> tuple[str, int]:
        (condition,) = rng.choices(self.conditions, cum_weights=self.condition_cumulative)
        treatments = rng.choices(self.interventions, cum_weights=self.intervention_cumulative, k=2)
        self.topic = [condition, treatments[0]] + ([treatments[1]] if rng.random() < 0.3 else [])
        return self._original_article(pmid, rng)

    def sentence(self, rng: random.Random, words: int) -> str:
        chosen = rng.choices(self.general, cum_weights=self.general_cumulative, k=words)
        for topic_words, cumulative in self.topic:
            for _ in range(rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]):
                chosen[rng.randrange(words)] = rng.choices(topic_words, cum_weights=cumulative)[0]
        return " ".join(chosen).capitalize() + "."

    def write_files(self, folder: Path, count: int, per_file: int) -> tuple[list[Path], int, int]:
        """``evidence_import.write_files`` with this text: the files, XML bytes, abstract characters."""
        with (
            mock.patch.object(evidence_import, "article", self.article),
            mock.patch.object(evidence_import, "sentence", self.sentence),
        ):
            return evidence_import.write_files(folder, count, per_file)


def build_store(db_path: Path, count: int) -> dict:
    """Generate ``count`` articles and import them into a new store at ``db_path``; what the import took."""
    with tempfile.TemporaryDirectory(prefix="anecdata-bench-xml-") as tmp:
        started = time.perf_counter()
        files, xml_bytes, abstract_chars = TopicalText().write_files(Path(tmp), count, PER_FILE)
        generated = time.perf_counter() - started
        print(f"generated {count:,} articles in {generated:.0f} s", flush=True)
        result = evidence_import.run_import(f"sqlite:///{db_path}", files)
    assert result["added"] == count and result["problems"] == 0, result
    return {
        "abstracts": count,
        "files": len(files),
        "xml_bytes": xml_bytes,
        "mean_abstract_chars": round(abstract_chars / count),
        "seconds_generate": round(generated, 1),
        **{k: result[k] for k in ("seconds", "cpu_seconds", "abstracts_per_second", "abstracts_per_cpu_second")},
        "peak_rss_mib": result["peak_rss_mib"],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def make_claims(count: int, seed: int = 3) -> list[tuple[str, str]]:
    """``count`` distinct ``(thread title, claim)`` pairs from the templates."""
    rng = random.Random(seed)
    found: dict[str, str] = {}
    while len(found) < count:
        condition = rng.choice(CLAIM_CONDITIONS)
        claim = rng.choice(CLAIM_TEMPLATES).format(i=rng.choice(CLAIM_INTERVENTIONS), c=condition)
        found.setdefault(claim[0].upper() + claim[1:], rng.choice(TITLES).format(c=condition.capitalize()))
    return [(title, claim) for claim, title in found.items()]


def claim_thread(number: int, title: str, claim: str, ending: str) -> tuple[Thread, float]:
    """A one-post thread whose first sentence is ``claim``, labelled a claim, with the matcher's mentions in it,
    and the seconds the matcher took over the post."""
    text = f"{claim}. {ending}".strip()
    post_id = f"p{number}"
    started = time.perf_counter()
    mentions = find_mentions([text])[0]
    seconds = time.perf_counter() - started
    annotations = [Annotation.over(post_id, text, 0, len(claim) + 1, "statement", "claim")]
    annotations += [
        Annotation.over(post_id, text, m.start, m.end, "mention", m.label, attrs={"concept_id": m.concept_id})
        for m in mentions
    ]
    post = Post(id=post_id, thread_id=f"t{number}", position=0, text=text, annotations=tuple(annotations))
    return Thread(id=f"t{number}", source="bench", posts=(post,), title=title or None), seconds


def embed_store(db_path: Path) -> dict:
    """``anecdata evidence embed`` on the store (resumable: a reused store only embeds what it lacks), timed."""
    with open_store(f"sqlite:///{db_path}", create=False) as store:
        evidence = EvidenceStore(store)
        started, cpu = time.perf_counter(), time.process_time()
        done = embed_abstracts(evidence)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        return {
            "embedded": done,
            "with_vectors": evidence.count_vectors(bundled_embedder().key),
            "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu_seconds, 1),
            "abstracts_per_second": round(done / seconds) if done and seconds else None,
        }


class TimedCorpus:
    """An evidence corpus that times its calls and counts the candidates it returns."""

    def __init__(self, corpus: EvidenceStore) -> None:
        self.corpus = corpus
        self.seconds: Counter[str] = Counter()
        self.candidates = 0

    def reset(self) -> None:
        self.seconds, self.candidates = Counter(), 0

    def count(self) -> int:
        started = time.perf_counter()
        found = self.corpus.count()
        self.seconds["count"] += time.perf_counter() - started
        return found

    def search_any(self, words: Sequence[str], limit: int = 20) -> list[tuple[str, float]]:
        started = time.perf_counter()
        found = self.corpus.search_any(words, limit)
        self.seconds["search"] += time.perf_counter() - started
        self.candidates += len(found)
        return found

    def get_many(self, pmids: Sequence[str]) -> dict:
        started = time.perf_counter()
        found = self.corpus.get_many(pmids)
        self.seconds["fetch"] += time.perf_counter() - started
        return found

    def vectors(self, model: str, pmids: Sequence[str]) -> dict:
        started = time.perf_counter()
        found = self.corpus.vectors(model, pmids)
        self.seconds["vectors"] += time.perf_counter() - started
        return found


class ExhaustiveCorpus(TimedCorpus):
    """The corpus as it searched before its budget: any of the words, every matching abstract scored by bm25."""

    def search_any(self, words: Sequence[str], limit: int = 20) -> list[tuple[str, float]]:
        terms = dict.fromkeys(t.lower() for word in words for t in re.findall(r"\w+", word))
        query = " OR ".join(f'"{t}"' for t in terms)
        started = time.perf_counter()
        found = self.corpus.store.query(EXHAUSTIVE_SQL, (query, limit)) if query else []
        self.seconds["search"] += time.perf_counter() - started
        self.candidates += len(found)
        return found


class TimedFinder:
    """A mention finder (the real one, or none) that times its calls."""

    def __init__(self, real: bool) -> None:
        self.real = real
        self.seconds = 0.0

    def __call__(self, texts: Sequence[str]) -> list[list[Mention]]:
        started = time.perf_counter()
        found = find_mentions(texts) if self.real else [[] for _ in texts]
        self.seconds += time.perf_counter() - started
        return found


def _ms(values: Sequence[float]) -> dict:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered) * 1000, 1),
        "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
        "mean": round(statistics.fmean(ordered) * 1000, 1),
    }


def time_claims(
    corpus: TimedCorpus, threads: Sequence[tuple[Thread, float]], real_matcher: bool, links: list | None = None
) -> dict:
    """Link each thread's claim as ``analyze`` does, timing each end to end (the post's mentions included) and by
    part; each claim's links are appended to ``links`` when given."""
    names = ("post_mentions", "count", "search", "fetch", "matcher", "query_rank")
    parts: dict[str, list[float]] = {name: [] for name in names}
    totals, candidates, found = [], [], Counter()
    for thread, post_seconds in threads:
        finder = TimedFinder(real_matcher)
        corpus.reset()
        started = time.perf_counter()
        linked = link_evidence(thread, corpus, LinkSettings(), mention_finder=finder)
        total = time.perf_counter() - started
        totals.append(post_seconds + total)
        parts["post_mentions"].append(post_seconds)
        parts["count"].append(corpus.seconds["count"])
        parts["search"].append(corpus.seconds["search"])
        parts["fetch"].append(corpus.seconds["fetch"])
        parts["matcher"].append(finder.seconds)
        parts["query_rank"].append(total - sum(corpus.seconds.values()) - finder.seconds)
        candidates.append(corpus.candidates)
        (entry,) = linked.evidence
        if links is not None:
            links.append(entry.links)
        found[entry.status] += 1
        found["links"] += len(entry.links)
        found["links_with_sentence"] += sum(link.sentence is not None for link in entry.links)
    return {
        "claims": len(threads),
        "ms": _ms(totals),
        "ms_by_part": {name: _ms(values) for name, values in parts.items()},
        "candidates_per_claim": {"mean": round(statistics.fmean(candidates), 1), "min": min(candidates)},
        "statuses": dict(found),
        "meets_target": _ms(totals)["p95"] < TARGET_P95_MS,
    }


def compare_links(
    threads: Sequence[tuple[Thread, float]], bounded: Sequence, exhaustive: Sequence, corpus: EvidenceStore
) -> dict:
    """How far the bounded search's top links are from the exhaustive search's, claim by claim.

    ``claim_words_held``: the share of a claim's index terms an abstract linked to it holds, over all its links.
    """

    def held(thread: Thread, links: Sequence) -> list[float]:
        claim = term_set(thread.posts[0].layer("statement")[0].text)
        abstracts = corpus.get_many([link.pmid for link in links])
        return [len(claim & term_set(f"{a.abstract.title} {a.abstract.text}")) / len(claim) for a in abstracts.values()]

    overlap, same_first, held_bounded, held_exhaustive = [], 0, [], []
    for (thread, _), ours, theirs in zip(threads, bounded, exhaustive, strict=True):
        a, b = [link.pmid for link in ours], [link.pmid for link in theirs]
        overlap.append(len(set(a) & set(b)) / max(len(a), len(b), 1))
        same_first += bool(a) and bool(b) and a[0] == b[0]
        held_bounded += held(thread, ours)
        held_exhaustive += held(thread, theirs)
    return {
        "claims": len(threads),
        "top_links_shared": round(statistics.fmean(overlap), 3),
        "same_first_link": round(same_first / len(threads), 3),
        "claim_words_held_bounded": round(statistics.fmean(held_bounded), 3),
        "claim_words_held_exhaustive": round(statistics.fmean(held_exhaustive), 3),
    }


def time_dense(rows: int, dimension: int, queries: int, top: int, seed: int = 11) -> dict:
    """Top-``top`` by dot product over ``rows`` random unit vectors: numpy ``matrix @ query`` and argpartition."""
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    matrix = np.empty((rows, dimension), dtype=np.float32)
    for start in range(0, rows, 100_000):
        block = rng.standard_normal((min(100_000, rows - start), dimension), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        matrix[start : start + len(block)] = block
    generated = time.perf_counter() - started
    wanted = rng.standard_normal((queries, dimension), dtype=np.float32)
    wanted /= np.linalg.norm(wanted, axis=1, keepdims=True)
    times = []
    for query in wanted:
        started = time.perf_counter()
        scores = matrix @ query
        best = np.argpartition(scores, -top)[-top:]
        best = best[np.argsort(-scores[best])]
        times.append(time.perf_counter() - started)
    return {
        "random_vectors": True,
        "rows": rows,
        "dimension": dimension,
        "bytes_per_value": matrix.itemsize,
        "top": top,
        "queries": queries,
        "matrix_mib": round(matrix.nbytes / 2**20, 1),
        "seconds_generate": round(generated, 1),
        "ms": _ms(times),
        "meets_target": _ms(times)["p95"] < TARGET_P95_MS,
    }


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--abstracts", type=int, default=1_000_000, help="abstracts to generate and import")
    parser.add_argument("--claims", type=int, default=240, help="claims to time (after a few warm-up claims)")
    parser.add_argument("--keep-db", type=Path, help="keep the store here, and reuse it when it exists")
    parser.add_argument("--dense-rows", type=int, default=DENSE_ROWS, help="random vectors for the dense stage")
    parser.add_argument(
        "--skip-exhaustive", action="store_true", help="do not also link every claim with the unbounded search"
    )
    args = parser.parse_args()
    result: dict = {
        "anecdata_version": __version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "target_p95_ms": TARGET_P95_MS,
        "candidates_per_claim": LinkSettings().candidates,
        "links_per_claim": LinkSettings().top,
        "candidate_postings": CANDIDATE_POSTINGS,
    }
    with tempfile.TemporaryDirectory(prefix="anecdata-bench-") as tmp:
        db_path = args.keep_db or Path(tmp) / "evidence.db"
        saved = db_path.with_name(db_path.name + ".import.json")
        if db_path.exists() and saved.exists():
            result["import"] = {**json.loads(saved.read_text()), "reused": True}
            print(f"reusing {db_path} ({result['import']['abstracts']:,} abstracts)", flush=True)
        else:
            if db_path.exists():
                sys.exit(f"{db_path} exists without {saved.name}: remove it, or name another --keep-db")
            result["import"] = build_store(db_path, args.abstracts)
            saved.write_text(json.dumps(result["import"]) + "\n")
        result["import"]["database_bytes"] = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
        print(f"import: {result['import']['abstracts_per_second']:,} abstracts/s", flush=True)
        result["embed"] = embed_store(db_path)
        print(f"embed: {json.dumps(result['embed'])}", flush=True)

        titles_claims = make_claims(WARM_UP_CLAIMS + args.claims)
        find_mentions(["The matcher is built on its first call."])
        threads = [
            claim_thread(n, title, claim, POST_ENDINGS[n % len(POST_ENDINGS)])
            for n, (title, claim) in enumerate(titles_claims)
        ]
        warm_up, measured = threads[:WARM_UP_CLAIMS], threads[WARM_UP_CLAIMS:]
        with open_store(f"sqlite:///{db_path}", create=False) as store:
            corpus = TimedCorpus(EvidenceStore(store))
            result["abstracts_in_store"] = corpus.count()
            result["warm_up"] = time_claims(corpus, warm_up, real_matcher=False)["ms"]
            bounded: list = []
            result["lexical"] = time_claims(corpus, measured, real_matcher=False, links=bounded)
            result["analyze"] = time_claims(corpus, measured, real_matcher=True)
            for name in ("lexical", "analyze"):
                print(f"{name}: {json.dumps(result[name]['ms'])}", flush=True)
            if not args.skip_exhaustive:
                exhaustive: list = []
                result["exhaustive_lexical"] = time_claims(
                    ExhaustiveCorpus(corpus.corpus), measured, real_matcher=False, links=exhaustive
                )
                print(f"exhaustive: {json.dumps(result['exhaustive_lexical']['ms'])}", flush=True)
                result["bounded_vs_exhaustive"] = compare_links(measured, bounded, exhaustive, corpus.corpus)
                print(json.dumps(result["bounded_vs_exhaustive"]), flush=True)
        result["peak_rss_mib_lexical"] = _peak_rss_mib()
    result["dense_random"] = time_dense(args.dense_rows, DENSE_DIMENSION, DENSE_QUERIES, DENSE_TOP)
    print(f"dense (random vectors): {json.dumps(result['dense_random']['ms'])}", flush=True)
    result["peak_rss_mib_with_dense"] = _peak_rss_mib()
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
