"""The events of a school's record: the schema of what is stored, forever.

Every event carries the envelope of design.md §2 (actor, role, effective date, reason,
documents, rules applied, rules version, warnings given) and its place in the school's hash
chain (prev_hash, hash). Each event's ``apply`` holds the only code that changes a School:
replay runs these and nothing else, so histories recorded under older rules replay unchanged.

Topics embed this module's path (libraries.md §1.12): do not move or rename these classes
without ``eventsourcing.utils.register_topic``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

if TYPE_CHECKING:
    from .school import School


class SchoolEvent(Aggregate.Event):
    actor: str
    role: str
    effective_date: dt.date
    reason: str
    documents: list[str]
    rules: list[str]
    rules_version: str
    warnings: list[str]
    prev_hash: str
    hash: str

    def apply(self, aggregate: Any) -> None:
        self.evolve(aggregate)
        aggregate.last_event = type(self).__name__
        aggregate.last_effective_date = self.effective_date
        aggregate.chain_hash = self.hash

    def evolve(self, school: School) -> None:
        """Change the school's state; overridden by each event."""


class SchoolRegistered(SchoolEvent, Aggregate.Created):
    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str

    def evolve(self, school: School) -> None:
        school.urn = self.urn
        school.name = self.name
        school.establishment_type = self.establishment_type
        school.phase = self.phase
        school.religious_character = self.religious_character
        school.diocese = self.diocese
        school.academy_trust = self.academy_trust
        school.registered_on = self.effective_date
        school.category = None
        school.pathway = None
        school.statutory_state = "unassessed"
        school.assessments = []
        school.init_case_state()


class RiskAssessmentCompleted(SchoolEvent):
    academic_year: str
    category: str
    rationale: str
    critical_criteria: list[str]
    review: bool

    def evolve(self, school: School) -> None:
        school.assessments = [
            *school.assessments,
            {"version": self.originator_version, "academic_year": self.academic_year,
             "date": self.effective_date, "category": self.category, "review": self.review},
        ]
        if not self.review:
            school.uncommunicated_since = self.effective_date


class CategoryChanged(SchoolEvent):
    from_category: str | None
    to_category: str

    def evolve(self, school: School) -> None:
        school.category = self.to_category
        school.uncommunicated_change = self.effective_date


class PathwayAssigned(SchoolEvent):
    pathway: str
    from_state: str
    to_state: str

    def evolve(self, school: School) -> None:
        school.pathway = self.pathway
        school.statutory_state = self.to_state


class RiskAssessmentCorrected(SchoolEvent):
    """Corrects the category of an assessment recorded in error (the original stays stored)."""

    corrects_version: int
    category: str
    rationale: str

    def evolve(self, school: School) -> None:
        school.assessments = [
            {**a, "category": self.category} if a.get("version") == self.corrects_version else a
            for a in school.assessments
        ]


class CategorisationCommunicated(SchoolEvent):
    recipients: list[str]
    channel: str

    def evolve(self, school: School) -> None:
        school.communications = [*school.communications,
                                 {"date": self.effective_date, "recipients": self.recipients}]
        school.uncommunicated_since = None
        school.uncommunicated_change = None


class OfficerAssigned(SchoolEvent):
    """The named adviser who owns the school's case (SEED-002 §7.2 "named advisor")."""

    officer: str

    def evolve(self, school: School) -> None:
        school.officer = self.officer


class ActivityRecorded(SchoolEvent):
    """A pathway activity (SEED-002 App 2): DCPs, meetings, plans, reviews, briefings, brokerage.

    ``kind`` names the activity; ``details`` holds its own fields (form, term, partner, ...).
    """

    kind: str
    academic_year: str
    details: dict[str, Any]

    def evolve(self, school: School) -> None:
        school.activities = [*school.activities, {
            "version": self.originator_version, "kind": self.kind,
            "date": self.effective_date, "academic_year": self.academic_year,
            **self.details}]


class EntryWithdrawn(SchoolEvent):
    """Withdraws an activity or copy recorded in error; the original stays in the history."""

    withdraws_version: int

    def evolve(self, school: School) -> None:
        school.activities = [a for a in school.activities
                             if a["version"] != self.withdraws_version]
        school.withdrawn_versions = [*school.withdrawn_versions, self.withdraws_version]


class RecordAnnotated(SchoolEvent):
    """A correction note on an earlier event (wrong reason, document, spelling): no state change."""

    annotates_version: int
    note: str

    def evolve(self, school: School) -> None:
        school.annotations = [*school.annotations,
                              {"version": self.annotates_version, "note": self.note}]


class PolicyDeviationRecorded(SchoolEvent):
    """An authorised override of a HARD-LOCAL rule, with its justification."""

    rule_id: str
    justification: str
    authorised_by: str

    def evolve(self, school: School) -> None:
        school.deviations = [*school.deviations, {
            "rule_id": self.rule_id, "date": self.effective_date,
            "justification": self.justification, "authorised_by": self.authorised_by}]


# -- warning notices --------------------------------------------------------------------------


class WarningNoticeStep(SchoolEvent):
    """Every step of a notice's lifecycle records the notice and its state change."""

    wn_id: str
    from_state: str
    to_state: str

    def evolve(self, school: School) -> None:
        notice = dict(school.notices[self.wn_id]) if self.wn_id in school.notices else {}
        notice["state"] = self.to_state
        self.change(notice, school)
        school.notices = {**school.notices, self.wn_id: notice}

    def change(self, notice: dict[str, Any], school: School) -> None:
        """Change the notice's fields; overridden per step."""


class WarningNoticeDrafted(WarningNoticeStep):
    notice_type: str
    issuer: str
    grounds: list[str]
    comparators: list[str]
    matters: str
    required_actions: list[str]
    compliance_period_end: dt.date
    minded_actions: list[str]

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice.update(type=self.notice_type, issuer=self.issuer, grounds=self.grounds,
                      comparators=self.comparators, matters=self.matters,
                      required_actions=self.required_actions,
                      compliance_period_end=self.compliance_period_end,
                      minded_actions=self.minded_actions, drafted_on=self.effective_date,
                      copies={}, approved_on=None, issue_date=None, regime=None,
                      initial_period_end=None, representation_on=None, confirmed_on=None,
                      outcome=None, assessed_on=None, intention_on=None, powers_proposed=[],
                      earliest_exercise_date=None, ended_on=None)


class WarningNoticeApproved(WarningNoticeStep):
    approver_role: str

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice["approved_on"] = self.effective_date


class WarningNoticeIssued(WarningNoticeStep):
    regime: str
    compliance_period_end: dt.date
    initial_period_end: dt.date | None

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice.update(issue_date=self.effective_date, regime=self.regime,
                      compliance_period_end=self.compliance_period_end,
                      initial_period_end=self.initial_period_end)


class WarningNoticeCopySent(WarningNoticeStep):
    recipient: str

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice["copies"] = {**notice["copies"], self.recipient: self.effective_date}


class LegacyRepresentationMade(WarningNoticeStep):
    body: str

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice["representation_on"] = self.effective_date


class LegacyWarningNoticeConfirmed(WarningNoticeStep):
    def change(self, notice: dict[str, Any], school: School) -> None:
        notice["confirmed_on"] = self.effective_date


class ComplianceAssessed(WarningNoticeStep):
    outcome: str

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice.update(outcome=self.outcome, assessed_on=self.effective_date)
        if self.outcome == "COMPLIED":
            notice["ended_on"] = self.effective_date


class IntentionToUsePowersNotified(WarningNoticeStep):
    powers_proposed: list[str]
    earliest_exercise_date: dt.date

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice.update(intention_on=self.effective_date, powers_proposed=self.powers_proposed,
                      earliest_exercise_date=self.earliest_exercise_date)


class WarningNoticeSuperseded(WarningNoticeStep):
    sos_wn_ref: str

    def change(self, notice: dict[str, Any], school: School) -> None:
        notice["ended_on"] = self.effective_date


class WarningNoticeWithdrawn(WarningNoticeStep):
    def change(self, notice: dict[str, Any], school: School) -> None:
        notice["ended_on"] = self.effective_date


class SoSWarningNoticeNotified(SchoolEvent):
    sos_wn_ref: str

    def evolve(self, school: School) -> None:
        school.sos_notice = {"ref": self.sos_wn_ref, "notified_on": self.effective_date,
                             "permission_on": None}


class SoSPermissionToIssueReceived(SchoolEvent):
    sos_wn_ref: str

    def evolve(self, school: School) -> None:
        if school.sos_notice is not None:
            school.sos_notice = {**school.sos_notice, "permission_on": self.effective_date}


# -- eligibility (EIA 2006 s59(2)) -------------------------------------------------------------


class EligibilityStarted(SchoolEvent):
    route: str
    basis: str  # warning notice id, Ofsted category, or coasting notice ref
    since: dt.date
    s64_window_end: dt.date | None

    def evolve(self, school: School) -> None:
        school.routes = {**school.routes, self.route: {
            "since": self.since, "basis": self.basis, "s64_window_end": self.s64_window_end}}


class EligibilityEnded(SchoolEvent):
    route: str

    def evolve(self, school: School) -> None:
        school.routes = {k: v for k, v in school.routes.items() if k != self.route}


class CoastingNotified(SchoolEvent):
    """s60B: the Secretary of State notified the governing body that the school is coasting."""

    notice_ref: str
    ended: bool

    def evolve(self, school: School) -> None:
        school.coasting = None if self.ended else self.effective_date


# -- interventions ------------------------------------------------------------------------------


class ConsultationCompleted(SchoolEvent):
    intervention: str
    consultee: str
    response_ref: str

    def evolve(self, school: School) -> None:
        done = dict(school.consultations.get(self.intervention, {}))
        done[self.consultee] = self.effective_date
        school.consultations = {**school.consultations, self.intervention: done}


class IEBStep(SchoolEvent):
    from_state: str
    to_state: str

    def evolve(self, school: School) -> None:
        ieb = dict(school.ieb)
        ieb["state"] = self.to_state
        self.change(ieb)
        school.ieb = ieb

    def change(self, ieb: dict[str, Any]) -> None:
        """Change the IEB's fields; overridden per step."""


class SoSConsentRequested(IEBStep):
    def change(self, ieb: dict[str, Any]) -> None:
        ieb["consent_requested_on"] = self.effective_date


class SoSConsentDecided(IEBStep):
    decision: str

    def change(self, ieb: dict[str, Any]) -> None:
        ieb["consent"] = self.decision
        ieb["consent_on"] = self.effective_date


class IEBNoticeIssued(IEBStep):
    ieb_from: dt.date
    interim_period_end: dt.date | None
    copied_to: list[str]

    def change(self, ieb: dict[str, Any]) -> None:
        ieb.update(notice_on=self.effective_date, ieb_from=self.ieb_from,
                   interim_period_end=self.interim_period_end, members=[], ended_on=None)


class IEMAppointed(IEBStep):
    member: str
    instrument_ref: str

    def change(self, ieb: dict[str, Any]) -> None:
        ieb["members"] = [*ieb.get("members", []), self.member]


class IEMRemoved(IEBStep):
    member: str

    def change(self, ieb: dict[str, Any]) -> None:
        ieb["members"] = [m for m in ieb.get("members", []) if m != self.member]


class IEBEnded(IEBStep):
    resumption_date: dt.date

    def change(self, ieb: dict[str, Any]) -> None:
        ieb["ended_on"] = self.resumption_date


class ArrangementsNoticeIssued(SchoolEvent):
    requirement: str
    specified_party: str
    route: str

    def evolve(self, school: School) -> None:
        school.powers = [*school.powers, {"power": "S63", "date": self.effective_date,
                                          "requirement": self.requirement}]


class AdditionalGovernorsAppointed(SchoolEvent):
    count: int
    names: list[str]
    route: str

    def evolve(self, school: School) -> None:
        school.powers = [*school.powers, {"power": "S64", "date": self.effective_date,
                                          "count": self.count, "route": self.route}]


class AdditionalFoundationGovernorsAppointed(SchoolEvent):
    count: int

    def evolve(self, school: School) -> None:
        school.powers = [*school.powers, {"power": "S64(4)", "date": self.effective_date,
                                          "count": self.count}]


class BudgetStep(SchoolEvent):
    from_state: str
    to_state: str

    def evolve(self, school: School) -> None:
        budget = dict(school.budget)
        budget["state"] = self.to_state
        self.change(budget)
        school.budget = budget

    def change(self, budget: dict[str, Any]) -> None:
        """Change the suspension's fields; overridden per step."""


class BudgetSuspensionNoticeIssued(BudgetStep):
    basis: str
    grounds_particulars: str
    suspension_from: dt.date
    emergency_justification: str
    appeal_info_included: bool
    copied_to: list[str]

    def change(self, budget: dict[str, Any]) -> None:
        budget.update(basis=self.basis, notice_on=self.effective_date,
                      suspended_from=self.suspension_from, reviews=[], revoked_from=None)


class BudgetSuspensionReviewed(BudgetStep):
    review_type: str
    representations_invited: bool
    decision: str
    revoked_from: dt.date | None

    def change(self, budget: dict[str, Any]) -> None:
        budget["reviews"] = [*budget.get("reviews", []), self.effective_date]
        if self.revoked_from is not None:
            budget["revoked_from"] = self.revoked_from


class DfENotifiedOfIntervention(SchoolEvent):
    power: str

    def evolve(self, school: School) -> None:
        school.dfe_notified = {**school.dfe_notified, self.power: self.effective_date}


class SoSInterventionNotified(SchoolEvent):
    power: str
    ended: bool

    def evolve(self, school: School) -> None:
        current = dict(school.sos_interventions)
        if self.ended:
            current.pop(self.power, None)
        else:
            current[self.power] = self.effective_date
        school.sos_interventions = current
        if self.power == "S67":  # s67(6): once appointed, the bar on suspension stays
            school.sos_governors_appointed = True


# -- Ofsted and academy orders -------------------------------------------------------------------


class OfstedInspectionReportReceived(SchoolEvent):
    inspection_date: dt.date
    framework: str
    grades: dict[str, str]
    safeguarding: str
    category: str

    def evolve(self, school: School) -> None:
        school.inspections = [*school.inspections, {
            "inspection_date": self.inspection_date, "published": self.effective_date,
            "framework": self.framework, "category": self.category,
            "safeguarding": self.safeguarding}]


class OfstedCategoryNotified(SchoolEvent):
    category: str
    soa_due: dt.date | None

    def evolve(self, school: School) -> None:
        school.ofsted = {"category": self.category, "notified_on": self.effective_date,
                         "soa_due": self.soa_due, "soa_sent_on": None}


class StatementOfActionSent(SchoolEvent):
    recipients: list[str]
    parent_arrangements: str

    def evolve(self, school: School) -> None:
        if school.ofsted:
            school.ofsted = {**school.ofsted, "soa_sent_on": self.effective_date}


class OfstedCategoryRemoved(SchoolEvent):
    category: str

    def evolve(self, school: School) -> None:
        school.ofsted = None


class AcademyOrderStep(SchoolEvent):
    order_id: str
    from_state: str
    to_state: str

    def evolve(self, school: School) -> None:
        order = dict(school.academy_orders.get(self.order_id, {}))
        order["state"] = self.to_state
        self.change(order)
        school.academy_orders = {**school.academy_orders, self.order_id: order}

    def change(self, order: dict[str, Any]) -> None:
        """Change the order's fields; overridden per step."""


class AcademyOrderMade(AcademyOrderStep):
    basis: str
    saved_pre_cwsa: bool

    def change(self, order: dict[str, Any]) -> None:
        order.update(basis=self.basis, order_date=self.effective_date, directions=[], steps=[],
                     saved_pre_cwsa=self.saved_pre_cwsa)


class SoSDirectionReceived(AcademyOrderStep):
    direction_id: str
    steps: list[str]
    deadline: dt.date

    def change(self, order: dict[str, Any]) -> None:
        order["directions"] = [*order["directions"], {
            "id": self.direction_id, "steps": self.steps, "deadline": self.deadline,
            "met_on": None}]


class ConversionFacilitationStepRecorded(AcademyOrderStep):
    step: str
    direction_id: str

    def change(self, order: dict[str, Any]) -> None:
        order["steps"] = [*order["steps"], {"step": self.step, "date": self.effective_date}]
        if self.direction_id:
            order["directions"] = [
                {**d, "met_on": self.effective_date} if d["id"] == self.direction_id else d
                for d in order["directions"]]


class AcademyOrderRevoked(AcademyOrderStep):
    def change(self, order: dict[str, Any]) -> None:
        order["revoked_on"] = self.effective_date


class SchoolConvertedToAcademy(SchoolEvent):
    new_type: str
    academy_trust: str
    order_id: str

    def evolve(self, school: School) -> None:
        school.establishment_type = self.new_type
        school.academy_trust = self.academy_trust
        school.converted_on = self.effective_date
        if self.order_id and self.order_id in school.academy_orders:
            order = {**school.academy_orders[self.order_id], "state": "converted"}
            school.academy_orders = {**school.academy_orders, self.order_id: order}
