"""Events of the school's own record: registration and details, risk assessment, category and
pathway, letters, the named officer, pathway activities, and corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec.structs import replace

from ..state.case import (
    Activity,
    Assessment,
    Authorisation,
    CaseState,
    Deviation,
    Link,
    Note,
    SchoolDetails,
)
from .base import Created, SchoolEvent, _short


class SchoolRegistered(SchoolEvent, Created):
    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str
    #: The GIAS LA code (e.g. "210"), "" when not given (release 0.1 did not record it).
    la_code: str

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("la_code", "")

    def start(self) -> CaseState:
        """The first state of a case: only a registration can begin one."""
        return CaseState(details=SchoolDetails(
            urn=self.urn, name=self.name, establishment_type=self.establishment_type,
            phase=self.phase, religious_character=self.religious_character,
            diocese=self.diocese, academy_trust=self.academy_trust,
            registered_on=self.effective_date, la_code=self.la_code))

    def summary(self) -> str:
        return f"{self.name} ({self.establishment_type}, {self.phase})"


class SchoolDetailsChanged(SchoolEvent):
    """GIAS or an officer changed the school's details: field name to new value (as stored),
    with the values they replace."""

    changes: dict[str, Any]
    previous: dict[str, Any]

    def evolve(self, s: CaseState) -> CaseState:
        known = {k: v for k, v in self.changes.items() if k in s.details.__struct_fields__}
        return s.but(details=replace(s.details, **known))

    def summary(self) -> str:
        return "; ".join(f"{k}: {_short(self.previous.get(k, '-'))} -> {_short(v)}"
                         for k, v in self.changes.items())


class SchoolClosed(SchoolEvent):
    """The establishment closed (GIAS status Closed) with the reason GIAS gives: the LA's case
    ends with it (notices, powers, the Ofsted episode, every route) and the record takes no
    new steps but corrections, links and reports of earlier inspections."""

    closure_reason: str
    #: The day GIAS gives as its close date; the effective date when not given.
    closed_on: dt.date | None

    def evolve(self, s: CaseState) -> CaseState:
        day = self.closed_on or self.effective_date
        s = s.close_la_case(self.effective_date, "closed")
        return s.but(details=replace(s.details, status="closed", closed_on=day))

    def summary(self) -> str:
        on = (self.closed_on or self.effective_date).isoformat()
        return f"closed {on}" + (f" ({self.closure_reason})" if self.closure_reason else "")


class SchoolLinked(SchoolEvent):
    """A GIAS link to another URN: ``link_urn`` is this school's ``link_type`` (its successor,
    predecessor...), with the other school's name and the date GIAS gives the link."""

    link_urn: str
    link_type: str
    link_name: str
    established_on: dt.date | None

    def evolve(self, s: CaseState) -> CaseState:
        if any(k.urn == self.link_urn and k.kind == self.link_type for k in s.links):
            return s
        return s.but(links=(*s.links, Link(urn=self.link_urn, kind=self.link_type,
                                          date=self.established_on, name=self.link_name)))

    def summary(self) -> str:
        name = f" ({self.link_name})" if self.link_name else ""
        return f"{self.link_type}: {self.link_urn}{name}"


class RiskAssessmentCompleted(SchoolEvent):
    academic_year: str
    category: str
    rationale: str
    critical_criteria: list[str]
    review: bool

    def evolve(self, s: CaseState) -> CaseState:
        a = Assessment(version=self.originator_version, academic_year=self.academic_year,
                       date=self.effective_date, category=self.category, review=self.review)
        return s.but(assessments=(*s.assessments, a),
                     uncommunicated_since=s.uncommunicated_since if self.review
                     else self.effective_date)

    def summary(self) -> str:
        kind = "review" if self.review else "formal"
        return f"{self.academic_year} {kind}: category {self.category}"


class CategoryChanged(SchoolEvent):
    from_category: str | None
    to_category: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(category=self.to_category, uncommunicated_change=self.effective_date)

    def summary(self) -> str:
        return f"{self.from_category or '-'} -> {self.to_category}"


class PathwayAssigned(SchoolEvent):
    pathway: str | None
    from_state: str
    to_state: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(pathway=self.pathway, statutory_state=self.to_state)

    def summary(self) -> str:
        return f"{self.pathway} ({self.from_state} -> {self.to_state})"


class RiskAssessmentCorrected(SchoolEvent):
    """Corrects the category of an assessment recorded in error (the original stays stored)."""

    corrects_version: int
    category: str
    rationale: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(assessments=tuple(
            replace(a, category=self.category) if a.version == self.corrects_version else a
            for a in s.assessments))


class CategorisationCommunicated(SchoolEvent):
    recipients: list[str]
    channel: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(communications=(*s.communications,
                                     (self.effective_date, tuple(self.recipients))),
                     uncommunicated_since=None, uncommunicated_change=None)

    def summary(self) -> str:
        return f"written categorisation to {', '.join(self.recipients)}"


class OfficerAssigned(SchoolEvent):
    """The named adviser who owns the school's case (SEED-002 §7.2 "named advisor")."""

    officer: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(officer=self.officer)

    def summary(self) -> str:
        return f"named officer {self.officer}"


class ActivityRecorded(SchoolEvent):
    """A pathway activity (SEED-002 App 2): DCPs, meetings, plans, reviews, briefings, brokerage.

    ``kind`` names the activity; ``details`` holds its own fields (form, term, partner, ...).
    """

    kind: str
    academic_year: str
    details: dict[str, Any]

    def evolve(self, s: CaseState) -> CaseState:
        a = Activity(version=self.originator_version, kind=self.kind, date=self.effective_date,
                     academic_year=self.academic_year, details=dict(self.details))
        return s.but(activities=(*s.activities, a))

    def summary(self) -> str:
        details = ", ".join(f"{k}={_short(v)}" for k, v in self.details.items())
        return f"{self.kind} {self.academic_year}" + (f": {details}" if details else "")


class EntryWithdrawn(SchoolEvent):
    """Withdraws a step recorded in error. The original stays stored; the fold leaves it out
    from the start, so every reading of the record, on any date, is as if it never was."""

    withdraws_version: int

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(withdrawn=(*s.withdrawn, self.withdraws_version))


class RecordAnnotated(SchoolEvent):
    """A correction note on an earlier event (wrong reason, document, spelling): no state change."""

    annotates_version: int
    note: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(annotations=(*s.annotations,
                                  Note(version=self.annotates_version, text=self.note)))


class PolicyDeviationRecorded(SchoolEvent):
    """An override of a HARD-LOCAL rule, with its justification; from this release it uses a
    director's authorisation on the record (SD-02), named by its version."""

    rule_id: str
    justification: str
    #: Who authorised it: the authorising director's login (release 0.1 recorded the
    #: recorder's role here, as the recorder authorised their own override).
    authorised_by: str
    authorisation: int

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("authorisation", 0)

    def evolve(self, s: CaseState) -> CaseState:
        used = tuple(replace(a, used_by=self.originator_version)
                     if a.version == self.authorisation else a for a in s.authorisations)
        return s.but(authorisations=used, deviations=(*s.deviations, Deviation(
            rule_id=self.rule_id, date=self.effective_date, justification=self.justification,
            authorised_by=self.authorised_by, authorisation=self.authorisation)))


class OverrideAuthorised(SchoolEvent):
    """A director authorises, on the record, one officer to override one local rule once
    (SD-02): the officer's step then records the override, naming this authorisation."""

    rule_id: str
    for_actor: str
    justification: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(authorisations=(*s.authorisations, Authorisation(
            version=self.originator_version, rule_id=self.rule_id, for_actor=self.for_actor,
            by=self.actor, role=self.role, date=self.effective_date,
            justification=self.justification)))
