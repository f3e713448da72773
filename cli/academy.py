"""`sela academy`: facilitating conversion under an academy order, and conversion itself."""

from __future__ import annotations

from .steps import group

academy = group("academy", """Facilitating conversion under an academy order, and conversion
    itself (AO-02, AO-05).

    \b
    Example:
      sela academy facilitate 190114 AO1 --step "Land information sent" --direction D1
    """)
