"""Registered names are an interface: renaming a component, task, trainer or recogniser is a reviewed change.

The committed ``registry_snapshot.json`` lists every name; this test fails when a name disappears or appears
without the snapshot being updated with it (STYLE.md §2.8).
"""

import json
from pathlib import Path

from spacy.language import Language

from anecdata.cli.train import TRAINERS
from anecdata.evaluate import all_tasks
from anecdata.read.pii.registry import RECOGNIZERS
from anecdata.read.pipeline import DEFAULT_COMPONENTS

SNAPSHOT = Path(__file__).parent / "registry_snapshot.json"


def current_registry() -> dict[str, list[str]]:
    return {
        "pipeline_components": list(DEFAULT_COMPONENTS),
        "spacy_factories": sorted(n for n in Language.factories if n.startswith("anecdata_")),
        "evaluation_tasks": sorted(all_tasks()),
        "trainers": sorted(TRAINERS),
        "pii_recognizers": sorted(RECOGNIZERS),
    }


def test_registry_snapshot_matches_the_registered_names():
    assert current_registry() == json.loads(SNAPSHOT.read_text())
