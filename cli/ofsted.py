"""`sela ofsted`: inspection reports, categories of concern, the statement of action."""

from __future__ import annotations

from .steps import group

ofsted = group("ofsted", """Ofsted outcomes, categories of concern and the statement of action
    (OF-01, OF-02).

    \b
    Example:
      sela ofsted notify 190106 --category SM
    """)
