"""``pii.toml``: which recognisers run, with which scores and context words, loaded strictly (STYLE.md 2.7, 7).

Users turn PII kinds on and off, or retune them, without code: the bundled file lists every recogniser by its
registered name; a file of the same shape can replace it (``anecdata_pii`` component's ``config`` setting).
An unknown key, an unknown recogniser or a score outside [0, 1] fails at load time, naming the file and the entry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from anecdata.errors import ConfigError

BUILTIN = "builtin"
CONFIG_FILE = "pii.toml"
SECTIONS = frozenset({"analyzer", "context", "stop_list", "recognizer"})
RECOGNIZER_KEYS = frozenset({"name", "enabled", "scores", "context", "threshold"})
"""Keys every ``[[recognizer]]`` entry may have; a recogniser declares any others it takes (registry.py)."""


@dataclass(frozen=True, slots=True)
class ContextSettings:
    """How context words raise scores: the window searched around a finding, the boost, the least result."""

    words_before: int = 5
    words_after: int = 2
    boost: float = 0.35
    floor: float = 0.5


DEFAULT_CONTEXT = ContextSettings()


@dataclass(frozen=True, slots=True)
class RecognizerSpec:
    """One ``[[recognizer]]`` entry: a registered name, whether it runs, and what it overrides.

    ``context`` None keeps the recogniser's own words; ``threshold`` None uses the analyzer's;
    ``options`` holds recogniser-specific keys (the tagger's ``model`` and ``bias``).
    """

    name: str
    enabled: bool = True
    scores: Mapping[str, float] = field(default_factory=dict)
    context: tuple[str, ...] | None = None
    threshold: float | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PiiConfig:
    """The whole file: the analyzer's threshold, context settings, the medical stop-list, the recognisers."""

    score_threshold: float
    context: ContextSettings
    stop_words: tuple[str, ...]
    use_lexicon: bool
    recognizers: tuple[RecognizerSpec, ...]
    source: str

    @property
    def enabled(self) -> tuple[RecognizerSpec, ...]:
        return tuple(r for r in self.recognizers if r.enabled)


def _score(value: Any, what: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ConfigError(f"{where}: {what} must be a number in [0, 1], got {value!r}")
    return float(value)


def _table(data: Mapping[str, Any], key: str, allowed: frozenset[str], where: str) -> Mapping[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [{key}] must be a table")
    if unknown := set(table) - allowed:
        raise ConfigError(f"{where}: [{key}] has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    return table


def _words(value: Any, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ConfigError(f"{where}: {what} must be a list of non-empty strings")
    return tuple(value)


def _recognizer(entry: Any, options: Mapping[str, frozenset[str]], where: str) -> RecognizerSpec:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(f"{where}: each [[recognizer]] needs a name, got {entry!r}")
    name = entry["name"]
    label = f"{where}: recogniser {name!r}"
    if name not in options:
        raise ConfigError(f"{label} is not registered; registered: {', '.join(sorted(options))}")
    allowed = RECOGNIZER_KEYS | options[name]
    if unknown := set(entry) - allowed:
        raise ConfigError(f"{label} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    scores = entry.get("scores", {})
    if not isinstance(scores, dict):
        raise ConfigError(f"{label}: scores must be a table of rule = score")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{label}: enabled must be true or false, got {enabled!r}")
    threshold = entry.get("threshold")
    return RecognizerSpec(
        name=name,
        enabled=enabled,
        scores={rule: _score(s, f"score of {rule!r}", label) for rule, s in scores.items()},
        context=_words(entry["context"], "context", label) if "context" in entry else None,
        threshold=None if threshold is None else _score(threshold, "threshold", label),
        options={k: v for k, v in entry.items() if k in options[name]},
    )


def parse_pii_config(text: str, where: str) -> PiiConfig:
    """A ``PiiConfig`` from TOML text; ``where`` names the file in errors."""
    from anecdata.read.pii.registry import RECOGNIZERS

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: not valid TOML ({e})") from e
    if unknown := set(data) - {"analyzer", "context", "stop_list", "recognizer"}:
        raise ConfigError(
            f"{where}: unknown sections {sorted(unknown)}; allowed: analyzer, context, stop_list, recognizer"
        )
    analyzer = _table(data, "analyzer", frozenset({"score_threshold"}), where)
    context = _table(data, "context", frozenset({"words_before", "words_after", "boost", "floor"}), where)
    stop_list = _table(data, "stop_list", frozenset({"lexicon", "words"}), where)
    for key in ("words_before", "words_after"):
        if key in context and (not isinstance(context[key], int) or isinstance(context[key], bool) or context[key] < 0):
            raise ConfigError(f"{where}: [context] {key} must be a whole number >= 0, got {context[key]!r}")
    entries = data.get("recognizer", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: recognisers are [[recognizer]] entries")
    options = {name: entry.options for name, entry in RECOGNIZERS.items()}
    recognizers = tuple(_recognizer(e, options, where) for e in entries)
    names = [r.name for r in recognizers]
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise ConfigError(f"{where}: recognisers listed twice: {duplicates}")
    use_lexicon = stop_list.get("lexicon", True)
    if not isinstance(use_lexicon, bool):
        raise ConfigError(f"{where}: [stop_list] lexicon must be true or false")
    return PiiConfig(
        score_threshold=_score(analyzer.get("score_threshold", 0.5), "[analyzer] score_threshold", where),
        context=ContextSettings(
            words_before=context.get("words_before", DEFAULT_CONTEXT.words_before),
            words_after=context.get("words_after", DEFAULT_CONTEXT.words_after),
            boost=_score(context.get("boost", DEFAULT_CONTEXT.boost), "[context] boost", where),
            floor=_score(context.get("floor", DEFAULT_CONTEXT.floor), "[context] floor", where),
        ),
        stop_words=_words(stop_list.get("words", []), "[stop_list] words", where),
        use_lexicon=use_lexicon,
        recognizers=recognizers,
        source=where,
    )


def load_pii_config(source: str = BUILTIN) -> PiiConfig:
    """The bundled ``read/pii/data/pii.toml`` (``"builtin"``) or the TOML file at the path ``source``."""
    if source == BUILTIN:
        text = resources.files("anecdata.read.pii").joinpath("data", CONFIG_FILE).read_text("utf-8")
        return parse_pii_config(text, f"read/pii/data/{CONFIG_FILE}")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read PII configuration {source!r}: {e.strerror}") from e
    return parse_pii_config(text, source)
