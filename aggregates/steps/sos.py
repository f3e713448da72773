"""The Secretary of State's (Regional Director's) steps, as the LA records them: warning
notices with their own lifecycle (s60 as amended by EAA 2016; WN-06, WN-07), consent to an
IEB (IN-05), SoS interventions (IN-10, IN-11) and coasting notices (s60B)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import commencement as law
from ..calendar import add_working_days
from ..errors import InvalidInput, NotNow, Remedy
from ..events import (
    CoastingNotified,
    SoSComplianceAssessed,
    SoSConsentDecided,
    SoSIntentionNotified,
    SoSInterventionNotified,
    SoSPermissionToIssueReceived,
    SoSWarningNoticeClosed,
    SoSWarningNoticeNotified,
)
from ..state.case import CaseState
from ..vocabulary import Outcome, Power, SoSPower
from .command import Command, arg, command, opt
from .common import maintained, not_academy
from .lifecycles import IEB, SOS_NOTICE
from .registry import declare
from .spec import (
    NOT_APPLICABLE,
    Expectation,
    Facts,
    Fail,
    Guard,
    Item,
    Judgement,
    Move,
    Step,
    always,
)

# -- the Secretary of State's warning notices ---------------------------------------------------


def _ref(f: Facts) -> str:
    ref = str(f.cmd.ref).strip()
    if not ref:
        raise InvalidInput("Give the Secretary of State's notice reference with --ref.")
    return ref


def _sos_state(f: Facts) -> str:
    notice = f.state.sos_notice(_ref(f))
    return notice.state if notice else "none"


def _known(f: Facts) -> str:
    notice = f.state.sos_notice(_ref(f))
    if notice is None:
        known = ", ".join(n.ref for n in f.state.sos_notices) or "none"
        raise NotNow(f"{f.state.urn} has no Secretary of State notice {_ref(f)!r} on "
                     f"{f.on.isoformat()} (notices: {known}).")
    return notice.state


@command
class RecordSoSNotice(Command):
    ref: str = opt("--ref", "The Secretary of State's notice reference.", placeholder="<REF>",
                   example="RD-2026-17")
    compliance_period_end: dt.date | None = opt(
        "--compliance-end", "Last day of the compliance period the notice sets.", default=None)


SOS_NOTICE_STEP = declare(Step(
    RecordSoSNotice, ("sos", "notice"), "The Secretary of State gave a warning notice: the "
    "LA's open notices cease (WN-07) and the LA may give none until permitted (WN-06).",
    "190106 --ref RD-2026-17 --compliance-end 2026-12-18 --role SOS", "WN-07",
    lambda f, j: [(SoSWarningNoticeNotified, {
        "sos_wn_ref": _ref(f), "compliance_period_end": f.cmd.compliance_period_end,
        "supersedes": True})],
    (SoSWarningNoticeNotified,),
    guards=(not_academy("Secretary of State warning notice"),
            maintained("Secretary of State warning notice"), always("WN-06"), always("WN-07")),
    lifecycle=SOS_NOTICE, trigger="notify", moves=(Move(("none",), "issued"),),
    current=_sos_state, label=lambda f: f"Secretary of State notice {_ref(f)}",
    in_force=lambda f: law.SOS_NOTICE,
    done=lambda c, d: f"Secretary of State warning notice {c.ref.strip()} for {c.urn}."))


@command
class PermitLANotice(Command):
    ref: str = opt("--ref", "Reference of the Secretary of State's letter.", default="")


def _permit(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    barring = [n for n in f.state.sos_notices if n.bars_la_notices]
    if not barring:
        raise NotNow(f"No Secretary of State warning notice bars the LA's at {f.state.urn} on "
                     f"{f.on.isoformat()}; nothing to permit.")
    return [(SoSPermissionToIssueReceived, {"sos_wn_ref": f.cmd.ref.strip() or barring[-1].ref})]


PERMIT = declare(Step(
    PermitLANotice, ("sos", "permit"), "The Secretary of State said the LA may give a warning "
    "notice after all (WN-06).", "190106 --ref RD-2026-17", "WN-06", _permit,
    (SoSPermissionToIssueReceived,), guards=(always("WN-06"),),
    done=lambda c, d: f"Secretary of State's permission for the LA to give a warning notice "
                      f"({c.urn})."))


@command
class AssessSoSCompliance(Command):
    ref: str = arg("REF", "The Secretary of State's notice reference.", example="RD-2026-17")
    outcome: Outcome = opt("--outcome", "The Secretary of State's finding.",
                           placeholder="<COMPLIED|NOT_COMPLIED>", example=Outcome.NOT_COMPLIED)


def _sos_period(f: Facts) -> Fail | None:
    notice = f.state.sos_notice(_ref(f))
    end = notice.compliance_period_end if notice else None
    if end is None:
        return NOT_APPLICABLE
    return None if f.on > end else Fail(
        f"Compliance assessment refused: the compliance period of {_ref(f)} runs to "
        f"{end.isoformat()}", Remedy(f"Record the finding after {end.isoformat()}."))


def _sos_items(s: CaseState, policy: Any) -> list[Item]:
    items = []
    for n in s.sos_notices:
        if n.compliance_period_end and n.state != "closed":
            items.append(Item("WN-12", "T-WN-COMPLIANCE", f"{n.ref}: the Secretary of State's "
                              "compliance finding, after the period ends",
                              n.compliance_period_end + dt.timedelta(days=1), n.assessed_on,
                              step=AssessSoSCompliance, options={"ref": n.ref}))
    return items


SOS_ASSESS = declare(Step(
    AssessSoSCompliance, ("sos", "assess"), "Record the Secretary of State's finding on "
    "compliance with its notice (s60(1)(c); WN-12).", "190106 RD-2026-17 --outcome NOT_COMPLIED",
    "WN-12",
    lambda f, j: [(SoSComplianceAssessed, {"sos_wn_ref": _ref(f),
                                           "outcome": f.cmd.outcome.value})],
    (SoSComplianceAssessed,), guards=(Guard("WN-12", _sos_period),),
    lifecycle=SOS_NOTICE, trigger="assess",
    moves=(Move(("issued",), "complied", (("outcome", "COMPLIED"),)),
           Move(("issued",), "not_complied", (("outcome", "NOT_COMPLIED"),))),
    current=_known, plan_args=lambda f: {"outcome": f.cmd.outcome.value},
    label=lambda f: f"Secretary of State notice {_ref(f)}",
    expects=(Expectation("WN-12", "T-WN-COMPLIANCE", _sos_items),),
    hints=lambda s, t, p: [{"ref": n.ref} for n in s.sos_notices if n.state == "issued"],
    offered=True, done=lambda c, d: f"Secretary of State's finding on {c.ref}: "
                                    f"{c.outcome.value} ({c.urn})."))


@command
class NotifySoSIntention(Command):
    ref: str = arg("REF", "The Secretary of State's notice reference.", example="RD-2026-17")
    powers: tuple[Power, ...] = opt("--power", "S63 to S69; repeat.", metavar="POWER",
                                    placeholder="<POWER>", example=(Power.S64,))
    earliest_exercise_date: dt.date | None = opt(
        "--earliest", "First day powers may be used (default: after the reasonable-notice "
        "period).", default=None)


def _sos_intend(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    if not f.cmd.powers:
        raise InvalidInput("Name the powers the Secretary of State proposes with --power.")
    earliest = f.cmd.earliest_exercise_date or add_working_days(
        f.on, f.policy.reasonable_notice_working_days)
    if earliest < f.on:
        raise InvalidInput("The earliest exercise date cannot be before the notice of "
                           "intention.")
    return [(SoSIntentionNotified, {"sos_wn_ref": _ref(f),
                                    "powers_proposed": sorted({p.value for p in f.cmd.powers}),
                                    "earliest_exercise_date": earliest})]


SOS_INTEND = declare(Step(
    NotifySoSIntention, ("sos", "intend"), "The Secretary of State gave written notice of the "
    "powers it intends to use: the school is eligible for intervention (s60(1)(d); WN-13, "
    "WN-14).", "190106 RD-2026-17 --power S64 --power S69", "WN-13", _sos_intend,
    (SoSIntentionNotified,), guards=(always("WN-13"), always("WN-14")),
    lifecycle=SOS_NOTICE, trigger="intend", moves=(Move(("not_complied",), "intention_notified"),),
    current=_known, label=lambda f: f"Secretary of State notice {_ref(f)}",
    hints=lambda s, t, p: [{"ref": n.ref} for n in s.sos_notices if n.state == "not_complied"],
    offered=True, done=lambda c, d: f"the Secretary of State's notice of intention under "
                                    f"{c.ref}; {c.urn} is eligible for intervention."))


@command
class CloseSoSNotice(Command):
    ref: str = arg("REF", "The Secretary of State's notice reference.", example="RD-2026-17")


SOS_CLOSE = declare(Step(
    CloseSoSNotice, ("sos", "close"), "The Secretary of State's notice ceased to have effect "
    "(give --reason): its route to eligibility and its bar on LA notices end (WN-06).",
    "190106 RD-2026-17 --reason 'Notice withdrawn by the Regional Director'", "WN-06",
    lambda f, j: [(SoSWarningNoticeClosed, {"sos_wn_ref": _ref(f)})],
    (SoSWarningNoticeClosed,), lifecycle=SOS_NOTICE, trigger="close",
    moves=(Move(("issued", "complied", "not_complied", "intention_notified"), "closed"),),
    current=_known, label=lambda f: f"Secretary of State notice {_ref(f)}", needs_reason=True,
    done=lambda c, d: f"Secretary of State notice {c.ref} closed ({c.urn})."))


# -- consent to an IEB (s65) ---------------------------------------------------------------------


@command
class DecideIEBConsent(Command):
    granted: bool = opt("--granted", "The Secretary of State's decision on the IEB.",
                        off_flag="--refused", placeholder="--granted", example=True)


IEB_CONSENT = declare(Step(
    DecideIEBConsent, ("sos", "consent"), "The Secretary of State's decision on consent to an "
    "IEB (IN-05).", "190106 --granted --doc DFE-CONSENT-2026-06", "IN-05",
    lambda f, j: [(SoSConsentDecided, {"from_state": f.current, "to_state": f.dest,
                                       "decision": "GRANTED" if f.cmd.granted else "REFUSED"})],
    (SoSConsentDecided,), guards=(always("IN-05"),), lifecycle=IEB, trigger="decide_consent",
    moves=(Move(("consent_requested",), "consent_granted", (("granted", "True"),)),
           Move(("consent_requested",), "none", (("granted", "False"),))),
    current=lambda f: f.state.ieb.state_on(f.on), plan_args=lambda f: {"granted":
                                                                       str(f.cmd.granted)},
    hints=lambda s, t, p: [{"granted": True}] if s.ieb.state == "consent_requested" else [],
    offered=True,
    done=lambda c, d: f"IEB consent {'granted' if c.granted else 'refused'} for {c.urn}."))


# -- the Secretary of State's own interventions, and coasting -----------------------------------


@command
class RecordSoSIntervention(Command):
    power: SoSPower = opt("--power", "The Secretary of State's power.", placeholder="<POWER>",
                          example=SoSPower.S67)
    ended: bool = opt("--ended", "The Secretary of State's intervention has ended.",
                      default=False)


def _in11_applies(f: Facts) -> Any:
    return None if f.cmd.power is SoSPower.S67 else NOT_APPLICABLE


SOS_INTERVENE = declare(Step(
    RecordSoSIntervention, ("sos", "intervene"), "Record a Secretary of State intervention "
    "(IN-10, IN-11).", "190106 --power S67", "IN-10",
    lambda f, j: [(SoSInterventionNotified, {"power": f.cmd.power.value,
                                             "ended": f.cmd.ended})],
    (SoSInterventionNotified,), guards=(always("IN-10"), Guard("IN-11", _in11_applies)),
    in_force=lambda f: law.SOS_POWERS,
    done=lambda c, d: f"Secretary of State intervention ({c.power.name}) at {c.urn}"
                      + (" ended." if c.ended else ".")))


@command
class NotifyCoasting(Command):
    ref: str = opt("--ref", "The Secretary of State's notice reference.", placeholder="<REF>",
                   example="COAST-2026-3")
    ended: bool = opt("--ended", "The school is no longer coasting.", default=False)


def _coasting_scope(f: Facts) -> Fail | None:
    s = f.state
    if s.is_maintained and s.establishment_type != "la-nursery":
        return None
    return Fail("Coasting refused: s60B applies to maintained schools other than nursery "
                "schools (SI 2022/720 reg 3)")


def _coasting(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    open_ = f.state.open_coasting()
    if f.cmd.ended and not open_:
        raise NotNow(f"{f.state.urn} is not recorded as coasting on {f.on.isoformat()}; "
                     "nothing to end.")
    if not f.cmd.ended and open_:
        raise NotNow(f"{f.state.urn} has been recorded as coasting since "
                     f"{open_[0].since.isoformat()}.")
    return [(CoastingNotified, {"notice_ref": f.cmd.ref.strip(), "ended": f.cmd.ended})]


COASTING = declare(Step(
    NotifyCoasting, ("sos", "coasting"), "The Secretary of State notified the governing body "
    "that the school is coasting (s60B), or no longer is.", "190104 --ref COAST-2026-3",
    "IN-01", _coasting, (CoastingNotified,), guards=(Guard("IN-01", _coasting_scope),),
    in_force=lambda f: law.COASTING_ROUTE,
    done=lambda c, d: f"coasting notice {c.ref.strip()} for {c.urn}" + (
        ": no longer coasting." if c.ended else ": eligible for intervention (s60B).")))
