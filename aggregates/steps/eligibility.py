"""The powers' preconditions (rulebook §7): eligibility on the day by any route (IN-01), the
routes a power may rest on (s63 never on s60A, IN-02), the notice of intention's reasonable
notice, and Secretary of State precedence (IN-10)."""

from __future__ import annotations

import datetime as dt

from ..errors import Remedy
from ..state.case import CaseState
from ..state.eligibility import Route, active_routes
from .notice_outcomes import NotifyIntention
from .ofsted import NotifyOfstedCategory
from .spec import Facts, Fail, Guard


def routes_for(state: CaseState, power: str, day: dt.date) -> list[Route]:
    """The routes in force on ``day`` a power may rest on: s63 never on s60A (s63(1))."""
    routes = active_routes(state, day)
    return [r for r in routes if not (power == "S63" and r.kind == "S60A")]


def eligible(power: str, what: str) -> Guard:
    """IN-01: eligible for intervention on the day (by any route)."""
    def check(f: Facts) -> Fail | None:
        if active_routes(f.state, f.on):
            return None
        notices = [n for n in f.state.notices if n.state == "not_complied"]
        return Fail(f"{what} refused: {f.state.urn} is not eligible for intervention on "
                    f"{f.on.isoformat()}",
                    Remedy("Eligibility comes from a warning notice not complied with (its "
                           "notice of intention), or an Ofsted category.",
                           NotifyIntention if notices else NotifyOfstedCategory,
                           {"notice": notices[0].wn_id} if notices else {}))
    return Guard("IN-01", check)


def s63_route() -> Guard:
    """IN-02: s63 rests on a route other than s60A (s63(1))."""
    def check(f: Facts) -> Fail | None:
        if not active_routes(f.state, f.on) or routes_for(f.state, "S63", f.on):
            return None
        return Fail("s63 arrangements refused: eligibility through a pay-and-conditions (s60A) "
                    "notice alone does not allow s63", Remedy("Use ss64-66, or a route other "
                                                              "than s60A."))
    return Guard("IN-02", check)


def reasonable_notice(power: str, what: str) -> Guard:
    """T-REASONABLE-NOTICE: on warning-notice routes, not before the earliest exercise date the
    notice of intention gave. The period is set locally, so the check is HARD-LOCAL."""
    def check(f: Facts) -> Fail | None:
        routes = routes_for(f.state, power, f.on)
        if not routes or any(f.on >= r.earliest_power_on for r in routes):
            return None
        earliest = min(r.earliest_power_on for r in routes)
        return Fail(f"{what} refused: the notice of intention gave until {earliest.isoformat()} "
                    "before powers may be used", Remedy(f"Act on or after {earliest.isoformat()}."))
    return Guard("IN-01", check, strength="HARD-LOCAL")


def sos_precedence() -> Guard:
    """IN-10: Secretary of State intervention takes precedence; a reason is recorded."""
    def check(f: Facts) -> Fail | None:
        open_ = f.state.open_sos_interventions()
        if not open_:
            return None
        return Fail(f"The Secretary of State is intervening ({', '.join(i.power for i in open_)})"
                    "; SoS intervention takes precedence over the LA's")
    return Guard("IN-10", check)


__all__ = ["eligible", "reasonable_notice", "routes_for", "s63_route", "sos_precedence"]
