"""Warning-notice events: the LA's notices (s60, s60A) and the Secretary of State's (rulebook §6).

Steps that move a notice record its from/to states (the outcome the lifecycle gave); steps
that do not move it (copies, legacy representations and confirmation) leave its state alone,
so a step inserted earlier by back-filling never rewinds it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ..state.case import CaseState
from ..state.notice import OPEN, SoSNotice, WarningNotice
from .base import SchoolEvent


class WarningNoticeStep(SchoolEvent):
    """Every step of an LA notice's lifecycle records the notice and its state change."""

    wn_id: str
    from_state: str
    to_state: str

    moves: ClassVar[bool] = True

    def evolve(self, s: CaseState) -> CaseState:
        notice = s.notice(self.wn_id)
        if notice is None:
            return s
        changed = self.change(notice)
        if self.moves:
            changed = changed.to(self.to_state)
        return s.with_notice(changed)

    def change(self, notice: WarningNotice) -> WarningNotice:
        """Change the notice's fields; overridden per step."""
        return notice


class WarningNoticeDrafted(WarningNoticeStep):
    notice_type: str
    issuer: str
    grounds: list[str]
    comparators: list[str]
    matters: str
    required_actions: list[str]
    compliance_period_end: dt.date
    minded_actions: list[str]

    def evolve(self, s: CaseState) -> CaseState:
        return s.with_notice(WarningNotice(
            wn_id=self.wn_id, type=self.notice_type, issuer=self.issuer, state=self.to_state,
            grounds=tuple(self.grounds), comparators=tuple(self.comparators),
            matters=self.matters, required_actions=tuple(self.required_actions),
            minded_actions=tuple(self.minded_actions),
            compliance_period_end=self.compliance_period_end, drafted_on=self.effective_date,
            drafted_by=self.actor))


class WarningNoticeApproved(WarningNoticeStep):
    approver_role: str
    #: Who agreed the notice (WN-05): the recorder, or the director they name. Release 0.1
    #: recorded only approvals by the recorder.
    approved_by: str

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("approved_by", state.get("actor", ""))

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, approved_on=self.effective_date,
                         approved_by=self.approved_by)


class WarningNoticeIssued(WarningNoticeStep):
    regime: str
    compliance_period_end: dt.date
    initial_period_end: dt.date | None
    #: Copies sent with the notice (release 0.1 recorded them as WarningNoticeCopySent).
    copied_to: list[str]

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("copied_to", [])

    def change(self, notice: WarningNotice) -> WarningNotice:
        changed = notice.to(notice.state, issue_date=self.effective_date, regime=self.regime,
                            compliance_period_end=self.compliance_period_end,
                            initial_period_end=self.initial_period_end)
        for recipient in self.copied_to:
            changed = changed.with_copy(recipient, self.effective_date)
        return changed


class WarningNoticeCopySent(WarningNoticeStep):
    recipient: str
    moves = False

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.with_copy(self.recipient, self.effective_date)


class LegacyRepresentationMade(WarningNoticeStep):
    body: str
    moves = False

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, representation_on=self.effective_date)


class LegacyWarningNoticeConfirmed(WarningNoticeStep):
    moves = False

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, confirmed_on=self.effective_date)


class ComplianceAssessed(WarningNoticeStep):
    outcome: str

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, outcome=self.outcome, assessed_on=self.effective_date,
                         ended_on=self.effective_date if self.outcome == "COMPLIED"
                         else notice.ended_on)


class IntentionToUsePowersNotified(WarningNoticeStep):
    powers_proposed: list[str]
    earliest_exercise_date: dt.date

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, intention_on=self.effective_date,
                         powers_proposed=tuple(self.powers_proposed),
                         earliest_exercise_date=self.earliest_exercise_date)


class WarningNoticeSuperseded(WarningNoticeStep):
    sos_wn_ref: str

    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, ended_on=self.effective_date)


class WarningNoticeWithdrawn(WarningNoticeStep):
    def change(self, notice: WarningNotice) -> WarningNotice:
        return notice.to(notice.state, ended_on=self.effective_date)


# -- the Secretary of State's notices (s60(4A)/(4B)) --------------------------------------------


class SoSWarningNoticeNotified(SchoolEvent):
    sos_wn_ref: str
    compliance_period_end: dt.date | None
    #: From this release the notice itself supersedes the LA's open s60 notices (WN-07);
    #: release 0.1 recorded a WarningNoticeSuperseded event for each.
    supersedes: bool

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("compliance_period_end", None)
        state.setdefault("supersedes", False)

    def evolve(self, s: CaseState) -> CaseState:
        s = s.with_sos_notice(SoSNotice(ref=self.sos_wn_ref, notified_on=self.effective_date,
                                        compliance_period_end=self.compliance_period_end))
        if self.supersedes:
            for n in s.notices:
                if n.type == "S60" and n.state in OPEN:
                    s = s.with_notice(n.to("superseded", ended_on=self.effective_date))
        return s

    def summary(self) -> str:
        return f"Secretary of State warning notice {self.sos_wn_ref}"


class SoSPermissionToIssueReceived(SchoolEvent):
    sos_wn_ref: str

    def evolve(self, s: CaseState) -> CaseState:
        for n in s.sos_notices:
            if n.bars_la_notices:
                s = s.with_sos_notice(n.to(n.state, permission_on=self.effective_date))
        return s


class SoSComplianceAssessed(SchoolEvent):
    """The Secretary of State's finding on compliance with its notice (s60(1)(c))."""

    sos_wn_ref: str
    outcome: str

    def evolve(self, s: CaseState) -> CaseState:
        n = s.sos_notice(self.sos_wn_ref)
        if n is None:
            return s
        state = "complied" if self.outcome == "COMPLIED" else "not_complied"
        return s.with_sos_notice(n.to(state, outcome=self.outcome,
                                      assessed_on=self.effective_date))


class SoSIntentionNotified(SchoolEvent):
    """The Secretary of State's written notice of the powers it intends to use (s60(1)(d))."""

    sos_wn_ref: str
    powers_proposed: list[str]
    earliest_exercise_date: dt.date

    def evolve(self, s: CaseState) -> CaseState:
        n = s.sos_notice(self.sos_wn_ref)
        if n is None:
            return s
        return s.with_sos_notice(n.to("intention_notified", intention_on=self.effective_date,
                                      powers_proposed=tuple(self.powers_proposed),
                                      earliest_exercise_date=self.earliest_exercise_date))


class SoSWarningNoticeClosed(SchoolEvent):
    """The Secretary of State's notice ceased to have effect (withdrawn or closed)."""

    sos_wn_ref: str

    def evolve(self, s: CaseState) -> CaseState:
        n = s.sos_notice(self.sos_wn_ref)
        if n is None:
            return s
        return s.with_sos_notice(n.to("closed", closed_on=self.effective_date))


# -- eligibility as release 0.1 recorded it ------------------------------------------------------


class EligibilityStarted(SchoolEvent):
    """Recorded by release 0.1. Eligibility is now worked out from the facts that give it
    (state/eligibility.py), which are in the same history, so this changes nothing."""

    route: str
    basis: str
    since: dt.date
    s64_window_end: dt.date | None


class EligibilityEnded(SchoolEvent):
    """Recorded by release 0.1; see EligibilityStarted."""

    route: str
