"""Eligibility for intervention (EIA 2006 s59(2)), one route per notice, notification and
category, worked out from the facts that give it.

Each LA or Secretary of State warning notice whose issuer has given written notice of the
powers it intends to use is a route (s60, s60A); each coasting notification (s60B) and each
Ofsted category episode of a maintained school (s61, s62) is another. A route has its own
start, earliest-power date and end; withdrawing or closing one leaves the others. Conversion
to an academy ends them all (AO-05), and so does the school's closure. A power checks only
the routes it may rest on.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from ..calendar import add_months
from .case import CaseState


class Route(Struct, frozen=True, kw_only=True):
    kind: str  # S60 | S60A | S60B | S61 | S62
    basis: str  # the notice ID, SoS notice ref, coasting ref or category
    issuer: str  # LA | SOS | HMCI
    since: dt.date
    ended_on: dt.date | None = None
    #: IN-01: on warning-notice routes, the earliest exercise date the notice of intention gave.
    earliest_power_on: dt.date
    #: IN-03 / s64(2): on warning-notice routes, two months after the compliance period ends.
    s64_window_end: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.ended_on is None or day < self.ended_on)

    @property
    def is_notice_route(self) -> bool:
        return self.kind in ("S60", "S60A")

    @property
    def label(self) -> str:
        return f"{self.kind} ({self.basis})"


def _end(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def all_routes(state: CaseState) -> list[Route]:
    """Every route the record gives, started or ended, in start order."""
    conv = _end(state.converted_on, state.details.closed_on)  # AO-05; or the school closed
    found: list[Route] = []
    for n in state.notices:
        if n.intention_on is None or n.earliest_exercise_date is None:
            continue
        ended = n.ended_on if n.state in ("withdrawn", "superseded") else None
        found.append(Route(kind=n.type, basis=n.wn_id, issuer="LA", since=n.intention_on,
                           ended_on=_end(ended, conv),
                           earliest_power_on=n.earliest_exercise_date,
                           s64_window_end=add_months(n.compliance_period_end, 2)))
    for s in state.sos_notices:
        if s.intention_on is None:
            continue
        found.append(Route(kind="S60", basis=s.ref, issuer="SOS", since=s.intention_on,
                           ended_on=_end(s.closed_on, conv),
                           earliest_power_on=s.earliest_exercise_date or s.intention_on,
                           s64_window_end=add_months(s.compliance_period_end, 2)
                           if s.compliance_period_end else None))
    for c in state.coasting:
        found.append(Route(kind="S60B", basis=c.ref, issuer="SOS", since=c.since,
                           ended_on=_end(c.ended_on, conv), earliest_power_on=c.since))
    for e in state.episodes:
        if e.maintained:
            found.append(Route(kind=e.route, basis=e.category, issuer="HMCI",
                               since=e.notified_on, ended_on=_end(e.ended_on, conv),
                               earliest_power_on=e.notified_on))
    return sorted(found, key=lambda r: (r.since, r.kind, r.basis))


def active_routes(state: CaseState, day: dt.date) -> list[Route]:
    """The routes in force on ``day``."""
    return [r for r in all_routes(state) if r.active_on(day)]


def route_kinds(state: CaseState, day: dt.date) -> list[str]:
    return sorted({r.kind for r in active_routes(state, day)})
