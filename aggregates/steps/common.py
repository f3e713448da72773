"""Checks several steps share: academies (AC-01), maintained schools (WN-01), the notice a
command names, and who is consulted before a power (IN-02, IN-05). The powers' own
preconditions (eligibility, precedence) live in ``eligibility``."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import NotFound, Remedy
from ..school_types import needs_diocese, type_info
from ..state.case import CaseState
from ..state.notice import WarningNotice
from .activities import RaiseConcernWithRD
from .spec import Check, Facts, Fail, Guard


def not_academy(what: str) -> Guard:
    """AC-01: the LA has no Part 4 powers over academies."""
    def check(f: Facts) -> Fail | None:
        if not f.state.is_academy:
            return None
        return Fail(f"{what} refused: {f.state.urn} is an academy; the LA has no Part 4 "
                    "powers over academies",
                    Remedy("Raise concerns with the Regional Director instead.",
                           RaiseConcernWithRD, {"concerns": "standards"}, "Record it"))
    return Guard("AC-01", check, scope=True)


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
    return Guard("WN-01", check, scope=True)


def notice_of(f: Facts) -> WarningNotice:
    """The LA notice a command names (``notice``), or NotFound listing the school's notices."""
    wn_id = str(f.cmd.notice).strip().upper()
    notice = f.state.notice(wn_id)
    if notice is None:
        known = ", ".join(n.wn_id for n in f.state.notices) or "none"
        raise NotFound(f"{f.state.urn} has no warning notice {wn_id!r} on "
                       f"{f.on.isoformat()} (notices: {known}).")
    return notice


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


__all__ = ["Check", "check", "consultees", "fails", "maintained", "missing_consultations",
           "not_academy", "notice_of"]
