"""Pathway activities of SEED-002 Table Two and Appendix 2: contact points, the TRIP and
Intervention activities, termly meetings, annual reviews, concerns raised with the Regional
Director for academies (PW-01 to PW-04, AC-01). Each is expected where its pathway says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..errors import InvalidInput, Remedy
from ..events import ActivityRecorded
from ..state.case import CaseState
from ..vocabulary import (
    DCPForm,
    DCPPurpose,
    Director,
    MeetingKind,
    RDConcern,
    academic_year_of,
)
from .command import Command, command, opt
from .registry import declare
from .spec import NOT_APPLICABLE, Expectation, Facts, Fail, Guard, Item, Judgement, Step, always


def category_since(state: CaseState) -> dt.date:
    """When the current category began (the latest assessment that set it)."""
    since, previous = state.details.registered_on, None
    for a in state.assessments:
        if a.category != previous:
            since = a.date
        previous = a.category
    return since


def done_dates(state: CaseState, kind: str, **match: Any) -> list[dt.date]:
    return sorted(a.date for a in state.activities if a.kind == kind
                  and all(a.details.get(k) == v for k, v in match.items()))


def first_since(state: CaseState, kind: str, since: dt.date, **match: Any) -> dt.date | None:
    found = [d for d in done_dates(state, kind, **match) if d >= since]
    return found[0] if found else None


def last_of(state: CaseState, kind: str, **match: Any) -> dt.date | None:
    found = done_dates(state, kind, **match)
    return found[-1] if found else None


def _la_in(*categories: str) -> Callable[[CaseState], bool]:
    return lambda s: not s.is_academy and s.category in categories


def _record(kind: str, details: Callable[[Any], dict[str, Any]] | None = None
            ) -> Callable[[Facts, Judgement], list[tuple[type, dict[str, Any]]]]:
    def record(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
        return [(ActivityRecorded, {"kind": kind, "academic_year": academic_year_of(f.on),
                                    "details": details(f) if details else {}})]
    return record


def _activity_step(cmd: type, verb: str, kind: str, does: str, example: str, rule_id: str,
                   expects: tuple[Expectation, ...], details: Any = None,
                   guards: tuple[Guard, ...] = ()) -> Step:
    return declare(Step(cmd, ("activity", verb), does, example, rule_id,
                        _record(kind, details), (ActivityRecorded,),
                        guards=guards or (always(rule_id),), expects=expects,
                        done=lambda c, d: f"{verb.replace('-', ' ')} for {c.urn}."))


# -- dedicated contact points (Table Two, PW-01) ----------------------------------------------


@command
class RecordContactPoint(Command):
    form: DCPForm = opt("--form", "Meeting, review or visit (Table Two note B).",
                        placeholder="<MEETING|REVIEW|VISIT>", example=DCPForm.VISIT)
    purpose: DCPPurpose = opt("--purpose", "To support, or to review progress.",
                              placeholder="<SUPPORT|REVIEW>", example=DCPPurpose.REVIEW)
    formal: bool = opt("--formal", "A formal review of progress.", default=False)


def _pw01_scope(f: Facts) -> Fail | None:
    s = f.state
    if s.category in ("B", "C", "D") and not s.is_academy:
        return None
    where = "an academy" if s.is_academy else f"in {s.category or 'no category'}"
    return Fail("Dedicated contact points are for maintained schools in categories B-D; "
                f"{s.urn} is {where}")


def _pw01_cap(f: Facts) -> Fail | None:
    year = academic_year_of(f.on)
    held = [a for a in f.state.activities if a.kind == "DCP" and a.academic_year == year]
    if len(held) < 3:
        return None
    return Fail(f"This is dedicated contact point {len(held) + 1} in {year}: the offer is up "
                "to 3 a year")


def _dcp_items(s: CaseState, policy: Any) -> list[Item]:
    if not _la_in("B", "C", "D")(s):
        return []
    return [Item("PW-01", "T-DCP-CAP", "Dedicated contact points in {year}: up to 3", None,
                 step=RecordContactPoint, recurs="year",
                 last=last_of(s, "DCP"))]


DCP = declare(Step(
    RecordContactPoint, ("contact", "record"), "Record a dedicated contact point (PW-01: warns "
    "past 3 a year or outside B-D).", "190104 --form VISIT --purpose REVIEW --formal "
    "--on 2025-11-12", "PW-01",
    _record("DCP", lambda f: {"form": f.cmd.form.value, "purpose": f.cmd.purpose.value,
                              "formal": bool(f.cmd.formal)}), (ActivityRecorded,),
    guards=(Guard("PW-01", _pw01_scope), Guard("PW-01", _pw01_cap)),
    expects=(Expectation("PW-01", "T-DCP-CAP", _dcp_items),),
    done=lambda c, d: f"dedicated contact point ({c.form.value.lower()}, "
                      f"{c.purpose.value.lower()}) at {c.urn}."))


# -- Appendix 2 activities ---------------------------------------------------------------------


@command
class InformDirector(Command):
    director: Director = opt("--director", "Which director.",
                             placeholder="<DIRECTOR_OF_EDUCATION|DIRECTOR_CHILDREN_FAMILIES>",
                             example=Director.DIRECTOR_OF_EDUCATION)


def _director_items(s: CaseState, policy: Any) -> list[Item]:
    since = category_since(s)
    if _la_in("C")(s):
        return [Item("PW-02", "-", "Director of Education informed (TRIP)", None,
                     first_since(s, "DIRECTOR_INFORMED", since, director="DIRECTOR_OF_EDUCATION"),
                     step=InformDirector, options={"director": "DIRECTOR_OF_EDUCATION"})]
    if _la_in("D")(s):
        return [Item("PW-03", "-", "Director of Children and Families informed", None,
                     first_since(s, "DIRECTOR_INFORMED", since,
                                 director="DIRECTOR_CHILDREN_FAMILIES"),
                     step=InformDirector, options={"director": "DIRECTOR_CHILDREN_FAMILIES"})]
    return []


def _director_rule(f: Facts) -> Any:
    return None if f.cmd.director.value == "DIRECTOR_OF_EDUCATION" else NOT_APPLICABLE


def _dcf_rule(f: Facts) -> Any:
    return None if f.cmd.director.value == "DIRECTOR_CHILDREN_FAMILIES" else NOT_APPLICABLE


_activity_step(InformDirector, "director-informed", "DIRECTOR_INFORMED",
               "Record that a director was informed (C: Director of Education, PW-02; D: "
               "Director of Children and Families, PW-03).",
               "190104 --director DIRECTOR_OF_EDUCATION", "PW-02",
               (Expectation("PW-02", "-", _director_items),),
               lambda f: {"director": f.cmd.director.value},
               (Guard("PW-02", _director_rule), Guard("PW-03", _dcf_rule)))


def _once_in(rule_id: str, category: str, kind: str, what: str, step: Callable[[], type]
             ) -> Callable[[CaseState, Any], list[Item]]:
    def items(s: CaseState, policy: Any) -> list[Item]:
        if not _la_in(category)(s):
            return []
        return [Item(rule_id, "-", what, None, first_since(s, kind, category_since(s)),
                     step=step())]
    return items


@command
class CreateActionPlan(Command):
    """The action plan for rapid improvement (PW-02)."""


_activity_step(CreateActionPlan, "action-plan", "ACTION_PLAN",
               "Record the action plan for rapid improvement (PW-02).",
               "190104 --doc PLAN-190104", "PW-02",
               (Expectation("PW-02", "-", _once_in("PW-02", "C", "ACTION_PLAN",
                                                   "Action plan for rapid improvement created",
                                                   lambda: CreateActionPlan)),))


@command
class HoldTeamMeeting(Command):
    """The team-around-the-school meeting (PW-02)."""


_activity_step(HoldTeamMeeting, "team-meeting", "TEAM_AROUND_SCHOOL",
               "Record the team-around-the-school meeting that plans support (PW-02).",
               "190104", "PW-02",
               (Expectation("PW-02", "-", _once_in("PW-02", "C", "TEAM_AROUND_SCHOOL",
                                                   "Team around the school meeting",
                                                   lambda: HoldTeamMeeting)),))


@command
class HoldProgressMeeting(Command):
    meeting_kind: MeetingKind = opt(
        "--kind", "Which termly meeting.",
        placeholder="<ADVISOR_TERMLY|PROGRESS_REVIEW_WITH_GOVERNORS_AD>",
        example=MeetingKind.ADVISOR_TERMLY)


def _termly(s: CaseState, policy: Any) -> list[Item]:
    since = category_since(s)
    if _la_in("B")(s):
        return [Item("PW-04", "T-TERMLY", "Termly progress meeting with the adviser ({term})",
                     None, step=HoldProgressMeeting, options={"meeting_kind": "ADVISOR_TERMLY"},
                     recurs="term", anchor="term-end", since=since,
                     last=last_of(s, "PROGRESS_MEETING", meeting_kind="ADVISOR_TERMLY"))]
    if _la_in("C")(s):
        kind = "PROGRESS_REVIEW_WITH_GOVERNORS_AD"
        return [Item("PW-02", "T-TERMLY", "Progress review meeting with governors and the "
                     "Assistant Director ({term})", None, step=HoldProgressMeeting,
                     options={"meeting_kind": kind}, recurs="term", anchor="term-end",
                     since=since, last=last_of(s, "PROGRESS_MEETING", meeting_kind=kind))]
    return []


def _meeting_rule(kind: str) -> Any:
    return lambda f: None if f.cmd.meeting_kind.value == kind else NOT_APPLICABLE


_activity_step(HoldProgressMeeting, "progress-meeting", "PROGRESS_MEETING",
               "Record a termly progress meeting (B: with the adviser, PW-04; C: review with "
               "governors and the Assistant Director, PW-02).",
               "190104 --kind PROGRESS_REVIEW_WITH_GOVERNORS_AD", "PW-02",
               (Expectation("PW-02", "T-TERMLY", _termly),),
               lambda f: {"meeting_kind": f.cmd.meeting_kind.value, "term": _term(f.on)},
               (Guard("PW-02", _meeting_rule("PROGRESS_REVIEW_WITH_GOVERNORS_AD")),
                Guard("PW-04", _meeting_rule("ADVISOR_TERMLY"))))


def _term(day: dt.date) -> str:
    from ..calendar import term_of

    return term_of(day)


@command
class ReviewQualityOfEducation(Command):
    """The annual Quality of Education review (PW-02)."""


def _qoe(s: CaseState, policy: Any) -> list[Item]:
    if not _la_in("C")(s):
        return []
    return [Item("PW-02", "T-QOE-ANNUAL", "Annual Quality of Education review ({year})", None,
                 step=ReviewQualityOfEducation, recurs="year", anchor="year-end",
                 since=category_since(s), last=last_of(s, "QOE_REVIEW"))]


_activity_step(ReviewQualityOfEducation, "qoe-review", "QOE_REVIEW",
               "Record the annual Quality of Education review (PW-02).", "190104", "PW-02",
               (Expectation("PW-02", "T-QOE-ANNUAL", _qoe),))


@command
class HoldJointEvaluation(Command):
    """The joint end-of-year evaluation (PW-04)."""


def _joint(s: CaseState, policy: Any) -> list[Item]:
    if not _la_in("B")(s):
        return []
    return [Item("PW-04", "-", "Joint end-of-year evaluation ({year})", None,
                 step=HoldJointEvaluation, recurs="year", anchor="year-end",
                 last=last_of(s, "JOINT_EVALUATION"))]


_activity_step(HoldJointEvaluation, "joint-evaluation", "JOINT_EVALUATION",
               "Record the joint end-of-year evaluation (PW-04).", "190105", "PW-04",
               (Expectation("PW-04", "-", _joint),))


@command
class BrokerFederation(Command):
    partner: str = opt("--partner", "The federation or trust.", placeholder="<PARTNER>",
                       example="Peckham Schools Federation")


def _brokered_details(f: Facts) -> dict[str, Any]:
    if not f.cmd.partner.strip():
        raise InvalidInput("Name the federation or trust brokered with --partner.")
    return {"partner": f.cmd.partner}


_activity_step(BrokerFederation, "brokered", "FEDERATION_MAT_BROKERED",
               "Record a federation or multi-academy trust brokered (PW-03).",
               "190106 --partner 'Peckham Schools Federation'", "PW-03",
               (Expectation("PW-03", "-", _once_in("PW-03", "D", "FEDERATION_MAT_BROKERED",
                                                   "Federation or MAT brokered",
                                                   lambda: BrokerFederation)),),
               _brokered_details)


# -- academies: concerns raised with the Regional Director (AC-01) -----------------------------


@command
class RaiseConcernWithRD(Command):
    concerns: tuple[RDConcern, ...] = opt(
        "--about", "What the concerns are about; repeat for several.",
        placeholder="<STANDARDS|LEADERSHIP|GOVERNANCE>", example=(RDConcern.STANDARDS,))


def _rd_details(f: Facts) -> dict[str, Any]:
    concerns = [c.value for c in f.cmd.concerns]
    if not concerns:
        raise InvalidInput("Say what the concerns are about with --about "
                           "(STANDARDS, LEADERSHIP, GOVERNANCE).")
    return {"concerns": concerns}


def _rd_academy(f: Facts) -> Fail | None:
    if f.state.is_academy:
        return None
    return Fail("Concern refused: concerns are raised with the Regional Director for academies; "
                f"{f.state.urn} is LA-maintained",
                Remedy("Use the LA's own pathway steps for a maintained school."))


def _rd_items(s: CaseState, policy: Any) -> list[Item]:
    if not s.is_academy or s.category not in ("B", "C", "D"):
        return []
    return [Item("AC-01", "-", "Concerns raised with the Regional Director (academy in B-D)",
                 None, first_since(s, "CONCERN_RAISED_WITH_RD", category_since(s)),
                 step=RaiseConcernWithRD, options={"concerns": ("STANDARDS",)})]


_activity_step(RaiseConcernWithRD, "rd-concern", "CONCERN_RAISED_WITH_RD",
               "Record concerns about an academy raised with the Regional Director (AC-01).",
               "190111 --about STANDARDS --about GOVERNANCE", "AC-01",
               (Expectation("AC-01", "-", _rd_items),), _rd_details,
               (Guard("AC-01", _rd_academy),))


#: Which command records each kind of activity (for re-judging recorded steps).
KIND_STEPS: dict[str, type] = {
    "DCP": RecordContactPoint, "DIRECTOR_INFORMED": InformDirector,
    "ACTION_PLAN": CreateActionPlan, "TEAM_AROUND_SCHOOL": HoldTeamMeeting,
    "PROGRESS_MEETING": HoldProgressMeeting, "QOE_REVIEW": ReviewQualityOfEducation,
    "JOINT_EVALUATION": HoldJointEvaluation, "FEDERATION_MAT_BROKERED": BrokerFederation,
    "CONCERN_RAISED_WITH_RD": RaiseConcernWithRD,
}
