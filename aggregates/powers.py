"""LA intervention powers (EIA 2006 ss63-66, SSFA Sch 15) and the SoS's (rulebook §5, §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import rules
from .calendar import add_months
from .errors import InvalidInput, NotNow, Refused
from .events import (
    AdditionalFoundationGovernorsAppointed,
    AdditionalGovernorsAppointed,
    ArrangementsNoticeIssued,
    BudgetSuspensionNoticeIssued,
    BudgetSuspensionReviewed,
    CoastingNotified,
    ConsultationCompleted,
    DfENotifiedOfIntervention,
    EligibilityEnded,
    EligibilityStarted,
    IEBEnded,
    IEBNoticeIssued,
    IEMAppointed,
    IEMRemoved,
    SoSConsentDecided,
    SoSConsentRequested,
    SoSInterventionNotified,
)
from .judgement import Context, Judgement
from .vocabulary import (
    BUDGET_BASES,
    CONSULTEES,
    LA_POWERS,
    S63_REQUIREMENTS,
    SOS_POWERS,
    has_foundation,
    needs_diocese,
)
from .workflow import BUDGET, IEB

if TYPE_CHECKING:
    from .school import School

WN_ROUTES = ("S60", "S60A")


class PowerCommands:
    """Mixed into School."""

    # -- shared preconditions -------------------------------------------------------------------

    def active_routes(self: School, on: dt.date) -> dict[str, dict]:
        """Eligibility routes in force on ``on`` (EIA 2006 s59(2))."""
        return {r: info for r, info in self.routes.items() if info["since"] <= on}

    def _power_preconditions(self: School, j: Judgement, power: str, what: str,
                             exercising: bool = True) -> dict:
        """AC-01, IN-01 and IN-10 for every LA power; returns the active routes.

        ``exercising=False`` for steps towards a power (asking for consent): the school must be
        eligible, but the reasonable-notice date and SoS precedence apply to the power itself.
        """
        if self.is_academy:
            j.refuse("AC-01", f"{what} refused: {self.urn} is an academy; the LA has no Part 4 "
                     "powers over academies", "Raise concerns with the Regional Director: "
                     f"sela activity rd-concern {self.urn} --about governance")
        if not self.is_maintained:
            j.refuse("IN-01", f"{what} refused: a pupil referral unit is not a maintained school "
                     "for EIA 2006 Part 4", "Part 4 powers apply to maintained schools only.")
        on = j.on
        routes = self.active_routes(on)
        j.check("IN-01", bool(routes),
                f"{what} refused: {self.urn} is not eligible for intervention on "
                f"{on.isoformat()}",
                "Eligibility comes from a warning notice not complied with "
                f"(sela notice ...) or an Ofsted category (sela ofsted notify {self.urn}).")
        wn_routes = [r for r in routes if r in WN_ROUTES]
        if not exercising:
            return routes
        if routes and len(wn_routes) == len(routes):
            earliest = min(self.notices[routes[r]["basis"]]["earliest_exercise_date"]
                           for r in wn_routes)
            j.check("IN-01", on >= earliest,
                    f"{what} refused: the notice of intention gave until {earliest.isoformat()} "
                    "before powers may be used", f"Act on or after {earliest.isoformat()}.")
        if self.sos_interventions:
            j.check("IN-10", False,
                    f"The Secretary of State is intervening ({', '.join(self.sos_interventions)}"
                    "); SoS intervention takes precedence over the LA's")
        return routes

    def _consultees(self: School, intervention: str, policy_gb: bool) -> list[str]:
        needed = ["GB"] if policy_gb else []
        if needs_diocese(self.religious_character):
            needed.append("DIOCESE")
        elif has_foundation(self.establishment_type):
            needed.append("FOUNDATION_APPOINTER")
        return needed

    def _missing_consultations(self: School, intervention: str, policy_gb: bool) -> list[str]:
        done = self.consultations.get(intervention, {})
        return [c for c in self._consultees(intervention, policy_gb) if c not in done]

    # -- consultations and the SoS's consent ---------------------------------------------------

    def record_consultation(self: School, *, intervention: str, consultee: str,
                            response_ref: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if intervention not in LA_POWERS:
            raise InvalidInput(f"Unknown power {intervention!r}; use one of "
                               f"{', '.join(LA_POWERS)}.")
        if consultee not in CONSULTEES:
            raise InvalidInput(f"Unknown consultee {consultee!r}; use one of "
                               f"{', '.join(CONSULTEES)}.")
        j.check({"S63": "IN-02", "S65": "IN-05"}.get(intervention, "IN-01"), True, "")
        self._record(ConsultationCompleted, j, intervention=intervention, consultee=consultee,
                     response_ref=response_ref)
        return j.warnings

    def _ieb_step(self: School, step: str) -> tuple[str, str]:
        return IEB.advance(self.ieb["state"], step, "IEB")

    def request_ieb_consent(self: School, *, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        frm, to = self._ieb_step("request_consent")
        self._power_preconditions(j, "S65", "IEB consent request", exercising=False)
        self._record(SoSConsentRequested, j, from_state=frm, to_state=to)
        return j.warnings

    def decide_ieb_consent(self: School, *, granted: bool, ctx: Context) -> list[str]:
        """The Secretary of State's decision on the LA's IEB application (recorded by the LA)."""
        j = self._judge(ctx)
        frm, to = self._ieb_step("grant_consent" if granted else "refuse_consent")
        j.check("IN-05", True, "")
        self._record(SoSConsentDecided, j, from_state=frm, to_state=to,
                     decision="GRANTED" if granted else "REFUSED")
        return j.warnings

    # -- s65 interim executive board -------------------------------------------------------------

    def issue_ieb_notice(self: School, *, ieb_from: dt.date, members: Sequence[tuple[str, str]],
                         interim_period_end: dt.date | None, copied_to: Sequence[str],
                         ctx: Context) -> list[str]:
        """s65: notice to the GB that from ``ieb_from`` it is an IEB, with at least 2 members."""
        j = self._judge(ctx)
        what = "IEB"
        if self.ieb["state"] not in ("none", "ended", "consent_requested", "consent_granted"):
            self._ieb_step("issue_notice")  # an IEB is already in place: say so
        self._power_preconditions(j, "S65", what)
        j.check("IN-05", self.ieb["state"] == "consent_granted",
                "IEB refused: no Secretary of State consent recorded",
                f"Record the consent first: sela sos consent {self.urn} --granted")
        missing = self._missing_consultations("S65", j.policy.ieb_consult_governing_body)
        j.check("IN-05", not missing,
                f"IEB refused: consultation not recorded with {', '.join(missing)}",
                f"Record it first: sela power consult {self.urn} --for S65 --consultee "
                f"{missing[0] if missing else 'GB'}")
        frm, to = self._ieb_step("issue_notice")
        names = [m for m, _ in members]
        j.check("IN-06", len(set(names)) >= 2,
                "IEB refused: an interim executive board has at least two members appointed by "
                "written instrument (Sch 6)", "Name them with --member NAME=INSTRUMENT_REF.")
        if ieb_from < ctx.on:
            raise InvalidInput("The IEB cannot take over before the notice is given; "
                               "--from must be on or after --on.")
        if interim_period_end is not None and interim_period_end <= ieb_from:
            raise InvalidInput("The interim period must end after the IEB takes over.")
        expected = ["IEMS", "GOVERNORS", "SOS"]
        if needs_diocese(self.religious_character):
            expected.append("DIOCESE")
        elif has_foundation(self.establishment_type):
            expected.append("FOUNDATION_APPOINTER")
        missing_copies = [c for c in expected if c not in copied_to]
        j.check("IN-06", True, "")
        if missing_copies:
            j.warnings.append(rules.warning_text(
                "IN-06", f"copies of the IEB notice not recorded for {', '.join(missing_copies)}"
                " (failure does not invalidate the notice)", "WARN"))
        self._record_deviations(j)
        self._record(IEBNoticeIssued, j, from_state=frm, to_state=to, ieb_from=ieb_from,
                     interim_period_end=interim_period_end, copied_to=sorted(set(copied_to)))
        for name, ref in members:
            self._record(IEMAppointed, j, from_state=to, to_state=to, member=name,
                         instrument_ref=ref)
        return j.warnings

    def change_ieb_member(self: School, *, add: str | None, remove: str | None,
                          instrument_ref: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        frm, to = self._ieb_step("appoint_member" if add else "remove_member")
        if remove:
            j.check("IN-06", remove in self.ieb["members"] and len(self.ieb["members"]) > 2,
                    f"Removal refused: {remove!r} is not a member, or the board would fall "
                    "below two members", "Appoint a replacement first.")
            self._record(IEMRemoved, j, from_state=frm, to_state=to, member=remove)
        elif add:
            if add in self.ieb["members"]:
                raise NotNow(f"{add!r} is already a member of the IEB.")
            j.check("IN-06", True, "")
            self._record(IEMAppointed, j, from_state=frm, to_state=to, member=add,
                         instrument_ref=instrument_ref)
        return j.warnings

    def end_ieb(self: School, *, resumption_date: dt.date, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        frm, to = self._ieb_step("end")
        if resumption_date <= self.ieb["ieb_from"]:
            raise InvalidInput(f"The governing body cannot resume on {resumption_date} before "
                               f"the IEB took over on {self.ieb['ieb_from']}.")
        self._record(IEBEnded, j, from_state=frm, to_state=to, resumption_date=resumption_date)
        return j.warnings

    # -- s63 arrangements, s64 governors -------------------------------------------------------

    def issue_arrangements_notice(self: School, *, requirement: str, specified_party: str,
                                  ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if requirement not in S63_REQUIREMENTS:
            raise InvalidInput(f"Unknown requirement {requirement!r}; use one of "
                               f"{', '.join(S63_REQUIREMENTS)}.")
        routes = self._power_preconditions(j, "S63", "s63 arrangements")
        others = [r for r in routes if r != "S60A"]
        j.check("IN-02", bool(others),
                "s63 arrangements refused: eligibility by a pay-and-conditions (s60A) notice "
                "alone does not allow s63", "Use ss64-66, or a route other than s60A.")
        if j.policy.s63_consultation_required:
            missing = self._missing_consultations("S63", True)
            j.check("IN-02", not missing,
                    f"s63 arrangements refused: consultation not recorded with "
                    f"{', '.join(missing)}", f"Record it first: sela power consult {self.urn} "
                    f"--for S63 --consultee {missing[0] if missing else 'GB'}")
        self._record_deviations(j)
        self._record(ArrangementsNoticeIssued, j, requirement=requirement,
                     specified_party=specified_party, route=sorted(others)[0])
        return j.warnings

    def appoint_additional_governors(self: School, *, names: Sequence[str],
                                     ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if not names:
            raise InvalidInput("Name the governors appointed with --name.")
        routes = self._power_preconditions(j, "S64", "Additional governors")
        j.check("IN-03", self.ieb["state"] != "active",
                "Additional governors refused: no additional governors may be appointed while "
                "an IEB is in place (Sch 6 para 14)", "The IEB must end first.")
        wn = [r for r in routes if r in WN_ROUTES]
        if routes and len(wn) == len(routes):
            window = max(routes[r]["s64_window_end"] for r in wn)
            j.check("IN-03", j.on <= window,
                    f"Additional governors refused: on a warning-notice route the power lapsed "
                    f"on {window.isoformat()}, two months after the compliance period ended",
                    "Another route (e.g. an Ofsted category) would be needed.")
        route = sorted(routes)[0] if routes else ""
        self._record(AdditionalGovernorsAppointed, j, count=len(names), names=list(names),
                     route=route)
        return j.warnings

    def appoint_foundation_governors(self: School, *, count: int, ctx: Context) -> list[str]:
        """s64(4): the appropriate authority of a VA school matches the LA's appointments."""
        j = self._judge(ctx)
        la = sum(p.get("count", 0) for p in self.powers
                 if p["power"] == "S64" and p.get("route") in WN_ROUTES)
        already = sum(p.get("count", 0) for p in self.powers if p["power"] == "S64(4)")
        ok = (self.establishment_type == "voluntary-aided" and self.ofsted is None
              and not self.sos_governors_appointed and la > 0 and 1 <= count <= la - already)
        j.check("IN-04", ok,
                "Foundation governors refused: s64(4) applies only to a voluntary aided school "
                "not in an Ofsted category, after LA appointments on a warning-notice route, "
                f"up to the same number (LA appointed {la}, foundation already {already})")
        self._record(AdditionalFoundationGovernorsAppointed, j, count=count)
        return j.warnings

    # -- s66 / Sch 15 budget suspension ---------------------------------------------------------

    def _budget_step(self: School, step: str) -> tuple[str, str]:
        return BUDGET.advance(self.budget["state"], step, "Budget suspension")

    def suspend_budget(self: School, *, basis: str, grounds_particulars: str,
                       suspension_from: dt.date, emergency_justification: str,
                       appeal_info_included: bool, copied_to: Sequence[str],
                       ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if basis not in BUDGET_BASES:
            raise InvalidInput(f"Unknown basis {basis!r}; use EIA_S66 or SSFA_SCH15_P1.")
        frm, to = self._budget_step("suspend")
        if basis == "EIA_S66":
            self._power_preconditions(j, "S66", "Budget suspension")
        elif self.is_academy:
            j.refuse("AC-01", f"Budget suspension refused: {self.urn} is an academy")
        j.check("IN-11", not self.sos_governors_appointed,
                "Budget suspension refused: the Secretary of State has appointed additional "
                "governors under s67", "The LA may not suspend the delegated budget now.")
        sch15 = basis == "SSFA_SCH15_P1" or j.policy.s66_uses_schedule_15_notice
        if sch15:
            month = add_months(ctx.on, 1)
            j.check("IN-07", suspension_from >= month or bool(emergency_justification.strip()),
                    f"Budget suspension refused: one month's notice is needed (from "
                    f"{month.isoformat()}) unless an emergency justifies less",
                    "Give a later --from, or record the emergency with --emergency.")
            j.check("IN-07", bool(grounds_particulars.strip()) and appeal_info_included,
                    "Budget suspension refused: the notice must give the grounds with "
                    "particulars and state the right of appeal",
                    "Give --grounds and confirm --appeal-info.")
            missing = [c for c in ("HT", "SOS") if c not in copied_to]
            j.check("IN-07", not missing,
                    f"Budget suspension refused: copies must go to {', '.join(missing)} at the "
                    "same time", "Record them with --copied-to HT --copied-to SOS.")
        if suspension_from < ctx.on:
            raise InvalidInput("The suspension cannot start before the notice (--from >= --on).")
        self._record(BudgetSuspensionNoticeIssued, j, from_state=frm, to_state=to, basis=basis,
                     grounds_particulars=grounds_particulars.strip(),
                     suspension_from=suspension_from,
                     emergency_justification=emergency_justification.strip(),
                     appeal_info_included=appeal_info_included, copied_to=sorted(set(copied_to)))
        return j.warnings

    def review_budget(self: School, *, review_type: str, representations_invited: bool,
                      revoke_from: dt.date | None, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if review_type not in ("ANNUAL", "AD_HOC"):
            raise InvalidInput("Review type is ANNUAL or AD_HOC.")
        frm, to = self._budget_step("revoke" if revoke_from else "review")
        j.check("IN-08", representations_invited,
                "Review refused: the governing body and headteacher must be given the chance to "
                "make representations", "Invite them and record it with "
                "--representations-invited.")
        self._record(BudgetSuspensionReviewed, j, from_state=frm, to_state=to,
                     review_type=review_type, representations_invited=representations_invited,
                     decision="REVOKE" if revoke_from else "CONTINUE", revoked_from=revoke_from)
        return j.warnings

    def notify_dfe(self: School, *, power: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if power not in LA_POWERS:
            raise InvalidInput(f"Unknown power {power!r}; use one of {', '.join(LA_POWERS)}.")
        j.check("IN-09", True, "")
        self._record(DfENotifiedOfIntervention, j, power=power)
        return j.warnings

    # -- the Secretary of State's own steps, recorded by the LA ------------------------------

    def record_sos_intervention(self: School, *, power: str, ended: bool,
                                ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if power not in SOS_POWERS:
            raise InvalidInput(f"Unknown SoS power {power!r}; use one of {', '.join(SOS_POWERS)}.")
        j.check("IN-10", True, "")
        if power == "S67":
            j.check("IN-11", True, "")
        self._record(SoSInterventionNotified, j, power=power, ended=ended)
        return j.warnings

    def record_coasting(self: School, *, notice_ref: str, ended: bool, ctx: Context) -> list[str]:
        """s60B: the SoS notified the governing body the school is (no longer) coasting."""
        j = self._judge(ctx)
        if not self.is_maintained or self.establishment_type == "la-nursery":
            raise Refused("Coasting refused: s60B applies to maintained schools other than "
                          "nursery schools (SI 2022/720 reg 3)", rule_id="IN-01",
                          basis=rules.get("IN-01").basis)
        if ended and self.coasting is None:
            raise NotNow(f"{self.urn} is not recorded as coasting; nothing to end.")
        if not ended and self.coasting is not None:
            raise NotNow(f"{self.urn} has been recorded as coasting since "
                         f"{self.coasting.isoformat()}.")
        self._record(CoastingNotified, j, notice_ref=notice_ref, ended=ended)
        if ended and "S60B" in self.routes:
            self._record(EligibilityEnded, j, route="S60B")
        elif not ended and "S60B" not in self.routes:
            self._record(EligibilityStarted, j, route="S60B", basis=notice_ref, since=ctx.on,
                         s64_window_end=None)
        return j.warnings
