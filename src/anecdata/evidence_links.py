"""Published evidence for a thread's claims: candidates from the loaded corpus, re-ranked, the best kept with why.

For each statement labelled ``claim`` or ``claim_per_exp`` this module builds the ranker's query (the claim, the
thread title, the post, and PIO terms from the pipeline's mentions inside the claim and the title), finds
candidates by any of the query's content words in the corpus's full-text index, re-ranks them with
:class:`~anecdata.evidence.rank.ClaimRanker` under the settings the ``evidence`` evaluation chose, and keeps the
best few. Every link is a stored abstract with its stored grade; nothing is generated and no stance is given.
A thread linked without a corpus, or with an empty one, says so per claim.

The query-building code lives here, not in ``evaluate``, because the evaluation scores the very ranker users get.
The corpus is anything with the three methods of :class:`EvidenceCorpus` (the store's ``EvidenceStore``), so
this module knows no store; the mention matcher is the reading pipeline's, imported only when first used. A
stored thread's title mentions and a corpus's kept abstract mentions (found once, when the thread was read and
the abstracts loaded) are used as given, so linking a stored thread runs no pipeline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from anecdata.embed.static import StaticEmbedder
from anecdata.evidence.model import GradedAbstract
from anecdata.evidence.query import ELEMENTS, AbstractConcept, ClaimQuery, QueryTerm
from anecdata.evidence.rank import ClaimRanker, RankedAbstract, RankSettings
from anecdata.evidence.terms import terms
from anecdata.model import (
    EVIDENCE_LABELS,
    AbstractSentence,
    Annotation,
    ClaimEvidence,
    EvidenceLink,
    GradeCue,
    Post,
    Thread,
)

if TYPE_CHECKING:
    from spacy.language import Language

TOP = 3
"""Links kept per claim."""
MIN_SHARED_CONCEPTS = 2
"""Concepts of a claim (with its thread title) an abstract must be about to be linked: a condition and what was
done for it, say. One shared concept ("piriformis") links a claim about a cause to any abstract on the condition."""
CANDIDATES = 50
"""Abstracts fetched per claim from the full-text index for re-ranking."""
MENTION_COMPONENTS = ("anecdata_sentences", "anecdata_mentions")
ELEMENT_OF_LABEL = {
    "condition": "population",
    "treatment": "intervention",
    "drug": "intervention",
    "cause": "intervention",
    "symptom": "outcome",
}
"""Which PIO element a mention fills: a condition says who, a treatment, drug or exposure (cause) what was done,
a symptom what changed. Body parts and durations fill none."""
PIO_FROM = ("claim", "title")
"""Where a claim's PIO terms come from: the claim and its thread's title, which names the thread's topic. The
rest of the post names other conditions and drugs the writer has, which are not what the claim is about."""
DEFAULT_SETTINGS = RankSettings(
    claim=1.0, thread_title=1.0, post=0.5, title_weight=2.0, require_intervention=True, dense=0.3
)
"""The ranker: the claim and thread title in full, the post's words at half weight, abstract titles twice,
abstracts that name none of the claim's interventions last, and the claim's cosine with each abstract under the
bundled static embedder at 0.3 beside the normalised BM25F score. Chosen among the variants of
``bench/evidence_rank.py`` (all reported in ``bench/results/evidence_rank.json``) on the RedHOT fact-check
folder's fifteen claims: its score there is optimistic, see the bench's leave-one-claim-out estimate."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention the matcher found: offsets into its text, its label and its concept id."""

    start: int
    end: int
    label: str
    concept_id: str


MentionFinder = Callable[[Sequence[str]], list[list[Mention]]]
"""Texts → the mentions with a concept found in each, in the same order."""


class EvidenceCorpus(Protocol):
    """What linking needs of an evidence corpus; the store's ``EvidenceStore`` is one."""

    def count(self) -> int: ...

    def search_any(self, words: Sequence[str], limit: int = ...) -> list[tuple[str, float]]: ...

    def get_many(self, pmids: Sequence[str]) -> dict[str, GradedAbstract]: ...

    def vectors(self, model: str, pmids: Sequence[str]) -> dict[str, Any]: ...


class FoundMention(Protocol):
    """A mention as a corpus keeps it (the store's ``StoredMention``): offsets, label, concept id."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...

    @property
    def concept_id(self) -> str: ...


@runtime_checkable
class MentionsKept(Protocol):
    """A corpus that keeps the mentions found in its abstracts when they were loaded (the store's
    ``EvidenceStore``, filled by ``jobs.find_abstract_mentions``): the ranker reads them instead of matching
    each candidate's title and text again on every request."""

    def mentions(self, pmids: Sequence[str]) -> Mapping[str, tuple[Sequence[FoundMention], Sequence[FoundMention]]]: ...


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """How many links a claim keeps, how many candidates are re-ranked for it, and the ranker's weights."""

    top: int = TOP
    candidates: int = CANDIDATES
    rank: RankSettings = DEFAULT_SETTINGS

    def __post_init__(self) -> None:
        if self.top < 1:
            raise ValueError(f"top must be at least 1, got {self.top!r}")
        if self.candidates < self.top:
            raise ValueError(f"candidates ({self.candidates!r}) must be at least top ({self.top!r})")


@dataclass(frozen=True, slots=True)
class ClaimTopic:
    """What a claim is about: the concepts it names itself (``own``), and its thread's (``context``: the title's,
    or the conditions the opening post names when the thread has no title), which on a forum say the topic."""

    own: frozenset[str]
    context: frozenset[str] = frozenset()


def thread_topic(thread: Thread, title_mentions: Sequence[Mention]) -> frozenset[str]:
    """The concepts of the thread title, or without a title those of the conditions its opening post names."""
    if thread.title:
        return frozenset(m.concept_id for m in title_mentions)
    opening = thread.posts[0].layer("mention") if thread.posts else ()
    return frozenset(a.attrs["concept_id"] for a in opening if a.label == "condition" and _has_concept(a))


@cache
def _mention_pipeline() -> Language:
    from anecdata.read.pipeline import build_pipeline

    return build_pipeline(MENTION_COMPONENTS)


def find_mentions(texts: Sequence[str]) -> list[list[Mention]]:
    """The reading pipeline's mention matcher over plain texts (abstracts, titles): each mention with a concept.

    The matcher is built on the first call and kept, so importing this module loads no pipeline.
    """
    from anecdata.read.pipeline import annotate_texts

    return [
        [Mention(a.start, a.end, a.label, a.attrs["concept_id"]) for a in found if _has_concept(a)]
        for found in annotate_texts(texts, _mention_pipeline())
    ]


def _has_concept(a: Annotation) -> bool:
    return a.layer == "mention" and bool(a.attrs.get("concept_id"))


@cache
def _synonym_table() -> dict[str, tuple[str, ...]]:
    """Concept id → every phrase of the compiled lexicon that names it, and its preferred name."""
    from anecdata.vocab.compiled import load_lexicon

    lexicon = load_lexicon()
    phrases: dict[int, list[str]] = defaultdict(list)
    for phrase, index in lexicon.phrases.items():
        phrases[index].append(phrase)
    return {
        entry.id: tuple(dict.fromkeys([entry.name.lower(), *sorted(phrases.get(index, ()))]))
        for index, entry in enumerate(lexicon.entries)
    }


def vocabulary_synonyms(concept_id: str) -> tuple[str, ...]:
    """The vocabulary's names for ``concept_id`` (empty for an id the lexicon does not hold), then the names of
    what addresses it (``vocab/data/addresses.tsv``): a claim that inner tension is the cause is weighed by
    studies of mind-body approaches, which name no "inner tension"."""
    own = _synonym_table().get(concept_id, ())
    others = (n for related in sorted(_addressed(concept_id)) for n in _synonym_table().get(related, ()))
    return tuple(dict.fromkeys([*own, *others]))


@cache
def _hierarchy_ids() -> dict[str, str]:
    """A mention's concept id (the lexicon entry's id) → the id the vocabulary's hierarchy knows it by."""
    from anecdata.vocab.compiled import load_lexicon
    from anecdata.vocab.hierarchy import entry_id

    return {entry.id: entry_id(entry) for entry in load_lexicon().entries}


@cache
def _mention_ids() -> dict[str, str]:
    """The id the vocabulary's hierarchy knows a concept by → the mention's concept id (``_hierarchy_ids``
    turned round, built once)."""
    return {h: c for c, h in _hierarchy_ids().items()}


@cache
def _addressed(concept_id: str) -> frozenset[str]:
    """The mention concept ids of what addresses ``concept_id`` or what it addresses."""
    from anecdata.vocab.hierarchy import addressed

    by_hierarchy = _mention_ids()
    found = addressed(_hierarchy_ids().get(concept_id, concept_id))
    return frozenset(by_hierarchy[h] for h in found if h in by_hierarchy)


@cache
def _topic(concept_id: str) -> frozenset[str]:
    """``concept_id``, the concepts under it in the vocabulary's hierarchy, and what addresses it (mention ids)."""
    from anecdata.vocab.compiled import load_lexicon
    from anecdata.vocab.hierarchy import narrower

    by_hierarchy = _mention_ids()
    under = narrower(load_lexicon(), _hierarchy_ids().get(concept_id, concept_id))
    return frozenset({concept_id, *_addressed(concept_id), *(by_hierarchy[h] for h in under if h in by_hierarchy)})


def same_topic(a: str, b: str) -> bool:
    """Whether two concepts are about one thing: the same, one under the other, or one addressing the other."""
    return b in _topic(a) or a in _topic(b)


def shared_concepts(claim: Iterable[str], abstract: Iterable[str]) -> frozenset[str]:
    """The claim's concepts an abstract is about too (see :func:`same_topic`)."""
    abstract = list(abstract)
    return frozenset(c for c in claim if any(same_topic(c, a) for a in abstract))


def claim_query(
    claim: str,
    title: str,
    post: str,
    mentions: Iterable[tuple[str, Mention]],
    synonyms: Callable[[str], tuple[str, ...]] = vocabulary_synonyms,
) -> ClaimQuery:
    """The ranker's query: the claim, its thread title and post, and one PIO term per concept the mentions name.

    Args:
        claim: the claim's text.
        title: the title of the thread the claim was made in ("" when none).
        post: the post the claim was made in.
        mentions: ``(text, mention)`` pairs, the mention's offsets pointing into that text; which texts' mentions
            are given decides where the PIO elements come from.
        synonyms: concept id → other names of the concept.
    """
    elements: dict[str, dict[str, QueryTerm]] = {"population": {}, "intervention": {}, "outcome": {}}
    for text, mention in mentions:
        element = ELEMENT_OF_LABEL.get(mention.label)
        if element is None or mention.concept_id in elements[element]:
            continue
        surface = text[mention.start : mention.end]
        names = tuple(s for s in synonyms(mention.concept_id) if s != surface.lower())
        elements[element][mention.concept_id] = QueryTerm(surface, mention.concept_id, names)
    return ClaimQuery(claim, title, post, *(tuple(terms.values()) for terms in elements.values()))


def search_words(query: ClaimQuery) -> list[str]:
    """The words a claim's candidates are searched by: the content words of the claim and the thread title, and
    the names of its interventions with their vocabulary synonyms (an abstract names a drug by its generic name),
    in that order, which a corpus too large to search by every word follows. The rest of the post is left out: it
    would make almost any abstract a candidate."""
    texts = [query.claim, query.title, *(name for q in query.intervention for name in (q.text, *q.synonyms))]
    return list(dict.fromkeys(text[t.start : t.end].lower() for text in texts for t in terms(text)))


def claims(thread: Thread) -> list[tuple[Post, Annotation]]:
    """The thread's claim annotations (:data:`~anecdata.model.EVIDENCE_LABELS`) with their posts, in text order:
    one per sentence (a sentence that is a claim and a claim from experience gets one block of evidence), and
    none for a question, whatever else it is labelled ("Have you stopped the symptoms?" asks, it claims nothing).
    """
    found = []
    for post in thread.posts:
        statements = post.layer("statement")
        asked = {(a.start, a.end) for a in statements if a.label == "question"}
        seen: set[tuple[int, int]] = set()
        for a in statements:
            extent = (a.start, a.end)
            if a.label in EVIDENCE_LABELS and extent not in seen and extent not in asked and not _asks(a.text):
                seen.add(extent)
                found.append((post, a))
    return found


def _asks(text: str) -> bool:
    return text.rstrip().endswith("?")


def thread_claim_query(thread: Thread, post: Post, claim: Annotation, title_mentions: Sequence[Mention]) -> ClaimQuery:
    """The query for one claim of ``thread``: PIO terms from the pipeline's mentions inside the claim's sentence
    and from ``title_mentions`` (the matcher's, over the thread title).

    Umbrella treatments ("tried everything", "many routes") are left out: they name no intervention a study could
    have tested, and as one they would let any abstract that says "treatment" pass the intervention check.
    """
    title = thread.title or ""
    inside = [(post.text, Mention(a.start, a.end, a.label, a.attrs["concept_id"])) for a in _inside(post, claim)]
    return claim_query(claim.text, title, post.text, [*inside, *((title, m) for m in title_mentions)])


def _inside(post: Post, claim: Annotation) -> list[Annotation]:
    """The mentions with a concept inside a claim, umbrella treatments left out."""
    return [
        a
        for a in post.layer("mention")
        if _has_concept(a) and not a.attrs.get("generic") and claim.start <= a.start and a.end <= claim.end
    ]


def link_evidence(
    thread: Thread,
    corpus: EvidenceCorpus | None,
    settings: LinkSettings = LinkSettings(),
    mention_finder: MentionFinder = find_mentions,
    title_mentions: Sequence[FoundMention] | None = None,
) -> Thread:
    """``thread`` with one :class:`~anecdata.model.ClaimEvidence` per claim, replacing any it had.

    Without a corpus, or with an empty one, every claim says ``no_corpus``. Otherwise each claim keeps up to
    ``settings.top`` abstracts, best first, among those that name the claim's intervention when it names one (an
    abstract about another treatment is not evidence for this one) and that name it or share a word with the
    claim or thread title (see :func:`_about`); none left is ``no_match``.

    Args:
        thread: an analysed thread (its posts carry the pipeline's statements and mentions).
        corpus: the loaded abstracts, or None when the user named none.
        settings: how many links, how many candidates, the ranker's weights.
        mention_finder: the mention matcher for the thread title and the candidate abstracts (those whose
            mentions the corpus keeps are not matched again).
        title_mentions: the matcher's mentions of the thread title when they were found before (a stored thread's
            are kept by the store); None matches the title now.
    """
    found = claims(thread)
    if not found:
        return replace(thread, evidence=())
    if corpus is None or corpus.count() == 0:
        return replace(thread, evidence=tuple(ClaimEvidence(a.id, p.id, "no_corpus") for p, a in found))
    if not thread.title:
        title = []
    elif title_mentions is None:
        title = mention_finder([thread.title])[0]
    else:
        title = [_mention(m) for m in title_mentions]
    queries = [thread_claim_query(thread, p, a, title) for p, a in found]
    context = thread_topic(thread, title)
    topics = [ClaimTopic(frozenset(m.attrs["concept_id"] for m in _inside(p, a)), context) for p, a in found]
    evidence = [
        ClaimEvidence(claim.id, post.id, "found" if links else "no_match", links)
        for (post, claim), links in zip(found, _links(queries, topics, corpus, settings, mention_finder), strict=True)
    ]
    return replace(thread, evidence=tuple(evidence))


def link_topics(
    topics: Sequence[str],
    title: str,
    corpus: EvidenceCorpus | None,
    settings: LinkSettings = LinkSettings(),
    mention_finder: MentionFinder = find_mentions,
) -> list[tuple[str, tuple[EvidenceLink, ...]]] | None:
    """The best loaded abstracts for each topic of a report ("night splint", said of "plantar fasciitis"), as
    for a claim that names only the topic, made in a thread titled ``title``; None without a corpus or with an
    empty one."""
    if corpus is None or corpus.count() == 0:
        return None
    if not topics:
        return []
    found = mention_finder([*topics, title])
    title_mentions = [(title, m) for m in found[-1]]
    queries = [
        claim_query(topic, title, "", [*((topic, m) for m in mentions), *title_mentions])
        for topic, mentions in zip(topics, found[:-1], strict=True)
    ]
    context = frozenset(m.concept_id for _, m in title_mentions)
    about = [ClaimTopic(frozenset(m.concept_id for m in mentions), context) for mentions in found[:-1]]
    return list(zip(topics, _links(queries, about, corpus, settings, mention_finder), strict=True))


def _links(
    queries: Sequence[ClaimQuery],
    topics: Sequence[ClaimTopic],
    corpus: EvidenceCorpus,
    settings: LinkSettings,
    mention_finder: MentionFinder,
) -> list[tuple[EvidenceLink, ...]]:
    """Each query's links: candidates by any of its words, re-ranked together, the best ``settings.top`` kept
    among those about the claim's ``topics``."""
    candidates = [[pmid for pmid, _ in corpus.search_any(search_words(q), settings.candidates)] for q in queries]
    graded = corpus.get_many(sorted({pmid for pmids in candidates for pmid in pmids}))
    ranker = _ranker(graded, settings.rank, mention_finder, corpus)
    return [
        tuple(
            _link(r, graded[r.abstract.pmid])
            for r in _best(ranker, q, mine, [p for p in pmids if p in graded], settings.top)
        )
        for q, mine, pmids in zip(queries, topics, candidates, strict=True)
    ]


def _best(
    ranker: ClaimRanker, query: ClaimQuery, topic: ClaimTopic, among: list[str], top: int
) -> list[RankedAbstract]:
    """The ``top`` best of ``among`` that are :func:`_about` the claim, best first.

    The ranker finds each result's best sentences, which costs more than ranking, so the first ``top`` are asked
    for first; only when some of them are not about the claim is every candidate ranked. Either way the result
    is the first ``top`` of the full ranking that are about the claim.
    """
    if not among:
        return []
    ranked = ranker.rank(query, k=top, among=among)
    kept = [r for r in ranked if _about(r, query, topic, ranker)]
    if len(kept) < top < len(among):
        ranked = ranker.rank(query, k=len(among), among=among)
        kept = [r for r in ranked if _about(r, query, topic, ranker)]
    return kept[:top]


def _about(ranked: RankedAbstract, query: ClaimQuery, topic: ClaimTopic, ranker: ClaimRanker) -> bool:
    """Whether a ranked abstract may be shown for the claim: it names the claim's intervention (or what addresses
    it) when the claim names one, and it is about :data:`MIN_SHARED_CONCEPTS` of the claim's concepts with its thread's,
    one of them named in the claim itself. Words alone link a story to any abstract that shares them ("I had the
    exact same thing last year" to a marathon case report); the post's words help order candidates but never
    make an abstract about the claim.
    """
    if ranked.intervention_matched is False:
        return False
    query_concepts = {q.concept_id for name in ELEMENTS for q in query.element(name) if q.concept_id}
    found = {c.concept_id for c in ranker.concepts.get(ranked.abstract.pmid, ())}
    shared = shared_concepts(topic.own | topic.context | query_concepts, found)
    return len(shared) >= MIN_SHARED_CONCEPTS and not shared.isdisjoint(topic.own)


def _ranker(
    graded: Mapping[str, GradedAbstract],
    settings: RankSettings,
    finder: MentionFinder,
    corpus: EvidenceCorpus | None = None,
) -> ClaimRanker:
    """A ranker over every claim's candidates together (ordered by PMID, which breaks ties), with the concepts
    the matcher finds in their titles and texts, as the evaluation builds it; hybrid when ``settings.dense`` is
    above 0, with the corpus's stored vectors of the bundled model where it has them."""
    abstracts = [graded[pmid].abstract for pmid in sorted(graded)]
    fields = [(a.pmid, name, text) for a in abstracts for name, text in (("title", a.title), ("abstract", a.text))]
    found = _abstract_mentions(fields, finder, corpus)
    concepts = [
        AbstractConcept(pmid, m.concept_id, name, m.start, m.end)
        for (pmid, name, _), mentions in zip(fields, found, strict=True)
        for m in mentions
    ]
    if not settings.dense:
        return ClaimRanker.build(abstracts, concepts, settings)
    embedder = bundled_embedder()
    stored = corpus.vectors(embedder.key, sorted(graded)) if corpus is not None else {}
    return ClaimRanker.build(abstracts, concepts, settings, encoder=embedder.encode, vectors=stored)


def _abstract_mentions(
    fields: Sequence[tuple[str, str, str]], finder: MentionFinder, corpus: EvidenceCorpus | None
) -> list[list[Mention]]:
    """The mentions of each (PMID, field, text): those the corpus kept when the abstract was loaded (see
    :class:`MentionsKept`), the rest found by ``finder`` now."""
    kept = corpus.mentions([pmid for pmid, _, _ in fields]) if isinstance(corpus, MentionsKept) else {}
    found: list[list[Mention] | None] = [
        [_mention(m) for m in kept[pmid][0 if name == "title" else 1]] if pmid in kept else None
        for pmid, name, _ in fields
    ]
    missing = [i for i, mentions in enumerate(found) if mentions is None]
    if missing:
        for i, mentions in zip(missing, finder([fields[i][2] for i in missing]), strict=True):
            found[i] = mentions
    return [mentions or [] for mentions in found]


def _mention(m: FoundMention) -> Mention:
    return m if isinstance(m, Mention) else Mention(m.start, m.end, m.label, m.concept_id)


def bundled_embedder() -> StaticEmbedder:
    """The embedding model of the hybrid ranking (``anecdata.embed``), loaded once."""
    return StaticEmbedder.load()


def _link(ranked: RankedAbstract, graded: GradedAbstract) -> EvidenceLink:
    """A ranked abstract as a link: its record, its stored grade and the cue behind it, its best sentence."""
    a, grade, cue = ranked.abstract, graded.grade, graded.grade.cue
    best = ranked.sentences[0] if ranked.sentences else None
    return EvidenceLink(
        pmid=a.pmid,
        title=a.title,
        design=grade.design,
        level=grade.level,
        cue=GradeCue(cue.rule, cue.source, cue.text, cue.start, cue.end),
        sentence=AbstractSentence(best.start, best.end, best.text) if best else None,
        year=a.year,
        journal=a.journal,
        score=round(ranked.score, 3),
        matched=ranked.matched,
    )
