"""Forum text made safe to print in a terminal: control characters become visible stand-ins, one for one.

Rich's markup escaping stops ``[bold]``, not an escape sequence: ESC, BEL, backspace or a carriage return in a
post could clear the screen, set the window title, recolour or overwrite what the reader sees. Every C0 control
but newline and tab becomes its Unicode control picture (ESC → ␛), DEL becomes ␡, a C1 control (U+0080 to
U+009F, which some terminals also obey) becomes U+FFFD, and a bidirectional control (which reorders what a
line shows) becomes U+FFFD too. Each is one character for one, so every offset into a text still holds and an
annotation still points at its words.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Characters that change the display order of the text around them (Trojan Source, CVE-2021-42574)."""
_TABLE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"}
_TABLE[0x7F] = 0x2421
_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_TABLE.update({ord(c): 0xFFFD for c in BIDI_CONTROLS})


def terminal_safe(text: str) -> str:
    """``text`` with every control character replaced by a visible stand-in of the same length."""
    return text.translate(_TABLE)


def terminal_safe_all(value: T) -> T:
    """``value`` with :func:`terminal_safe` applied to every string in it: in dataclasses (frozen ones rebuilt),
    tuples, lists and dictionaries, e.g. an analysed thread with its posts, annotations and experiences."""
    return _walk(value)  # type: ignore[no-any-return]


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_TABLE)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*(_walk(v) for v in value))
    if isinstance(value, tuple | list):
        return type(value)(_walk(v) for v in value)
    if isinstance(value, dict):
        return {_walk(k): _walk(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value
