"""`sela record`: corrections — new events that reference what they correct."""

from __future__ import annotations

from .steps import group

record = group("record", """Corrections: new events that reference what they correct; nothing
    is edited.

    \b
    Example:
      sela record annotate 190104 --version 7 --note "Letter reference should be L-2025-31"
    """)
