"""Warning-notice commands: EIA 2006 s60 and s60A notices, LA- and SoS-issued (rulebook §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import rules
from .calendar import add_months, add_working_days
from .errors import InvalidInput, NotFound, NotNow
from .events import (
    ComplianceAssessed,
    EligibilityEnded,
    EligibilityStarted,
    IntentionToUsePowersNotified,
    LegacyRepresentationMade,
    LegacyWarningNoticeConfirmed,
    SoSPermissionToIssueReceived,
    SoSWarningNoticeNotified,
    WarningNoticeApproved,
    WarningNoticeCopySent,
    WarningNoticeDrafted,
    WarningNoticeIssued,
    WarningNoticeSuperseded,
    WarningNoticeWithdrawn,
)
from .judgement import Context, Judgement
from .vocabulary import (
    COMPLIANCE_OUTCOMES,
    COPY_RECIPIENTS,
    ESTABLISHMENT_TYPES,
    NOTICE_TYPES,
    POWERS,
    S60_COMPARATORS,
    S60_GROUNDS,
    S60A_GROUNDS,
    S60A_POWERS,
    has_foundation,
    needs_diocese,
)
from .workflow import NOTICE, OPEN_NOTICE_STATES

if TYPE_CHECKING:
    from .school import School

#: EAA 2016 commencement: notices issued before this date follow the legacy regime (WN-10).
EAA_COMMENCEMENT = dt.date(2016, 4, 18)
LEGACY_INITIAL_WORKING_DAYS = 15


class NoticeCommands:
    """Mixed into School."""

    def _notice(self: School, wn_id: str) -> dict[str, Any]:
        if wn_id not in self.notices:
            known = ", ".join(self.notices) or "none"
            raise NotFound(f"{self.urn} has no warning notice {wn_id!r} (notices: {known}).")
        return self.notices[wn_id]

    def _notice_step(self: School, wn_id: str, step: str) -> tuple[str, str]:
        return NOTICE.advance(self._notice(wn_id)["state"], step, wn_id)

    def _refuse_if_not_maintained(self: School, j: Judgement, what: str) -> None:
        if self.is_academy:
            j.refuse("AC-01", f"{what} refused: {self.urn} is an academy; the LA has no Part 4 "
                     "powers over academies", "Raise concerns with the Regional Director: "
                     f"sela activity rd-concern {self.urn} --about standards")
        kind = ESTABLISHMENT_TYPES[self.establishment_type]
        blocked = not kind.maintained and not (
            self.establishment_type == "pru" and not j.policy.block_pru_warning_notices)
        j.check("WN-01", not blocked,
                f"{what} refused: a {kind.gias_name.lower()} is not a maintained school for "
                "EIA 2006 Part 4", "Warning notices apply to maintained schools only.")

    def draft_notice(self: School, *, notice_type: str, grounds: Sequence[str],
                     comparators: Sequence[str], matters: str, required_actions: Sequence[str],
                     compliance_period_end: dt.date, minded_actions: Sequence[str],
                     ctx: Context) -> tuple[str, list[str]]:
        j = self._judge(ctx)
        if notice_type not in NOTICE_TYPES:
            raise InvalidInput(f"Unknown notice type {notice_type!r}; use S60 or S60A.")
        self._refuse_if_not_maintained(j, "Warning notice")
        if notice_type == "S60":
            bad = sorted(set(grounds) - set(S60_GROUNDS))
            j.check("WN-02", bool(grounds) and not bad,
                    "Warning notice refused: s60 grounds must be one or more of "
                    f"{', '.join(S60_GROUNDS)}" + (f" (not {', '.join(bad)})" if bad else ""),
                    "Give the grounds with --ground.")
            bad_c = sorted(set(comparators) - set(S60_COMPARATORS))
            j.check("WN-02", not bad_c and ("LOW_STANDARDS" not in grounds or bool(comparators)),
                    "Warning notice refused: low standards must be judged against expected, "
                    "previous or comparable schools' standards (s60(3))",
                    "Give the comparator with --comparator.")
        else:
            bad = sorted(set(grounds) - set(S60A_GROUNDS))
            j.check("WN-03", bool(grounds) and not bad,
                    "Warning notice refused: s60A grounds must be one or more of "
                    f"{', '.join(S60A_GROUNDS)}", "Give the grounds with --ground.")
        missing = [name for name, value in (("matters", matters.strip()),
                                            ("required action", list(required_actions)),
                                            ("action minded to take", list(minded_actions)))
                   if not value]
        j.check("WN-04", not missing,
                f"Warning notice refused: it must set out the {', '.join(missing)}",
                "Give them with --matters, --action and --minded.")
        j.check("WN-04", compliance_period_end > ctx.on,
                "Warning notice refused: the compliance period must end after the notice date",
                "Give a later --compliance-end.")
        wn_id = f"WN{len(self.notices) + 1}"
        self._record(WarningNoticeDrafted, j, wn_id=wn_id, from_state="none",
                     to_state="drafted", notice_type=notice_type, issuer="LA",
                     grounds=sorted(set(grounds)), comparators=sorted(set(comparators)),
                     matters=matters.strip(), required_actions=list(required_actions),
                     compliance_period_end=compliance_period_end,
                     minded_actions=list(minded_actions))
        return wn_id, j.warnings

    def approve_notice(self: School, *, wn_id: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        frm, to = self._notice_step(wn_id, "approve")
        j.check("WN-05", ctx.envelope.role == "DIRECTOR_CHILDREN_FAMILIES",
                f"Approval refused: warning notices are agreed by the Director of Children and "
                f"Families, not {ctx.envelope.role}",
                "Record the approval as the director: --role DIRECTOR_CHILDREN_FAMILIES.")
        self._record_deviations(j)
        self._record(WarningNoticeApproved, j, wn_id=wn_id, from_state=frm, to_state=to,
                     approver_role=ctx.envelope.role)
        return j.warnings

    def issue_notice(self: School, *, wn_id: str, copied_to: Sequence[str],
                     ctx: Context) -> list[str]:
        """Issue a drafted notice to the governing body, with its same-day copies."""
        notice = self._notice(wn_id)
        j = self._judge(ctx)  # anchor: the issue date (rulebook §12.4)
        for r in copied_to:
            if r not in COPY_RECIPIENTS:
                raise InvalidInput(f"Unknown copy recipient {r!r}; use: "
                                   f"{', '.join(COPY_RECIPIENTS)}.")
        frm, to = self._notice_step(wn_id, "issue")
        self._refuse_if_not_maintained(j, "Warning notice")
        regime = "PRE_2016_04_18" if ctx.on < EAA_COMMENCEMENT else "POST_2016_04_18"
        j.check("WN-10", True, "")
        j.check("WN-04", notice["compliance_period_end"] > ctx.on,
                f"Issue refused: the compliance period in {wn_id} ends on "
                f"{notice['compliance_period_end'].isoformat()}, not after the issue date",
                f"Withdraw {wn_id} and draft a notice with a later --compliance-end.")
        j.check("WN-05", notice["approved_on"] is not None,
                f"Warning notice refused: {wn_id} has not been agreed by the Director of "
                "Children and Families",
                f"Record the approval first: sela notice approve {self.urn} {wn_id} "
                "--role DIRECTOR_CHILDREN_FAMILIES")
        if notice["type"] == "S60":
            sos = self.sos_notice
            j.check("WN-06", sos is None or sos["permission_on"] is not None,
                    "Warning notice refused: the Secretary of State has given a warning notice "
                    f"({sos['ref'] if sos else ''}) and has not said the LA may give one",
                    f"Record the permission first: sela sos permit {self.urn} --ref REF")
        required = ["HMCI"]
        if ctx.on >= EAA_COMMENCEMENT:
            required.append("SOS_RD")
        if ctx.policy.diocese_copy_required:
            if needs_diocese(self.religious_character):
                required.append("DIOCESE")
            elif has_foundation(self.establishment_type):
                required.append("FOUNDATION_APPOINTER")
        missing = [r for r in required if r not in copied_to]
        j.check("WN-08", not missing,
                f"Issue refused: copies must go at the same time to {', '.join(required)} "
                f"(missing: {', '.join(missing)})",
                "Send them with the notice and record them with --copied-to.")
        j.check("WN-09", "HEADTEACHER" in copied_to,
                "No copy to the headteacher recorded (good practice)")
        self._record_deviations(j)
        initial_end = (add_working_days(ctx.on, LEGACY_INITIAL_WORKING_DAYS)
                       if regime.startswith("PRE") else None)
        self._record(WarningNoticeIssued, j, wn_id=wn_id, from_state=frm, to_state=to,
                     regime=regime, compliance_period_end=notice["compliance_period_end"],
                     initial_period_end=initial_end)
        for recipient in sorted(set(copied_to)):
            self._record(WarningNoticeCopySent, j, wn_id=wn_id, from_state=to, to_state=to,
                         recipient=recipient)
        return j.warnings

    def copy_notice(self: School, *, wn_id: str, recipient: str, ctx: Context) -> list[str]:
        """A copy sent after the issue date (late copies of statutory recipients are flagged)."""
        notice = self._notice(wn_id)
        j = self._judge(ctx, on=notice["issue_date"] or ctx.on)
        if recipient not in COPY_RECIPIENTS:
            raise InvalidInput(f"Unknown copy recipient {recipient!r}; use: "
                               f"{', '.join(COPY_RECIPIENTS)}.")
        frm, to = self._notice_step(wn_id, "copy")
        if recipient != "HEADTEACHER" and ctx.on != notice["issue_date"]:
            j.warnings.append(rules.warning_text(
                "WN-08", f"copy to {recipient} sent on {ctx.on.isoformat()}, not with the "
                f"notice on {notice['issue_date'].isoformat()}", "WARN"))
        self._record(WarningNoticeCopySent, j, wn_id=wn_id, from_state=frm, to_state=to,
                     recipient=recipient)
        return j.warnings

    def represent_notice(self: School, *, wn_id: str, body: str, ctx: Context) -> list[str]:
        """Legacy regime: the governing body's representations (to HMCI for s60, LA for s60A)."""
        notice = self._notice(wn_id)
        j = self._judge(ctx, on=notice["issue_date"] or ctx.on)
        frm, to = self._notice_step(wn_id, "represent")
        j.check("WN-11", False,
                f"Representations refused: {wn_id} was issued on "
                f"{notice['issue_date'].isoformat()}, after representations were abolished "
                "on 18 April 2016", "There is no statutory appeal; judicial review remains.")
        j.check("WN-10", ctx.on <= notice["initial_period_end"],
                f"Representations refused: the initial period ended on "
                f"{notice['initial_period_end'].isoformat()}")
        if body not in ("HMCI", "LA"):
            raise InvalidInput("Representations go to HMCI (s60) or the LA (s60A): --to HMCI|LA.")
        self._record(LegacyRepresentationMade, j, wn_id=wn_id, from_state=frm, to_state=to,
                     body=body)
        return j.warnings

    def confirm_notice(self: School, *, wn_id: str, ctx: Context) -> list[str]:
        """Legacy regime: HMCI (or the LA for s60A) confirmed the notice after representations."""
        notice = self._notice(wn_id)
        j = self._judge(ctx, on=notice["issue_date"] or ctx.on)
        frm, to = self._notice_step(wn_id, "confirm")
        j.check("WN-10", notice["regime"] == "PRE_2016_04_18" and
                notice["representation_on"] is not None,
                f"Confirmation refused: {wn_id} has no representations to confirm against")
        self._record(LegacyWarningNoticeConfirmed, j, wn_id=wn_id, from_state=frm, to_state=to)
        return j.warnings

    def assess_compliance(self: School, *, wn_id: str, outcome: str, ctx: Context) -> list[str]:
        notice = self._notice(wn_id)
        if outcome not in COMPLIANCE_OUTCOMES:
            raise InvalidInput(f"Unknown outcome {outcome!r}; use complied or not-complied.")
        j = self._judge(ctx, on=notice["issue_date"] or ctx.on)
        frm, to = self._notice_step(
            wn_id, "assess_complied" if outcome == "COMPLIED" else "assess_not_complied")
        end = notice["compliance_period_end"]
        j.check("WN-12", ctx.on > end,
                f"Compliance assessment refused: the compliance period of {wn_id} runs to "
                f"{end.isoformat()}", f"Assess compliance after {end.isoformat()}.")
        if notice["regime"] == "PRE_2016_04_18":
            initial = notice["initial_period_end"]
            j.check("WN-10", ctx.on > initial,
                    f"Compliance assessment refused: the legacy initial period of {wn_id} runs "
                    f"to {initial.isoformat()}", f"Assess after {initial.isoformat()}.")
            j.check("WN-10", notice["representation_on"] is None or
                    notice["confirmed_on"] is not None,
                    f"Compliance assessment refused: representations against {wn_id} are "
                    "unresolved", f"Record HMCI's confirmation: sela notice confirm {self.urn} "
                    f"{wn_id}")
        self._record(ComplianceAssessed, j, wn_id=wn_id, from_state=frm, to_state=to,
                     outcome=outcome)
        return j.warnings

    def notify_intention(self: School, *, wn_id: str, powers: Sequence[str],
                         earliest_exercise_date: dt.date | None, ctx: Context) -> list[str]:
        """Written reasonable notice of the powers intended; eligibility starts (WN-13, WN-14)."""
        notice = self._notice(wn_id)
        j = self._judge(ctx, on=notice["issue_date"] or ctx.on)
        frm, to = self._notice_step(wn_id, "notify_intention")
        allowed = S60A_POWERS if notice["type"] == "S60A" else POWERS
        bad = sorted(set(powers) - set(allowed))
        j.check("WN-13", bool(powers) and not bad,
                f"Notice of intention refused: a {notice['type']} notice leads to powers under "
                f"{', '.join(allowed)}" + (f", not {', '.join(bad)}" if bad else ""),
                "Name the powers with --power.")
        earliest = earliest_exercise_date or add_working_days(
            ctx.on, ctx.policy.reasonable_notice_working_days)
        if earliest < ctx.on:
            raise InvalidInput("The earliest exercise date cannot be before the notice of "
                               "intention.")
        j.check("WN-14", ctx.on > notice["compliance_period_end"] and
                notice["outcome"] == "NOT_COMPLIED", "Eligibility refused: the compliance "
                "period has not ended or non-compliance is not recorded")
        self._record(IntentionToUsePowersNotified, j, wn_id=wn_id, from_state=frm, to_state=to,
                     powers_proposed=sorted(set(powers)), earliest_exercise_date=earliest)
        self._record(EligibilityStarted, j, route=notice["type"], basis=wn_id, since=ctx.on,
                     s64_window_end=add_months(notice["compliance_period_end"], 2))
        return j.warnings

    def withdraw_notice(self: School, *, wn_id: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if not ctx.envelope.reason.strip():
            raise InvalidInput("Say why the notice is withdrawn with --reason.")
        frm, to = self._notice_step(wn_id, "withdraw")
        self._record(WarningNoticeWithdrawn, j, wn_id=wn_id, from_state=frm, to_state=to)
        self._end_notice_route(wn_id, j)
        return j.warnings

    def _end_notice_route(self: School, wn_id: str, j: Judgement) -> None:
        for route, info in list(self.routes.items()):
            if info["basis"] == wn_id:
                self._record(EligibilityEnded, j, route=route)

    # -- the Secretary of State's notices (s60(4A)/(4B)) ------------------------------------------

    def record_sos_notice(self: School, *, ref: str, ctx: Context) -> list[str]:
        """The SoS gave a warning notice: LA notices cease to have effect (WN-07)."""
        j = self._judge(ctx)
        if not ref.strip():
            raise InvalidInput("Give the Secretary of State's notice reference with --ref.")
        self._refuse_if_not_maintained(j, "Secretary of State warning notice")
        j.check("WN-06", True, "")
        self._record(SoSWarningNoticeNotified, j, sos_wn_ref=ref.strip())
        if j.in_force("WN-07"):
            for wn_id, notice in list(self.notices.items()):
                if notice["type"] == "S60" and notice["state"] in OPEN_NOTICE_STATES:
                    j.check("WN-07", True, "")
                    frm, to = self._notice_step(wn_id, "supersede")
                    self._record(WarningNoticeSuperseded, j, wn_id=wn_id, from_state=frm,
                                 to_state=to, sos_wn_ref=ref.strip())
                    self._end_notice_route(wn_id, j)
        return j.warnings

    def record_sos_permission(self: School, *, ref: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if self.sos_notice is None:
            raise NotNow(f"No Secretary of State warning notice is recorded for "
                         f"{self.urn}; nothing to permit.")
        j.check("WN-06", True, "")
        self._record(SoSPermissionToIssueReceived, j, sos_wn_ref=ref.strip() or
                     self.sos_notice["ref"])
        return j.warnings
