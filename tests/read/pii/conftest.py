"""Helpers for the PII tests: the analyzer with one recogniser of the bundled config, over a hand-made ``Doc``."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
import spacy
from spacy.tokens import Doc

from anecdata.read.pii.config import load_pii_config
from anecdata.read.pii.engine import LANGUAGE, build_analyzer, doc_artifacts
from anecdata.read.pii.post import CONTEXT_KEY


@pytest.fixture(scope="session")
def blank_nlp() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.fixture(scope="session")
def run_recognizer(blank_nlp):
    """``run(name, text, names=(), closing_start=None)`` → ``[(label, text), ...]`` in text order.

    Scores, context words and the threshold apply as in the pipeline; overlaps are not resolved.
    """
    config = load_pii_config()

    @cache
    def analyzer(name: str):
        only = tuple(replace(spec, enabled=spec.name == name) for spec in config.recognizers)
        return build_analyzer(replace(config, recognizers=only), blank_nlp)

    def run(name: str, text: str, names: tuple[str, ...] = (), closing_start: int | None = None):
        engine = analyzer(name)
        doc: Doc = blank_nlp.make_doc(text)
        doc.user_data[CONTEXT_KEY] = {"names": names, "closing_start": closing_start}
        results = engine.analyze(text, LANGUAGE, nlp_artifacts=doc_artifacts(doc, engine.nlp_engine))
        found = []
        for r in sorted(results, key=lambda r: r.start):
            assert 0 <= r.start < r.end <= len(text)
            found.append((r.entity_type.lower(), text[r.start : r.end]))
        return found

    return run
