"""Text made safe: for the terminal (control characters shown as escapes) and for
spreadsheets (cells that would run as formulas neutralised); cutting text with an ellipsis.
Imports nothing."""

from __future__ import annotations

from typing import Any

ELLIPSIS = "…"
#: Cells a spreadsheet would read as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unsafe(ch: str) -> bool:
    return (ch < " " or "\x7f" <= ch <= "\x9f" or ch in "\u2028\u2029\ufeff"
            or "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"
            or "\ud800" <= ch <= "\udfff")


def clean(text: str) -> str:
    """Text for the terminal: tabs and line breaks become spaces (one line), every other
    control character (ESC, bidi overrides...) is shown as an escape such as ``\\x1b``."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif _unsafe(ch):
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def neutralise(cell: str) -> str:
    """A CSV/TSV cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def cell_text(value: Any, separator: str = ", ") -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return separator.join(str(v) for v in value)
    return str(value)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, an ellipsis marking what was cut."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[:max(width - 1, 0)].rstrip() + ELLIPSIS
