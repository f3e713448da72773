"""`sela contact` and `sela activity`: the pathway activities of SEED-002 Table Two and
Appendix 2 (PW-01 to PW-04, AC-01)."""

from __future__ import annotations

from .steps import group

contact = group("contact", """Dedicated contact points: up to 3 a year for maintained schools in
    B-D (PW-01).

    \b
    Example:
      sela contact record 190104 --form VISIT --purpose REVIEW --formal
    """)
activity = group("activity", """Pathway activities of SEED-002 Appendix 2 (PW-02, PW-03, PW-04,
    AC-01).

    \b
    Example:
      sela activity action-plan 190104 --doc PLAN-2025
    """)
