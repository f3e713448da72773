"""Checks several steps share: academies (AC-01), maintained schools (WN-01), eligibility for a
power (IN-01, with the routes that power may rest on), SoS precedence (IN-10), consultees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..errors import NotFound, Remedy
from ..school_types import needs_diocese, type_info
from ..state.case import CaseState
from ..state.eligibility import Route, active_routes
from ..state.notice import WarningNotice
from .spec import Check, Facts, Fail, Guard


def _rd_concern() -> type:
    from .activities import RaiseConcernWithRD

    return RaiseConcernWithRD


def not_academy(what: str) -> Guard:
    """AC-01: the LA has no Part 4 powers over academies."""
    def check(f: Facts) -> Fail | None:
        if not f.state.is_academy:
            return None
        return Fail(f"{what} refused: {f.state.urn} is an academy; the LA has no Part 4 "
                    "powers over academies",
                    Remedy("Raise concerns with the Regional Director instead.",
                           _rd_concern(), {"concerns": "standards"}, "Record it"))
    return Guard("AC-01", check)


def maintained(what: str) -> Guard:
    """WN-01 (and the Part 4 powers): a PRU is not a maintained school (s59(1))."""
    def check(f: Facts) -> Fail | None:
        s = f.state
        if s.is_maintained or s.is_academy:
            return None
        if s.establishment_type == "pru" and not f.policy.block_pru_warning_notices:
            return None
        name = type_info(s.establishment_type).gias_name.lower()
        return Fail(f"{what} refused: a {name} is not a maintained school for EIA 2006 Part 4",
                    Remedy("Part 4 applies to maintained schools only."))
    return Guard("WN-01", check)


def notice_of(f: Facts) -> WarningNotice:
    """The LA notice a command names (``notice``), or NotFound listing the school's notices."""
    wn_id = str(f.cmd.notice).strip().upper()
    notice = f.state.notice(wn_id)
    if notice is None:
        known = ", ".join(n.wn_id for n in f.state.notices) or "none"
        raise NotFound(f"{f.state.urn} has no warning notice {wn_id!r} on "
                       f"{f.on.isoformat()} (notices: {known}).")
    return notice


# -- powers: eligibility and precedence ----------------------------------------------------------


def routes_for(state: CaseState, power: str, day: dt.date) -> list[Route]:
    """The routes in force on ``day`` a power may rest on: s63 never on s60A (s63(1))."""
    routes = active_routes(state, day)
    return [r for r in routes if not (power == "S63" and r.kind == "S60A")]


def eligible(power: str, what: str) -> Guard:
    """IN-01: eligible for intervention on the day (by any route)."""
    def check(f: Facts) -> Fail | None:
        if active_routes(f.state, f.on):
            return None
        from .notice_outcomes import NotifyIntention
        from .ofsted import NotifyOfstedCategory

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


def consultees(state: CaseState, gb: bool) -> list[str]:
    """Who the LA consults before s63 or s65 (IN-02, IN-05; rulebook §7.1)."""
    needed = ["GB"] if gb else []
    if needs_diocese(state.details.religious_character):
        needed.append("DIOCESE")
    elif state.has_foundation:
        needed.append("FOUNDATION_APPOINTER")
    return needed


def missing_consultations(state: CaseState, intervention: str, gb: bool) -> list[str]:
    done = state.consulted(intervention)
    return [c for c in consultees(state, gb) if c not in done]


def check(rule: str, test: Callable[[Facts], Fail | None], strength: str | None = None) -> Guard:
    return Guard(rule, test, strength)


def fails(condition: bool, what: str, remedy: Remedy | None = None) -> Fail | None:
    """A Fail when ``condition`` holds (for short guards)."""
    return Fail(what, remedy) if condition else None


__all__ = ["Check", "check", "consultees", "eligible", "fails", "maintained",
           "missing_consultations", "not_academy", "notice_of", "reasonable_notice",
           "routes_for", "s63_route", "sos_precedence"]
