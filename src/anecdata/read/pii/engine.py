"""Presidio on the project's spaCy pipeline: an NLP engine over our ``Doc``, a linear context enhancer, the analyzer.

Presidio's defaults would load (and try to download) ``en_core_web_lg`` and its e-mail recogniser would fetch the
public suffix list. Here nothing downloads: the NLP engine wraps the ``Doc`` the reading pipeline already made
(a blank English tokenizer, sentences from ``anecdata_sentences``), and the recognisers are anecdata's own.

Presidio's ``LemmaContextAwareEnhancer`` finds a result's token by a linear scan and tests context words against a
list, so a post with thousands of findings takes quadratic time; ``WindowContextEnhancer`` finds the token by
bisection and tests against a set, and records where the supporting word is, as a cue.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from anecdata.model import Cue
from anecdata.read.pii.allow_list import AllowList
from anecdata.read.pii.config import ContextSettings, PiiConfig
from anecdata.read.pii.recognizers.base import CUES_KEY
from anecdata.read.pii.registry import allow_list_for, build_recognizers

LANGUAGE = "en"


class DocArtifacts(NlpArtifacts):
    """Presidio's view of a processed ``Doc``: its tokens; no entities, since names are a recogniser's job.

    Token offsets, lower-case forms (the blank pipeline has no lemmatizer) and keywords are worked out only if
    something asks for them: anecdata's recognisers and context enhancer read the ``Doc`` itself, and building
    them for every post cost more than some recognisers.
    """

    def __init__(self, doc: Doc, engine: NlpEngine) -> None:
        self.entities: list = []
        self.tokens = doc
        self.nlp_engine = engine
        self.scores: list[float] = []

    @cached_property
    def tokens_indices(self) -> list[int]:  # type: ignore[override]
        return [t.idx for t in self.tokens]

    @cached_property
    def lemmas(self) -> list[str]:  # type: ignore[override]
        return [t.lower_ for t in self.tokens]

    @cached_property
    def keywords(self) -> list[str]:  # type: ignore[override]
        return self.set_keywords(self.nlp_engine, self.lemmas, LANGUAGE)


def doc_artifacts(doc: Doc, engine: NlpEngine) -> NlpArtifacts:
    """Presidio's view of a processed ``Doc`` (``DocArtifacts``)."""
    return DocArtifacts(doc, engine)


class DocNlpEngine(NlpEngine):
    """An NLP engine that tokenises with the reading pipeline's tokenizer and loads no model.

    The ``anecdata_pii`` component passes ready artifacts of its ``Doc``; ``process_text`` serves callers that
    give Presidio a bare text.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def load(self) -> None:
        """Nothing to load."""

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return doc_artifacts(self.nlp.make_doc(text), self)

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs: object
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() in STOP_WORDS

    def is_punct(self, word: str, language: str) -> bool:
        return len(word) == 1 and not word.isalnum()

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return [LANGUAGE]


class WindowContextEnhancer(ContextAwareEnhancer):
    """Raises a result's score when one of its recogniser's context words is among the words around it.

    Whole words only (Presidio's default substring match lets "card" match "discard"). The window is counted in
    non-space tokens, before the result's first token and after its last. A boosted result gets ``boost`` added,
    at least ``floor``, at most 1; its explanation names the word and its metadata carries the word's offsets.
    """

    def __init__(self, settings: ContextSettings) -> None:
        super().__init__(
            context_similarity_factor=settings.boost,
            min_score_with_context_similarity=settings.floor,
            context_prefix_count=settings.words_before,
            context_suffix_count=settings.words_after,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        words = {r.id: frozenset(w.lower() for w in r.context) for r in recognizers if r.context}
        doc = nlp_artifacts.tokens if nlp_artifacts is not None else None
        if not words or not isinstance(doc, Doc):
            return raw_results
        tokens: list[Token] = []
        starts: list[int] = []
        for result in raw_results:
            metadata = result.recognition_metadata
            wanted = words.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if not wanted or metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            if not tokens:
                tokens = [t for t in doc if not t.is_space]
                starts = [t.idx for t in tokens]
            first = bisect.bisect_right(starts, result.start) - 1
            last = bisect.bisect_left(starts, result.end)
            window = tokens[max(first - self.context_prefix_count, 0) : max(first, 0)]
            window += tokens[last : last + self.context_suffix_count]
            support = next((t for t in window if t.lower_ in wanted), None)
            if support is None:
                continue
            score = min(max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity), 1)
            result.score = score
            metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            metadata[CUES_KEY] = (*metadata.get(CUES_KEY, ()), Cue(support.idx, support.idx + len(support), "context"))
            if result.analysis_explanation is not None:
                result.analysis_explanation.set_supportive_context_word(support.lower_)
                result.analysis_explanation.set_improved_score(score)
        return raw_results


class AllowListAnalyzer(AnalyzerEngine):
    """Presidio's analyzer with the allow-list step after the context words: one step, fed by the vocabulary,
    drops the person and place findings that are medicine, calendar or discourse words (``allow_list.py``)."""

    def __init__(self, allow_list: AllowList, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.vocabulary_allow_list = allow_list

    def analyze(self, text: str, language: str, *args: Any, **kwargs: Any) -> list[RecognizerResult]:
        results = super().analyze(text, language, *args, **kwargs)
        artifacts = kwargs.get("nlp_artifacts")
        doc = artifacts.tokens if artifacts is not None and isinstance(artifacts.tokens, Doc) else None
        return self.vocabulary_allow_list.filter(text, results, doc)


def build_analyzer(config: PiiConfig, nlp: Language) -> AnalyzerEngine:
    """A Presidio ``AnalyzerEngine`` with only anecdata's recognisers, our NLP engine, context enhancer and
    allow-list step."""
    registry = RecognizerRegistry(recognizers=build_recognizers(config), supported_languages=[LANGUAGE])
    return AllowListAnalyzer(
        allow_list_for(config),
        registry=registry,
        nlp_engine=DocNlpEngine(nlp),
        supported_languages=[LANGUAGE],
        default_score_threshold=config.score_threshold,
        context_aware_enhancer=WindowContextEnhancer(config.context),
    )
