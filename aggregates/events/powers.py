"""Events of the interventions: consultations, the IEB, s63 arrangements, s64 governors, budget
suspension, the DfE told, the Secretary of State's own steps and coasting (rulebook §5, §7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..state.case import CaseState, Coasting, Consultation, PowerUse, SoSIntervention
from .base import SchoolEvent


class ConsultationCompleted(SchoolEvent):
    intervention: str
    consultee: str
    response_ref: str

    def evolve(self, s: CaseState) -> CaseState:
        done = Consultation(intervention=self.intervention, consultee=self.consultee,
                            date=self.effective_date)
        return s.but(consultations=(*s.consultations, done))


class IEBStep(SchoolEvent):
    from_state: str
    to_state: str


class SoSConsentRequested(IEBStep):
    def evolve(self, s: CaseState) -> CaseState:
        return s.but(ieb=s.ieb.to(self.to_state, consent_requested_on=self.effective_date))


class SoSConsentDecided(IEBStep):
    decision: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(ieb=s.ieb.to(self.to_state, consent=self.decision,
                                  consent_on=self.effective_date))


class IEBNoticeIssued(IEBStep):
    ieb_from: dt.date
    interim_period_end: dt.date | None
    copied_to: list[str]
    #: Members appointed with the notice, [name, instrument]; release 0.1 recorded each as
    #: an IEMAppointed event.
    members: list[list[str]]

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("members", [])

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(ieb=s.ieb.to(self.to_state, notice_on=self.effective_date,
                                  ieb_from=self.ieb_from,
                                  interim_period_end=self.interim_period_end,
                                  members=tuple(m[0] for m in self.members), ended_on=None))

    def summary(self) -> str:
        names = ", ".join(m[0] for m in self.members)
        end = self.interim_period_end.isoformat() if self.interim_period_end else "not stated"
        return (f"IEB from {self.ieb_from.isoformat()}, interim period to {end}"
                + (f"; members {names}" if names else ""))


class IEMAppointed(IEBStep):
    member: str
    instrument_ref: str

    def evolve(self, s: CaseState) -> CaseState:
        if self.member in s.ieb.members:
            return s
        return s.but(ieb=s.ieb.to(s.ieb.state, members=(*s.ieb.members, self.member)))


class IEMRemoved(IEBStep):
    member: str

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(ieb=s.ieb.to(s.ieb.state, members=tuple(
            m for m in s.ieb.members if m != self.member)))


class IEBInterimPeriodExtended(IEBStep):
    """A further notice moving the end of the interim period (Sch 6; rulebook §7.1)."""

    interim_period_end: dt.date

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(ieb=s.ieb.to(s.ieb.state, interim_period_end=self.interim_period_end))


class IEBEnded(IEBStep):
    resumption_date: dt.date

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(ieb=s.ieb.to(self.to_state, ended_on=self.resumption_date))


class ArrangementsNoticeIssued(SchoolEvent):
    requirement: str
    specified_party: str
    route: str

    def evolve(self, s: CaseState) -> CaseState:
        use = PowerUse(power="S63", date=self.effective_date, route=self.route,
                       requirement=self.requirement)
        return s.but(powers=(*s.powers, use))


class AdditionalGovernorsAppointed(SchoolEvent):
    count: int
    names: list[str]
    route: str

    def evolve(self, s: CaseState) -> CaseState:
        use = PowerUse(power="S64", date=self.effective_date, route=self.route, count=self.count)
        return s.but(powers=(*s.powers, use))


class AdditionalFoundationGovernorsAppointed(SchoolEvent):
    count: int

    def evolve(self, s: CaseState) -> CaseState:
        use = PowerUse(power="S64(4)", date=self.effective_date, count=self.count)
        return s.but(powers=(*s.powers, use))


class BudgetStep(SchoolEvent):
    from_state: str
    to_state: str


class BudgetSuspensionNoticeIssued(BudgetStep):
    basis: str
    grounds_particulars: str
    suspension_from: dt.date
    emergency_justification: str
    appeal_info_included: bool
    copied_to: list[str]

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(budget=s.budget.to(self.to_state, basis=self.basis,
                                        notice_on=self.effective_date,
                                        suspended_from=self.suspension_from, reviews=(),
                                        revoked_from=None))


class BudgetSuspensionReviewed(BudgetStep):
    review_type: str
    representations_invited: bool
    decision: str
    revoked_from: dt.date | None

    def evolve(self, s: CaseState) -> CaseState:
        budget = s.budget.to(self.to_state, reviews=(*s.budget.reviews, self.effective_date))
        if self.revoked_from is not None:
            budget = budget.to(budget.state, revoked_from=self.revoked_from)
        return s.but(budget=budget)


class DfENotifiedOfIntervention(SchoolEvent):
    power: str

    def evolve(self, s: CaseState) -> CaseState:
        if any(p == self.power for p, _ in s.dfe_notified):
            return s
        return s.but(dfe_notified=(*s.dfe_notified, (self.power, self.effective_date)))


class SoSInterventionNotified(SchoolEvent):
    power: str
    ended: bool

    def evolve(self, s: CaseState) -> CaseState:
        if self.ended:
            current = tuple(i.__class__(power=i.power, since=i.since, ended_on=self.effective_date)
                            if i.power == self.power and i.ended_on is None else i
                            for i in s.sos_interventions)
        else:
            current = (*s.sos_interventions,
                       SoSIntervention(power=self.power, since=self.effective_date))
        # s67(6): once the Secretary of State has appointed governors, the bar stays (IN-11).
        return s.but(sos_interventions=current,
                     sos_governors_appointed=s.sos_governors_appointed or self.power == "S67")


class CoastingNotified(SchoolEvent):
    """s60B: the Secretary of State notified the governing body that the school is coasting."""

    notice_ref: str
    ended: bool

    def evolve(self, s: CaseState) -> CaseState:
        if not self.ended:
            return s.but(coasting=(*s.coasting,
                                   Coasting(ref=self.notice_ref, since=self.effective_date)))
        mine = [c for c in s.coasting if c.ended_on is None and c.ref == self.notice_ref]
        ending = mine or [c for c in s.coasting if c.ended_on is None]
        return s.but(coasting=tuple(
            Coasting(ref=c.ref, since=c.since, ended_on=self.effective_date)
            if c in ending else c for c in s.coasting))
