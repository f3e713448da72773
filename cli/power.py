"""`sela power`: the LA's intervention powers (EIA 2006 ss63-66, SSFA Sch 15)."""

from __future__ import annotations

from .steps import group

power = group("power", """LA intervention powers: s63 arrangements, s64 governors, s65 IEB,
    s66 budget.

    \b
    Example:
      sela power consult 190106 --for S65 --consultee GB
    """)
