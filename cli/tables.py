"""Tables that fit: tabulate's layout with long cells cut with an ellipsis, the widest columns
first, so no line is longer than the width asked for."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from .text import cell_text, clean, cut

Columns = Sequence[tuple[str, str]]


def render_table(rows: Sequence[dict[str, Any]], columns: Columns, *, width: int | None,
                 fmt: str = "simple") -> str:
    """The rows as a tabulate table of ``columns``; with a ``width``, cells are cut with an
    ellipsis (widest first) and, if that is not enough, trailing columns dropped, so no line
    is longer than ``width``."""
    columns = list(columns)
    cells = [[clean(" ".join(cell_text(r.get(k)).split())) for k, _ in columns] for r in rows]
    headers = [h for _, h in columns]
    if width is None:
        return _tabulate(cells, headers, fmt)
    while True:
        caps = _caps(cells, headers, width, fmt)
        if caps is not None or len(headers) == 1:
            break
        headers, cells = headers[:-1], [row[:-1] for row in cells]
    caps = caps or [max(width - _overhead(1, fmt), 1)]
    for _ in range(8):  # the model of tabulate's layout is checked against what it draws
        table = [[cut(c, cap) for c, cap in zip(row, caps, strict=True)] for row in cells]
        text = _tabulate(table, [cut(h, cap + 2) for h, cap in zip(headers, caps,
                                                                       strict=True)], fmt)
        excess = max((len(line) for line in text.splitlines()), default=0) - width
        if excess <= 0:
            return text
        widest = max(range(len(caps)), key=lambda i: caps[i])
        if caps[widest] <= 1:
            break
        caps[widest] = max(caps[widest] - excess, 1)
    return "\n".join(cut(line, width) for line in text.splitlines())


def _tabulate(cells: list[list[str]], headers: list[str], fmt: str) -> str:
    from tabulate import tabulate  # not at import: `--help` loads no table library

    return tabulate(cells, headers=headers, tablefmt=fmt, disable_numparse=True)


@functools.lru_cache(maxsize=64)
def _overhead(n: int, fmt: str) -> int:
    """What a format adds to the widths of n columns (borders, separators, padding)."""
    drawn = _tabulate([["x"] * n], ["x"] * n, fmt)
    return max(len(line) for line in drawn.splitlines()) - n * 3  # "x" + tabulate's padding


def _caps(cells: list[list[str]], headers: list[str], width: int, fmt: str) -> list[int] | None:
    """The longest text each column may keep so the table fits, or None if even the
    narrowest useful columns do not."""
    budget = width - _overhead(len(headers), fmt)
    natural = [max([len(h) + 2, *(len(row[i]) for row in cells)])
               for i, h in enumerate(headers)]
    # a column keeps at least its header and 10 characters (a date) unless narrower anyway
    floor = [min(natural[i], max(len(h) + 2, 10)) for i, h in enumerate(headers)]
    if sum(floor) > budget:
        return None
    if sum(natural) <= budget:
        return natural
    # the widest columns give way first, to one common width: the largest that fits
    low, high = 0, max(natural)
    while low < high:
        level = (low + high + 1) // 2
        if sum(min(n, max(f, level)) for n, f in zip(natural, floor, strict=True)) <= budget:
            low = level
        else:
            high = level - 1
    caps = [min(n, max(f, low)) for n, f in zip(natural, floor, strict=True)]
    spare = budget - sum(caps)
    for i in sorted(range(len(caps)), key=lambda i: -natural[i]):  # what the level left
        if spare <= 0:
            break
        extra = min(spare, natural[i] - caps[i])
        caps[i] += extra
        spare -= extra
    return caps
