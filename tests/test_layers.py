"""The architecture as a test: a module knows the layer below it and nothing above (DESIGN.md, STYLE.md §1).

Reads every module's imports with ``ast`` (nothing is imported), so a forbidden edge fails here, named.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "anecdata"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "model": ("ingest", "read", "vocab", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train"),
    "people": ("ingest", "read", "vocab", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train"),
    "vocab": ("ingest", "read", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train"),
    "ingest": ("read", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train"),
    "read": ("ingest", "store", "view", "evaluate", "cli", "jobs", "thread", "redact"),
    "store": ("read", "ingest", "view", "evaluate", "cli", "jobs", "thread", "redact", "train", "report", "web"),
    "view": ("ingest", "read", "store", "evaluate", "cli", "jobs", "train"),
    "evaluate": ("store", "view", "cli", "jobs"),
    "evidence": ("read", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train", "vocab"),
    "report": ("ingest", "evaluate", "cli", "jobs", "train", "web"),
    "search": ("ingest", "evaluate", "cli", "jobs", "train", "web", "report"),
    "embed": ("ingest", "read", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train", "vocab"),
    "web": ("ingest", "evaluate", "cli", "jobs", "train"),
    "evidence_links": ("ingest", "store", "view", "evaluate", "cli", "jobs", "thread", "redact", "train"),
    "api": ("cli", "web", "evaluate", "train"),
}
"""Layer → the packages or modules of ``anecdata`` it must not import."""


def _layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("anecdata."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("anecdata."))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer_of(p) in FORBIDDEN)
EVIDENCE_LINKS_USERS = {"evidence_links", "jobs", "cli", "web", "evaluate"}
"""Linking claims to evidence composes the pipeline's mentions with the evidence ranker: only the workflows, the
commands, the web UI and the evaluation (which scores that ranker) sit above it."""


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_a_module_imports_nothing_above_its_layer(path):
    layer = _layer_of(path)
    wrong = _imports(path) & set(FORBIDDEN[layer])
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(wrong)}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "store").glob("*.py")), ids=lambda p: p.name)
def test_layers_the_store_knows_the_evidence_model_and_nothing_else_of_evidence(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    evidence = {m for m in modules if m.startswith("anecdata.evidence")}
    assert evidence <= {"anecdata.evidence.model"}, f"store/{path.name} imports {sorted(evidence)}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_only_workflows_commands_and_evaluation_import_evidence_links(path):
    if _layer_of(path) not in EVIDENCE_LINKS_USERS:
        assert "evidence_links" not in _imports(path), f"{path.relative_to(PACKAGE)} imports evidence_links"


DRIVERS = ("sqlite3", "psycopg", "psycopg2")
"""Database drivers: only ``store/`` opens a database."""
DATABASE_CALLS = frozenset({"execute", "executemany", "executescript", "cursor", "connect", "query"})
"""Methods that run SQL or open a connection, on anything (``SqlStore.query`` takes raw SQL too): only ``store/``
calls them; every other module reads through the store's typed methods (issue 19 point 3)."""


def _database_uses(path: Path) -> list[str]:
    """The driver imports, database calls and ``.connection`` uses of one module, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        found += [f"{node.lineno}: import {n}" for n in names if n.split(".")[0] in DRIVERS]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DATABASE_CALLS:
            found.append(f"{node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.Attribute) and node.attr == "connection":
            found.append(f"{node.lineno}: .connection")
    return found


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if _layer_of(p) != "store"),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_layers_only_the_store_touches_the_database(path):
    uses = _database_uses(path)
    assert not uses, f"{path.relative_to(PACKAGE)} uses the database outside store/: {'; '.join(uses)}"


def test_layers_the_database_check_finds_drivers_calls_and_connections(tmp_path):
    module = tmp_path / "page.py"
    module.write_text(
        "import sqlite3\nfrom psycopg.rows import dict_row\n"
        "def page(store):\n    c = store.connection.cursor()\n    return store.query('SELECT 1'), c.execute('x')\n",
        encoding="utf-8",
    )
    assert sorted(_database_uses(module)) == [
        "1: import sqlite3",
        "2: import psycopg.rows",
        "4: .connection",
        "4: .cursor()",
        "5: .execute()",
        "5: .query()",
    ]
