"""Ranking abstracts for a claim: BM25F over title and abstract, with the claim's PIO elements weighing in.

The query is a bag of weighted terms. Every word of the claim weighs ``claim``, every word of the thread's
title ``thread_title`` and every word of the post ``post``, added up (a claim word the post repeats weighs
both). The words of each PIO element's terms add that element's weight, their vocabulary synonyms' words a
share of it (``synonyms``), and their concept ids weigh ``concepts`` against the concepts the caller found in
each abstract. Presence counts, not repetition: a long post that says "insulin" ten times does not drown its
other words.

With ``dense`` above 0 and an encoder (a bundled embedding model, ``anecdata.embed``), the ranking is hybrid:
each abstract's BM25F score, divided by the best among those ranked, plus ``dense`` times the cosine between the
claim's vector and the abstract's (title and text, :func:`vector_text`). The encoder is passed in, so this module
knows no model; the abstracts' vectors may come from the store (``anecdata evidence embed``).

Each result carries the abstract sentences that hold the most query weight, with their offsets into
``Abstract.text`` and the offsets of the words and concepts that matched, so a reader sees why it ranked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from anecdata.evidence.bm25 import K1, B, Bm25Index, Bm25Params
from anecdata.evidence.model import Abstract
from anecdata.evidence.query import ELEMENTS, AbstractConcept, ClaimQuery, QueryTerm
from anecdata.evidence.sentences import sentence_spans
from anecdata.evidence.terms import Stemmer, s_stem, term_set, terms

CONCEPT_PREFIX = "concept:"
"""Concept ids are indexed as terms with this prefix; words never hold a colon, so the two cannot collide."""
CONCEPTS_FIELD = "concepts"


@dataclass(frozen=True, slots=True)
class RankSettings:
    """How the parts of a query weigh, how the title weighs against the abstract, and what a result shows.

    Attributes:
        claim: weight of each word of the claim.
        thread_title: weight of each word of the thread's title (0 ignores it).
        post: weight of each word of the post (0 ignores the post).
        population, intervention, outcome: weight added to the words of that PIO element's terms.
        synonyms: a synonym's words get this share of their element's weight (0 ignores synonyms).
        concepts: weight of a PIO term's concept id found among an abstract's concepts (0 ignores concepts).
        title_weight: BM25F weight of the abstracts' title field; the abstract text's is 1.
        require_intervention: when the query names an intervention, abstracts that match none of its terms (by
            words, a synonym or the concept) rank below every abstract that matches one.
        dense: weight of the claim–abstract cosine added to the normalised BM25F score (0: lexical only).
        sentences: how many matching sentences each result carries.
        k1, b: BM25's constants.
    """

    claim: float = 1.0
    thread_title: float = 0.0
    post: float = 0.0
    population: float = 0.0
    intervention: float = 0.0
    outcome: float = 0.0
    synonyms: float = 0.0
    concepts: float = 0.0
    title_weight: float = 1.0
    require_intervention: bool = False
    dense: float = 0.0
    sentences: int = 2
    k1: float = K1
    b: float = B

    def __post_init__(self) -> None:
        names = ("claim", "thread_title", "post", *ELEMENTS, "synonyms", "concepts", "title_weight", "dense")
        weights = {n: getattr(self, n) for n in names}
        bad = {n: w for n, w in weights.items() if w < 0}
        if bad:
            raise ValueError(f"rank weights must not be negative: {bad}")
        if self.sentences < 0:
            raise ValueError(f"sentences must be >= 0, got {self.sentences!r}")


@dataclass(frozen=True, slots=True)
class MatchedSentence:
    """A sentence of the abstract that holds query terms: ``abstract.text[start:end] == text``.

    ``matches`` are the half-open offsets (into ``Abstract.text``) of the words and concepts that matched.
    """

    start: int
    end: int
    text: str
    score: float
    matches: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class RankedAbstract:
    """One result: the abstract, its 1-based rank and score, its best sentences and what matched.

    ``matched`` lists the query terms (index terms, ``concept:<id>``) the abstract holds, heaviest first.
    ``intervention_matched`` is None when the query names no intervention; ``similarity`` is the claim–abstract
    cosine when the ranking was hybrid, else None.
    """

    abstract: Abstract
    rank: int
    score: float
    sentences: tuple[MatchedSentence, ...]
    matched: tuple[str, ...]
    intervention_matched: bool | None
    similarity: float | None = None


Encoder = Callable[[Sequence[str]], "np.ndarray"]
"""Texts to unit vectors, one row each (``anecdata.embed.static.StaticEmbedder.encode``)."""


def _abstract_vectors(abstracts: Sequence[Abstract], encoder: Encoder, given: Mapping[str, np.ndarray]) -> np.ndarray:
    missing = [a for a in abstracts if a.pmid not in given]
    encoded = dict(zip((a.pmid for a in missing), encoder([vector_text(a) for a in missing]), strict=True))
    return np.array([given[a.pmid] if a.pmid in given else encoded[a.pmid] for a in abstracts], dtype=np.float32)


def vector_text(abstract: Abstract) -> str:
    """What an abstract's vector is computed from: its title and its text."""
    return f"{abstract.title}. {abstract.text}" if abstract.title else abstract.text


class ClaimRanker:
    """Ranks a fixed collection of abstracts for claims; build it with :meth:`build`."""

    def __init__(
        self,
        abstracts: Sequence[Abstract],
        index: Bm25Index,
        document_terms: Sequence[frozenset[str]],
        concepts: Mapping[str, Sequence[AbstractConcept]],
        settings: RankSettings,
        stem: Stemmer,
        encoder: Encoder | None = None,
        vectors: np.ndarray | None = None,
    ) -> None:
        self.abstracts = abstracts
        self.index = index
        self.document_terms = document_terms
        self.concepts = concepts
        self.settings = settings
        self.stem = stem
        self.encoder = encoder
        self.vectors = vectors
        self._number = {a.pmid: n for n, a in enumerate(abstracts)}

    @classmethod
    def build(
        cls,
        abstracts: Sequence[Abstract],
        concepts: Iterable[AbstractConcept] = (),
        settings: RankSettings | None = None,
        stem: Stemmer = s_stem,
        encoder: Encoder | None = None,
        vectors: Mapping[str, np.ndarray] | None = None,
    ) -> ClaimRanker:
        """Index ``abstracts`` (title, abstract and the caller's concepts) for ranking.

        With ``settings.dense`` above 0 and an ``encoder``, abstracts are given vectors too: from ``vectors`` (by
        PMID, e.g. stored ones of the same model) where given, else encoded here from :func:`vector_text`.

        Raises:
            ValueError: two abstracts share a PMID, or a concept names an abstract that is not given.
        """
        settings = settings or RankSettings()
        abstracts = list(abstracts)
        pmids = [a.pmid for a in abstracts]
        if len(set(pmids)) != len(pmids):
            repeated = sorted({p for p in pmids if pmids.count(p) > 1})
            raise ValueError(f"abstracts must have unique PMIDs; repeated: {repeated[:5]}")
        by_pmid: dict[str, list[AbstractConcept]] = defaultdict(list)
        for concept in concepts:
            by_pmid[concept.pmid].append(concept)
        unknown = set(by_pmid) - set(pmids)
        if unknown:
            raise ValueError(f"concepts name abstracts that are not given: {sorted(unknown)[:5]}")
        documents = []
        for a in abstracts:
            documents.append(
                {
                    "title": [t.term for t in terms(a.title, stem)],
                    "abstract": [t.term for t in terms(a.text, stem)],
                    CONCEPTS_FIELD: [CONCEPT_PREFIX + c.concept_id for c in by_pmid.get(a.pmid, ())],
                }
            )
        params = Bm25Params(
            settings.k1, settings.b, {"title": settings.title_weight, CONCEPTS_FIELD: settings.concepts}
        )
        document_terms = [frozenset(t for part in d.values() for t in part) for d in documents]
        matrix = None
        if settings.dense and encoder is not None:
            matrix = _abstract_vectors(abstracts, encoder, vectors or {})
        return cls(
            abstracts, Bm25Index(documents, params), document_terms, dict(by_pmid), settings, stem, encoder, matrix
        )

    def query_weights(self, query: ClaimQuery) -> dict[str, float]:
        """The weighted terms ``query`` stands for under this ranker's settings (see the module docstring)."""
        s = self.settings
        weights: dict[str, float] = defaultdict(float)
        for text, weight in ((query.claim, s.claim), (query.title, s.thread_title), (query.post, s.post)):
            if weight:
                for term in term_set(text, self.stem):
                    weights[term] += weight
        for element in ELEMENTS:
            weight = getattr(s, element)
            for words, share in self._element_terms(query.element(element)):
                for term in words:
                    weights[term] += weight * share
        if s.concepts:
            for element in ELEMENTS:
                for q in query.element(element):
                    if q.concept_id:
                        weights[CONCEPT_PREFIX + q.concept_id] = s.concepts
        # sorted, so float sums over the terms add in the same order whatever the hash seed
        return {t: weights[t] for t in sorted(weights) if weights[t] > 0}

    def _element_terms(self, element: Sequence[QueryTerm]) -> Iterable[tuple[frozenset[str], float]]:
        """Each term's words with share 1, and each of its synonyms' words with the synonyms' share."""
        for q in element:
            yield term_set(q.text, self.stem), 1.0
            if self.settings.synonyms:
                for synonym in q.synonyms:
                    yield term_set(synonym, self.stem), self.settings.synonyms

    def rank(self, query: ClaimQuery, k: int = 10, among: Iterable[str] | None = None) -> list[RankedAbstract]:
        """The ``k`` abstracts that best match ``query``, best first; equal scores keep the collection's order.

        With ``require_intervention``, abstracts that name none of the query's interventions come after all that
        name one, whatever their scores.

        Args:
            query: the claim, its thread title and post, and its PIO terms.
            k: how many to return; abstracts that match no query term come last, in collection order.
            among: PMIDs to rank (re-ranking a candidate list); None ranks the whole collection.

        Raises:
            KeyError: ``among`` names a PMID the ranker does not hold.
        """
        weights = self.query_weights(query)
        numbers = list(range(len(self.abstracts))) if among is None else [self._number[p] for p in among]
        scores = self.index.scores(weights, numbers)
        similarity = self._similarity(query, numbers)
        if similarity:
            best = max((scores.get(n, 0.0) for n in numbers), default=0.0) or 1.0
            scores = {n: scores.get(n, 0.0) / best + self.settings.dense * similarity[n] for n in numbers}
        gate = self._intervention_gate(query)
        named = {n: gate(n) for n in numbers}
        order = sorted(numbers, key=lambda n: (named[n] is False, -scores.get(n, 0.0), n))
        return [
            RankedAbstract(
                abstract=self.abstracts[n],
                rank=rank,
                score=scores.get(n, 0.0),
                sentences=self._sentences(self.abstracts[n], weights),
                matched=tuple(sorted(weights.keys() & self.document_terms[n], key=lambda t: (-weights[t], t))),
                intervention_matched=named[n],
                similarity=similarity.get(n),
            )
            for rank, n in enumerate(order[:k], start=1)
        ]

    def _similarity(self, query: ClaimQuery, numbers: Sequence[int]) -> dict[int, float]:
        """The claim's cosine with each abstract, when the ranking is hybrid; empty otherwise."""
        if self.encoder is None or self.vectors is None or not numbers:
            return {}
        claim = self.encoder([query.claim])[0]
        found = self.vectors[list(numbers)] @ claim
        return {n: float(v) for n, v in zip(numbers, found, strict=True)}

    def _intervention_gate(self, query: ClaimQuery) -> Callable[[int], bool | None]:
        """Whether the abstract numbered ``n`` names one of the intervention's terms by all of its words, by a
        synonym or by the concept; None for every abstract when the gate is off or no intervention is named."""
        if not self.settings.require_intervention or not query.intervention:
            return lambda number: None
        alternatives: list[frozenset[str]] = []
        for q in query.intervention:
            alternatives += [term_set(text, self.stem) for text in (q.text, *q.synonyms)]
            if q.concept_id:
                alternatives.append(frozenset({CONCEPT_PREFIX + q.concept_id}))
        alternatives = [a for a in alternatives if a]
        return lambda number: any(a <= self.document_terms[number] for a in alternatives)

    def _sentences(self, abstract: Abstract, weights: Mapping[str, float]) -> tuple[MatchedSentence, ...]:
        if not self.settings.sentences:
            return ()
        words = list(terms(abstract.text, self.stem))
        concepts = [c for c in self.concepts.get(abstract.pmid, ()) if c.field == "abstract"]
        found = []
        for start, end in sentence_spans(abstract.text):
            hits = [(t.term, t.start, t.end) for t in words if start <= t.start and t.end <= end and t.term in weights]
            hits += [
                (CONCEPT_PREFIX + c.concept_id, c.start, c.end)
                for c in concepts
                if start <= c.start and c.end <= end and CONCEPT_PREFIX + c.concept_id in weights
            ]
            if not hits:
                continue
            # fsum is exactly rounded, so equal sentences score equal whatever order the set yields
            score = math.fsum(weights[t] * self.index.idf(t) for t in {term for term, _, _ in hits})
            matches = tuple(sorted({(s, e) for _, s, e in hits}))
            found.append(MatchedSentence(start, end, abstract.text[start:end], score, matches))
        found.sort(key=lambda m: (-m.score, m.start))
        return tuple(found[: self.settings.sentences])
