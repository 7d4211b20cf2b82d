"""anecdata: health-forum threads turned into traceable, stand-off evidence.

The Python API (``anecdata.api``): :func:`read_texts`, :func:`read_thread` and :func:`analyze` read, and
:func:`open_store` opens a store for reading. Importing ``anecdata`` loads none of it: each name is imported when
first used, and the reading pipeline only when something is read.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (8 ms of a 10 ms import)
if TYPE_CHECKING:
    from anecdata.api import Condition, Document, Redact, Store, analyze, open_store, read_texts, read_thread

__version__ = "0.1.0"
__all__ = [
    "Condition",
    "Document",
    "Redact",
    "Store",
    "__version__",
    "analyze",
    "open_store",
    "read_texts",
    "read_thread",
]
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> object:
    """The API's names, imported from ``anecdata.api`` on first use (PEP 562)."""
    if name in _API:
        from anecdata import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'anecdata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
