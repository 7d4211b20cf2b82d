"""Reading a component's JSON rule file: the bundled one by name, or a user's file by path, with one error type."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from anecdata.errors import RuleError

BUILTIN = "builtin"
"""The name that selects a component's bundled rule file."""


def read_rule_json(source: str | Path, package: str, filename: str, what: str) -> Any:
    """The parsed JSON of ``package``'s ``data/filename`` when ``source`` is ``"builtin"``, else of ``source``.

    Raises:
        RuleError: the file is missing, unreadable or not JSON; the message names ``what`` and the source.
    """
    try:
        if source == BUILTIN:
            text = resources.files(package).joinpath("data", filename).read_text("utf-8")
        else:
            text = Path(source).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as e:
        raise RuleError(f"cannot read {what} from {str(source)!r}: {e}") from e


def refuse_repeated_ids(ids: Iterable[str], what: str) -> None:
    """Rule ids name rules in explanations, so each must be unique in its file.

    Raises:
        RuleError: naming every id that appears more than once.
    """
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise RuleError(f"{what} ids appear twice: {repeated}")


def versioned_list(data: Any, version: int, key: str, what: str) -> list[Any]:
    """The list under ``key`` of a rule file's ``{"version": N, key: [...]}`` object.

    Raises:
        RuleError: another shape, or another version (a file written for a different anecdata).
    """
    if not isinstance(data, Mapping) or set(data) != {"version", key} or data["version"] != version:
        keys = sorted(data) if isinstance(data, Mapping) else type(data).__name__
        raise RuleError(f"{what} is {{'version': {version}, '{key}': [...]}}, got {keys}")
    if not isinstance(data[key], list):
        raise RuleError(f"{what}: '{key}' must be a list")
    return data[key]
