"""What a case amounts to on a given day: stage, eligibility, powers in force, open notices.

These are readings of a `CaseState`, never stored in events: the read models, `sela status`,
time travel and the judgement of a command all call the same functions with the day asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .case import CaseState
from .eligibility import active_routes, route_kinds

PATHWAY_STAGE = {"TRIP": "TRIP", "INTERVENTION": "intervention pathway",
                 "SUPPORT_MONITORING": "support and monitoring", "PARTNERSHIP": "partnership",
                 "ACADEMY_RD_ROUTE": "RD route (academy)",
                 "ACADEMY_PARTNERSHIP": "partnership (academy)"}


def converted(state: CaseState, day: dt.date) -> bool:
    """The LA's case is over: converted to an academy (AO-05), or the school closed."""
    closed = state.details.closed_on
    return ((state.converted_on is not None and day >= state.converted_on)
            or (closed is not None and day >= closed))


def powers_in_force(state: CaseState, day: dt.date) -> list[str]:
    """LA powers in effect on ``day``: s63 notices and s64 governors (until conversion closes
    the LA's case), an IEB in place, a budget suspension in force."""
    if converted(state, day):
        return []
    found = sorted({p.power for p in state.powers if p.date <= day})
    if state.ieb.in_place_on(day) or (state.ieb.state == "active" and state.ieb.ieb_from
                                      and state.ieb.ieb_from > day):
        found.append("S65")
    if state.budget.in_force_on(day) or (state.budget.state == "suspended"
                                         and state.budget.suspended_from
                                         and state.budget.suspended_from > day):
        found.append("S66" if state.budget.basis == "EIA_S66" else "SCH15")
    return found


def open_notices(state: CaseState) -> list[str]:
    return [n.wn_id for n in state.notices if n.is_live]


def stage(state: CaseState, day: dt.date) -> str:
    """Where the statutory process stands, most advanced first (the directors' "stage")."""
    if state.closed:
        return "converted to academy" if state.converted_to else "closed"
    if state.is_academy:
        if state.converted_on is not None and state.pathway is None:
            return "converted to academy"
        if state.ofsted is not None:
            return "Ofsted category"
        return PATHWAY_STAGE.get(state.pathway or "", "not assessed")
    if state.live_orders:
        return "academy order"
    if state.ieb.in_place_on(day) or state.ieb.state_on(day) == "active":
        return "IEB in place"
    if powers_in_force(state, day):
        return "LA powers in use"
    if active_routes(state, day):
        return "eligible for intervention"
    if any(n.state in ("issued", "not_complied") for n in state.notices):
        return "warning notice"
    if state.ofsted is not None:
        return "Ofsted category"
    if any(n.state in ("drafted", "approved") for n in state.notices):
        return "warning notice in preparation"
    return PATHWAY_STAGE.get(state.pathway or "", "not assessed")


def status(state: CaseState, day: dt.date) -> dict[str, Any]:
    """The status row of the pathway view, as on ``day``."""
    return {
        "urn": state.urn,
        "name": state.name,
        "establishment_type": state.establishment_type,
        "phase": state.details.phase,
        "category": state.category,
        "pathway": state.pathway,
        "statutory_state": state.statutory_state,
        "stage": stage(state, day),
        "eligibility": route_kinds(state, day),
        "powers": powers_in_force(state, day),
        "open_notices": open_notices(state),
        "officer": state.officer,
        "last_event": state.last_event,
        "last_effective_date": (state.last_effective_date.isoformat()
                                if state.last_effective_date else None),
        "version": state.version,
    }


def valid_until(state: CaseState, day: dt.date) -> dt.date | None:
    """The first day after ``day`` on which `status` would read differently with no new event:
    an IEB taking over, its interim period ending, the governing body resuming, a budget
    suspension taking effect or being revoked. None if nothing is scheduled."""
    ieb, budget = state.ieb, state.budget
    candidates = [ieb.ieb_from, ieb.ended_on, budget.suspended_from, budget.revoked_from,
                  ieb.interim_period_end + dt.timedelta(days=1) if ieb.interim_period_end
                  else None]
    future = [d for d in candidates if d is not None and d > day]
    return min(future) if future else None
