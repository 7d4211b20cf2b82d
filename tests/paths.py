"""Where the tests find the project's own example threads (importable: ``from paths import ...``)."""

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example_threads() -> list[Path]:
    """The project's own example threads (each has an ``.expected.json`` beside it)."""
    return sorted(EXAMPLES.glob("*.txt"))
