"""The ``evidence`` task: ranking RCT abstracts for a Reddit claim, against experts' relevance (RedHOT fact-check).

What is measured (gains 0 / 1 / 2 for Irrelevant / Somewhat Relevant / Relevant, averaged over annotators):

- **re-ranking**: each claim's ten abstracts in the ranker's order, nDCG@5, beside the exact expectation of a
  random order and the score of the order the folder lists them in (``t1..t10``, the authors' retrieval);
- **pooled retrieval**: every abstract of the folder in one pool (identical abstracts once), each claim ranked
  against all of it, unjudged abstracts counted irrelevant: nDCG@10, and recall@10 of the abstracts judged
  relevant, meaning a mean gain of at least 1 ("Somewhat Relevant" on average);
- **retrieval test** (when the folder has ``retrieval_test/``): for each of its claims, the abstracts that any
  of the authors' strategies retrieved form that claim's judged pool; each strategy's ten results and our top
  ten of the same pool are scored alike, by mean gain@10 (the authors' summary measure, on our 0-2 scale) and
  nDCG@10 against the pool's best order. The strategies searched a whole RCT corpus while we only re-order
  what they found, so ours is a re-ranking score beside retrieval scores: it shows whether our ordering finds
  the judged-relevant abstracts among plausible candidates, not that we would retrieve them from PubMed.

The ranker reads only the claim, its post (the thread title, on the post's first line, as a part of its own)
and the abstracts' titles and texts; the order of the source list is not given to it (the pool is ordered by
content hash, which breaks ties). Its PIO terms and the abstracts' concepts come from the reading pipeline's
mention matcher (``evidence_links.find_mentions``; the evidence layer knows no pipeline), and its query and
settings are those ``anecdata analyze`` links claims with (``evidence_links``), so this task scores what users
get. The task's predictor labels each mention ``<label>|<concept id>``, so any span predictor can stand in.
Every score is per claim first, then averaged over claims, with a bootstrap 95% interval over claims.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from anecdata.errors import DataError
from anecdata.evaluate.factcheck import (
    GAINS,
    FactcheckClaim,
    JudgedAbstract,
    load_annotated_claims,
    load_reported_overall,
    load_strategy_runs,
)
from anecdata.evaluate.formats import GoldDocument
from anecdata.evaluate.ranking import expected_random_ndcg, ndcg, recall, spread
from anecdata.evaluate.tasks import EvalResult, EvalTask, Predictor, predicted_spans, register_task_object
from anecdata.evidence.model import Abstract
from anecdata.evidence.query import AbstractConcept, ClaimQuery
from anecdata.evidence.rank import ClaimRanker, Encoder, RankSettings
from anecdata.evidence.terms import Stemmer, s_stem
from anecdata.evidence_links import (
    DEFAULT_SETTINGS,
    PIO_FROM,
    Mention,
    bundled_embedder,
    claim_query,
    find_mentions,
)

RERANK_K = 5
POOL_K = 10
RELEVANT_GAIN = 1.0
"""An abstract is relevant to a claim when its mean gain is at least this ("Somewhat Relevant" on average)."""
SEPARATOR = "|"
"""Between a mention's label and its concept id in the labels the task's predictor yields."""


def concept_predictor() -> Predictor:
    """The mention matcher as a span predictor: each mention with a concept, labelled ``<label>|<concept id>``.

    The matcher is built on the first call, so listing tasks costs nothing.
    """

    def predict(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        for found in find_mentions(texts):
            yield [(m.start, m.end, f"{m.label}{SEPARATOR}{m.concept_id}") for m in found]

    return predict


def _mentions(spans: Sequence[tuple[int, int, str]]) -> list[Mention]:
    found = []
    for start, end, label in spans:
        name, separator, concept_id = label.partition(SEPARATOR)
        if separator and concept_id:
            found.append(Mention(start, end, name, concept_id))
    return found


@dataclass(frozen=True, slots=True)
class EvidenceData:
    """What the task scores, read and annotated once so that several rankers can be scored on it (the bench)."""

    data: Path
    claims: list[FactcheckClaim]
    mentions: dict[str, list[Mention]]
    """The predictor's mentions of every text read (claims, titles, posts, abstracts), by text."""
    pool: list[Abstract]
    concepts: list[AbstractConcept]
    duplicates: int
    """Abstracts listed more than once across claims (kept once in the pool)."""
    strategies: dict[str, list[FactcheckClaim]] | None
    test_claims: list[FactcheckClaim]
    """The retrieval test's claims, each with its judged pool (the union of the strategies' results)."""
    test_pool: list[Abstract]
    test_concepts: list[AbstractConcept]
    reported: dict[str, float]
    spans: int


def prepare(data_dir: Path, predictor: Predictor | None = None) -> EvidenceData:
    """Read the folder and run the predictor once over every claim, thread title, post and abstract.

    Raises:
        DataError: the folder lacks the annotation files or is malformed (one line, naming the file).
    """
    predictor = predictor or concept_predictor()
    claims = load_annotated_claims(data_dir)
    strategies = load_strategy_runs(data_dir)
    test_claims = _judged_pools(strategies) if strategies else []
    pool, duplicates = _pool(claims)
    test_pool, _ = _pool(test_claims)
    texts = list(
        dict.fromkeys(
            [t for c in (*claims, *test_claims) for t in (c.claim, c.title, c.post)]
            + [t for a in (*pool, *test_pool) for t in (a.title, a.text)]
        )
    )
    documents = [GoldDocument(str(n), text, ()) for n, text in enumerate(texts)]
    by_text: dict[str, list[Mention]] = {text: [] for text in texts}
    spans = 0
    for number, start, end, label in predicted_spans(documents, predictor):
        spans += 1
        by_text[texts[int(number)]].extend(_mentions([(start, end, label)]))
    return EvidenceData(
        data=data_dir,
        claims=claims,
        mentions=by_text,
        pool=pool,
        concepts=_concepts(pool, by_text),
        duplicates=duplicates,
        strategies=strategies,
        test_claims=test_claims,
        test_pool=test_pool,
        test_concepts=_concepts(test_pool, by_text),
        reported=load_reported_overall(data_dir) if strategies else {},
        spans=spans,
    )


def query_of(claim: FactcheckClaim, data: EvidenceData, pio_from: Sequence[str] = PIO_FROM) -> ClaimQuery:
    """The query for ``claim``, its PIO terms from the mentions in the parts named by ``pio_from``."""
    texts = [getattr(claim, part) for part in pio_from]
    return claim_query(claim.claim, claim.title, claim.post, [(t, m) for t in texts for m in data.mentions[t]])


def _concepts(pool: Sequence[Abstract], by_text: Mapping[str, list[Mention]]) -> list[AbstractConcept]:
    return [
        AbstractConcept(a.pmid, m.concept_id, name, m.start, m.end)
        for a in pool
        for name, text in (("title", a.title), ("abstract", a.text))
        for m in by_text[text]
    ]


def _pool(claims: Sequence[FactcheckClaim]) -> tuple[list[Abstract], int]:
    """Every abstract once, ordered by id: the order carries nothing of any source list (ties break on it)."""
    unique: dict[str, Abstract] = {}
    listed = 0
    for claim in claims:
        for judged in claim.abstracts:
            listed += 1
            unique.setdefault(judged.abstract.pmid, judged.abstract)
    return sorted(unique.values(), key=lambda a: a.pmid), listed - len(unique)


def _judged_pools(strategies: Mapping[str, list[FactcheckClaim]]) -> list[FactcheckClaim]:
    """Per claim, the union of every strategy's results, gains averaged over every judgement given."""
    firsts: dict[str, FactcheckClaim] = {}
    abstracts: dict[str, dict[str, Abstract]] = defaultdict(dict)
    totals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for runs in strategies.values():
        for claim in runs:
            firsts.setdefault(claim.id, claim)
            for judged in claim.abstracts:
                abstracts[claim.id].setdefault(judged.abstract.pmid, judged.abstract)
                if judged.gain is not None:
                    total = totals[claim.id][judged.abstract.pmid]
                    total[0] += judged.gain * judged.judgements
                    total[1] += judged.judgements
    pools = []
    for claim_id, first in firsts.items():
        judged = []
        for position, (pmid, abstract) in enumerate(sorted(abstracts[claim_id].items()), start=1):
            gain_sum, count = totals[claim_id].get(pmid, (0.0, 0.0))
            judged.append(JudgedAbstract(abstract, position, gain_sum / count if count else None, int(count)))
        pools.append(FactcheckClaim(claim_id, first.claim, first.title, first.post, tuple(judged)))
    return pools


def _gains(claim: FactcheckClaim) -> dict[str, float]:
    """Judged gains by abstract id; an abstract nobody judged counts as irrelevant (0)."""
    return {j.abstract.pmid: j.gain or 0.0 for j in claim.abstracts}


def _summary(per_claim: Mapping[str, float | None]) -> dict[str, Any]:
    values = [v for v in per_claim.values() if v is not None]
    if not values:
        return {"n": 0}
    return spread(values).to_dict()


def score(
    data: EvidenceData,
    settings: RankSettings = DEFAULT_SETTINGS,
    stem: Stemmer = s_stem,
    pio_from: Sequence[str] = PIO_FROM,
) -> dict[str, Any]:
    """Every measure of the module docstring for one ranker, as a JSON-ready dict.

    Args:
        data: what :func:`prepare` read.
        settings: the ranker's weights.
        stem: the stemmer of query and index terms.
        pio_from: the parts of a claim record whose mentions give the PIO terms.
    """
    ranker = ClaimRanker.build(data.pool, data.concepts, settings, stem, encoder=_encoder(settings))
    rerank: dict[str, dict[str, float | None]] = {"ranker": {}, "random_expected": {}, "source_order": {}}
    pooled: dict[str, dict[str, float | None]] = {"ndcg": {}, "recall": {}}
    for claim in data.claims:
        gains = _gains(claim)
        judged = list(gains.values())
        query = query_of(claim, data, pio_from)
        ranked = [r.abstract.pmid for r in ranker.rank(query, k=len(gains), among=gains)]
        rerank["ranker"][claim.id] = ndcg([gains[p] for p in ranked], judged, RERANK_K)
        rerank["random_expected"][claim.id] = expected_random_ndcg(judged, RERANK_K)
        rerank["source_order"][claim.id] = ndcg([j.gain or 0.0 for j in claim.abstracts], judged, RERANK_K)
        top = [r.abstract.pmid for r in ranker.rank(query, k=POOL_K)]
        pooled["ndcg"][claim.id] = ndcg([gains.get(p, 0.0) for p in top], judged, POOL_K)
        relevant = {p for p, g in gains.items() if g >= RELEVANT_GAIN}
        pooled["recall"][claim.id] = recall(top, relevant, POOL_K)
    differences = {
        c: ours - source
        for c, ours in rerank["ranker"].items()
        if ours is not None and (source := rerank["source_order"][c]) is not None
    }
    result: dict[str, Any] = {
        "ranker": asdict(settings) | {"stemmer": getattr(stem, "__name__", repr(stem)), "pio_from": list(pio_from)},
        "reranking": {
            "metric": f"nDCG@{RERANK_K}",
            "claims": len(data.claims),
            "without_gain": sum(v is None for v in rerank["ranker"].values()),
            **{name: _summary(values) for name, values in rerank.items()},
            "ranker_minus_source_order": _summary(differences),
            "per_claim": {c: {name: _round(values[c]) for name, values in rerank.items()} for c in rerank["ranker"]},
        },
        "pooled": {
            "pool": len(data.pool),
            "duplicates_merged": data.duplicates,
            "relevant": f"mean gain >= {RELEVANT_GAIN:g} (at least 'Somewhat Relevant' on average)",
            "unjudged": "irrelevant (gain 0)",
            f"ndcg@{POOL_K}": _summary(pooled["ndcg"]),
            f"recall@{POOL_K}": _summary(pooled["recall"]),
            "claims_with_relevant": sum(v is not None for v in pooled["recall"].values()),
            "per_claim": {
                c: {f"ndcg@{POOL_K}": _round(pooled["ndcg"][c]), f"recall@{POOL_K}": _round(pooled["recall"][c])}
                for c in pooled["ndcg"]
            },
        },
        "retrieval_test": _retrieval_test(data, settings, stem, pio_from),
    }
    return {"summary": summary_lines(result), **result}


def summary_lines(result: Mapping[str, Any]) -> list[str]:
    """The headline numbers of :func:`score`'s result, one line per measure, each beside its baselines."""
    rerank, pooled, test = result["reranking"], result["pooled"], result["retrieval_test"]

    def at(summary: Mapping[str, Any]) -> str:
        if not summary.get("n"):
            return "n/a"
        return f"{summary['mean']:.3f} [{summary['ci95'][0]:.3f}, {summary['ci95'][1]:.3f}]"

    lines = [
        f"re-ranking {rerank['metric']} over {rerank['ranker'].get('n', 0)} claims (mean, bootstrap 95%): "
        f"ranker {at(rerank['ranker'])}, random order {at(rerank['random_expected'])}, "
        f"source order {at(rerank['source_order'])}; ranker - source order {at(rerank['ranker_minus_source_order'])}",
        f"pooled retrieval over {pooled['pool']} abstracts: nDCG@{POOL_K} {at(pooled[f'ndcg@{POOL_K}'])}, "
        f"recall@{POOL_K} {at(pooled[f'recall@{POOL_K}'])} ({pooled['claims_with_relevant']} claims with a "
        f"relevant abstract; relevant = {pooled['relevant']})",
    ]
    if "runs" not in test:
        return [*lines, f"retrieval test: {test['absent']}"]
    runs = test["runs"]
    best = max((n for n in runs if n not in ("anecdata", "random_from_pool")), key=lambda n: runs[n][f"ndcg@{POOL_K}"])
    ours, chance = runs["anecdata"], runs["random_from_pool"]
    lines.append(
        f"retrieval test ({test['claims']} claims, judged pools of {min(test['pool_sizes'])}-"
        f"{max(test['pool_sizes'])}): nDCG@{POOL_K} / mean gain@{POOL_K} - anecdata re-ordering the pool "
        f"{ours[f'ndcg@{POOL_K}']:.3f} / {ours[f'mean_gain@{POOL_K}']:.3f}, best strategy ({best}) "
        f"{runs[best][f'ndcg@{POOL_K}']:.3f} / {runs[best][f'mean_gain@{POOL_K}']:.3f}, random from the pool "
        f"{chance[f'ndcg@{POOL_K}']:.3f} / {chance[f'mean_gain@{POOL_K}']:.3f} (every strategy under 'runs')"
    )
    return lines


def _encoder(settings: RankSettings) -> Encoder | None:
    """The bundled embedder's encoder when the ranking is hybrid (the same model ``analyze`` links with)."""
    return bundled_embedder().encode if settings.dense else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _retrieval_test(
    data: EvidenceData, settings: RankSettings, stem: Stemmer, pio_from: Sequence[str]
) -> dict[str, Any]:
    if not data.strategies:
        return {"absent": "no retrieval_test/relevance_anno/*_anno.json in the folder"}
    ranker = ClaimRanker.build(data.test_pool, data.test_concepts, settings, stem, encoder=_encoder(settings))
    pools = {c.id: _gains(c) for c in data.test_claims}
    runs: dict[str, dict[str, list[str]]] = {
        name: {c.id: [j.abstract.pmid for j in c.abstracts] for c in claims} for name, claims in data.strategies.items()
    }
    runs["anecdata"] = {
        c.id: [r.abstract.pmid for r in ranker.rank(query_of(c, data, pio_from), k=POOL_K, among=pools[c.id])]
        for c in data.test_claims
    }
    table: dict[str, Any] = {}
    for name, lists in runs.items():
        gain_at_k = {c: sum(pools[c][p] for p in ranked[:POOL_K]) / POOL_K for c, ranked in lists.items()}
        ndcg_at_k = {
            c: ndcg([pools[c][p] for p in ranked], list(pools[c].values()), POOL_K) for c, ranked in lists.items()
        }
        row = {f"mean_gain@{POOL_K}": _mean(gain_at_k.values()), f"ndcg@{POOL_K}": _mean(ndcg_at_k.values())}
        if name in data.reported:
            row["reported_overall_1to3"] = round(data.reported[name], 3)
        table[name] = row
    table["random_from_pool"] = {
        f"mean_gain@{POOL_K}": _mean(sum(g.values()) * min(POOL_K, len(g)) / len(g) / POOL_K for g in pools.values()),
        f"ndcg@{POOL_K}": _mean(expected_random_ndcg(list(g.values()), POOL_K) for g in pools.values()),
    }
    return {
        "claims": len(data.test_claims),
        "pool_sizes": sorted(len(g) for g in pools.values()),
        "metric": (
            f"per claim, the {POOL_K} results' mean gain (0-2, pooled judgements, unjudged 0) and nDCG@{POOL_K} "
            "against the best order of the claim's judged pool; averaged over claims. 'anecdata' re-orders the "
            "pool the strategies retrieved. 'reported_overall_1to3' is the authors' summary table: the mean category "
            "index (unset 0, Irrelevant 1, Somewhat Relevant 2, Relevant 3) of a strategy's results in its own "
            "file, i.e. about mean_gain@10 + 1, except that an unset judgement counts -1 there."
        ),
        "runs": table,
    }


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 3) if kept else None


@dataclass(frozen=True, slots=True)
class EvidenceEvalResult(EvalResult):
    """An ``EvalResult`` whose scores are rankings, not spans: the sections of the module docstring."""

    ranking: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The base result's JSON object plus the ranking sections."""
        return {**EvalResult.to_dict(self), **self.ranking}


@dataclass(frozen=True, slots=True)
class EvidenceTask(EvalTask):
    """Ranking abstracts for claims against expert relevance (see the module docstring)."""

    settings: RankSettings = DEFAULT_SETTINGS

    def run(self, data_dir: Path, predictor: Predictor | None = None) -> EvidenceEvalResult:
        """Read the folder, find mentions with ``predictor`` (the mention matcher by default), rank, and score."""
        started = time.perf_counter()
        data = prepare(data_dir, predictor or self.default_predictor)
        return EvidenceEvalResult(
            task=self.name,
            data=data_dir,
            documents=len(data.claims),
            labels=self.labels,
            scores={},
            predicted=data.spans,
            seconds=time.perf_counter() - started,
            ranking=score(data, self.settings),
        )


def load_claim_documents(data_dir: Path) -> list[GoldDocument]:
    """The folder's claims as documents (their judgements are per abstract, so they carry no spans)."""
    claims = load_annotated_claims(data_dir)
    if not claims:
        raise DataError(f"no claims in {data_dir}")
    return [GoldDocument(c.id, c.claim, ()) for c in claims]


register_task_object(
    EvidenceTask(
        name="evidence",
        description="ranking RCT abstracts for Reddit claims against expert relevance (RedHOT fact-check)",
        default_subdir="redhot_factcheck",
        labels=tuple(GAINS),
        load_gold=load_claim_documents,
        default_predictor=concept_predictor(),
    )
)
