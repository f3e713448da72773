"""`sela sos`: the Secretary of State's (Regional Director's) steps, as the LA records them."""

from __future__ import annotations

from .steps import group

sos = group("sos", """Steps the Secretary of State (Regional Director) takes, as the LA
    records them: warning notices, consent to an IEB, interventions, coasting, academy orders.

    \b
    Example:
      sela sos consent 190106 --granted
    """)
