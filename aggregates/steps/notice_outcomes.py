"""After a notice is issued: legacy representations and confirmation, the compliance
assessment, the notice of intention that makes the school eligible, withdrawal (WN-10 to
WN-14). Each is judged under the law of the notice's issue date (rulebook §12.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..calendar import add_working_days
from ..errors import InvalidInput, Remedy
from ..events import (
    ComplianceAssessed,
    IntentionToUsePowersNotified,
    LegacyRepresentationMade,
    LegacyWarningNoticeConfirmed,
    WarningNoticeWithdrawn,
)
from ..state.case import CaseState
from ..vocabulary import S60A_POWERS, Outcome, Power, RepresentationBody
from .command import Command, command, opt
from .common import not_academy, notice_of
from .notices import NOTICE, _issue_date, _label, _notice_arg, _state
from .registry import declare
from .spec import NOT_APPLICABLE, Expectation, Facts, Fail, Guard, Item, Judgement, Move, Step


def _on_notices(states: tuple[str, ...], **options: Any) -> Any:
    def hints(s: CaseState, today: dt.date, policy: Any) -> list[dict[str, Any]]:
        return [{"notice": n.wn_id, **options} for n in s.notices if n.state in states]
    return hints


# -- legacy regime: representations and confirmation ---------------------------------------------


@command
class RepresentNotice(Command):
    notice: str = _notice_arg()
    body: RepresentationBody = opt("--to", "HMCI for s60, the LA for s60A.",
                                   placeholder="<HMCI|LA>", example=RepresentationBody.HMCI)


def _wn11(f: Facts) -> Fail | None:
    n = notice_of(f)
    return Fail(f"Representations refused: {n.wn_id} was issued on "
                f"{n.issue_date.isoformat() if n.issue_date else '-'}, after representations "
                "were abolished on 18 April 2016",
                Remedy("There is no statutory appeal; judicial review remains."))


def _wn10_window(f: Facts) -> Fail | None:
    n = notice_of(f)
    if not n.legacy:
        return NOT_APPLICABLE
    if n.initial_period_end and f.on > n.initial_period_end:
        return Fail("Representations refused: the initial period ended on "
                    f"{n.initial_period_end.isoformat()}")
    body = "LA" if n.type == "S60A" else "HMCI"
    if f.cmd.body.value != body:
        return Fail(f"Representations refused: against an {n.type} notice they are made to "
                    f"{'the LA' if body == 'LA' else 'HMCI'} (EIA 2006 "
                    f"{'s60A' if body == 'LA' else 's60'} as enacted)",
                    Remedy(f"Record them with --to {body}."))
    return None


REPRESENT = declare(Step(
    RepresentNotice, ("notice", "represent"), "Pre-2016 notices: the governing body's "
    "representations, to HMCI (s60) or the LA (s60A) (WN-10, WN-11).",
    "190120 WN1 --to HMCI", "WN-10",
    lambda f, j: [(LegacyRepresentationMade, {"wn_id": notice_of(f).wn_id,
                                              "from_state": f.current, "to_state": f.current,
                                              "body": f.cmd.body.value})],
    (LegacyRepresentationMade,),
    guards=(not_academy("Representations"), Guard("WN-11", _wn11), Guard("WN-10", _wn10_window)),
    lifecycle=NOTICE, trigger="represent", moves=(Move(("issued",), "="),), current=_state,
    label=_label, anchor=_issue_date,
    hints=lambda s, t, p: [{"notice": n.wn_id, "body": "LA" if n.type == "S60A" else "HMCI"}
                           for n in s.notices if n.state == "issued" and n.legacy
                           and n.representation_on is None], offered=True,
    done=lambda c, d: f"representations on {c.notice.upper()} to {c.body.value} ({c.urn})."))


@command
class ConfirmNotice(Command):
    notice: str = _notice_arg()


def _confirmable(f: Facts) -> Fail | None:
    n = notice_of(f)
    if n.legacy and n.representation_on is not None:
        return None
    return Fail(f"Confirmation refused: {n.wn_id} has no representations to confirm against")


CONFIRM = declare(Step(
    ConfirmNotice, ("notice", "confirm"), "Pre-2016 notices: HMCI (or the LA, for s60A) "
    "confirmed the notice after representations (WN-10).", "190120 WN1", "WN-10",
    lambda f, j: [(LegacyWarningNoticeConfirmed, {"wn_id": notice_of(f).wn_id,
                                                  "from_state": f.current,
                                                  "to_state": f.current})],
    (LegacyWarningNoticeConfirmed,),
    guards=(not_academy("Confirmation"), Guard("WN-10", _confirmable)),
    lifecycle=NOTICE, trigger="confirm", moves=(Move(("issued",), "="),), current=_state,
    label=_label, anchor=_issue_date,
    hints=lambda s, t, p: [{"notice": n.wn_id} for n in s.notices if n.state == "issued"
                           and n.representation_on and not n.confirmed_on], offered=True,
    done=lambda c, d: f"{c.notice.upper()} confirmed ({c.urn})."))


# -- the compliance assessment ---------------------------------------------------------------


@command
class AssessCompliance(Command):
    notice: str = _notice_arg()
    outcome: Outcome = opt("--outcome", "The authority's finding (not-complied also accepted).",
                           placeholder="<COMPLIED|NOT_COMPLIED>", example=Outcome.NOT_COMPLIED)


def _wn12(f: Facts) -> Fail | None:
    end = notice_of(f).compliance_period_end
    if f.on > end:
        return None
    return Fail(f"Compliance assessment refused: the compliance period of {notice_of(f).wn_id} "
                f"runs to {end.isoformat()}", Remedy(f"Assess compliance after {end.isoformat()}."))


def _wn10_settled(f: Facts) -> Fail | None:
    n = notice_of(f)
    if not n.legacy:
        return NOT_APPLICABLE
    if n.initial_period_end and f.on <= n.initial_period_end:
        return Fail(f"Compliance assessment refused: the legacy initial period of {n.wn_id} "
                    f"runs to {n.initial_period_end.isoformat()}",
                    Remedy(f"Assess after {n.initial_period_end.isoformat()}."))
    if n.representation_on is not None and n.confirmed_on is None:
        return Fail(f"Compliance assessment refused: representations against {n.wn_id} are "
                    "unresolved", Remedy(step=ConfirmNotice, lead="Record HMCI's confirmation",
                                         options={"notice": n.wn_id}))
    return None


def _compliance_due(s: CaseState, policy: Any) -> list[Item]:
    items = []
    for n in s.notices:
        if n.issue_date is None:
            continue
        if n.legacy and n.initial_period_end:
            items.append(Item("WN-10", "T-WN-LEGACY-INITIAL", f"{n.wn_id}: legacy initial "
                              "period (15 working days) for representations",
                              n.initial_period_end, kind="closes"))
        if n.state in ("superseded", "withdrawn") and n.assessed_on is None:
            continue
        end = n.compliance_period_end
        items.append(Item("WN-12", "T-WN-COMPLIANCE", f"{n.wn_id}: compliance assessed after "
                          f"the period ends on {end.isoformat()}", end + dt.timedelta(days=1),
                          n.assessed_on, step=AssessCompliance, options={"notice": n.wn_id}))
    return items


ASSESS_COMPLIANCE = declare(Step(
    AssessCompliance, ("notice", "assess"), "Record whether the governing body complied, after "
    "the period ends (WN-12).", "190106 WN1 --outcome NOT_COMPLIED --on 2026-04-28", "WN-12",
    lambda f, j: [(ComplianceAssessed, {"wn_id": notice_of(f).wn_id, "from_state": f.current,
                                        "to_state": f.dest, "outcome": f.cmd.outcome.value})],
    (ComplianceAssessed,),
    guards=(not_academy("Compliance assessment"),
            Guard("WN-10", _wn10_settled), Guard("WN-12", _wn12)),
    lifecycle=NOTICE, trigger="assess",
    moves=(Move(("issued",), "complied", (("outcome", "COMPLIED"),)),
           Move(("issued",), "not_complied", (("outcome", "NOT_COMPLIED"),))),
    current=_state, plan_args=lambda f: {"outcome": f.cmd.outcome.value}, label=_label,
    anchor=_issue_date, expects=(Expectation("WN-12", "T-WN-COMPLIANCE", _compliance_due),),
    hints=_on_notices(("issued",)), offered=True,
    done=lambda c, d: f"compliance with {c.notice.upper()} assessed: {c.outcome.value} "
                      f"({c.urn})."))


# -- the notice of intention: eligibility ------------------------------------------------------


@command
class NotifyIntention(Command):
    notice: str = _notice_arg()
    powers: tuple[Power, ...] = opt("--power", "S63 to S69 (s60A notices: S64 to S66); repeat.",
                                    metavar="POWER", placeholder="<POWER>",
                                    example=(Power.S64,))
    earliest_exercise_date: dt.date | None = opt(
        "--earliest", "First day powers may be used (default: after the reasonable-notice "
        "period).", default=None)


def _wn13(f: Facts) -> Fail | None:
    n = notice_of(f)
    allowed = S60A_POWERS if n.type == "S60A" else tuple(Power)
    bad = sorted(p.name for p in set(f.cmd.powers) - set(allowed))
    if f.cmd.powers and not bad:
        return None
    refused = f", not {', '.join(bad)}" if bad else ""
    return Fail(f"Notice of intention refused: a {n.type} notice leads to powers under "
                f"{', '.join(p.name for p in allowed)}{refused}",
                Remedy("Name the powers with --power."))


def _wn14(f: Facts) -> Fail | None:
    n = notice_of(f)
    if f.on > n.compliance_period_end and n.outcome == "NOT_COMPLIED":
        return None
    return Fail("Eligibility refused: the compliance period has not ended or non-compliance is "
                "not recorded")


def _intend(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    earliest = f.cmd.earliest_exercise_date or add_working_days(
        f.on, f.policy.reasonable_notice_working_days)
    if earliest < f.on:
        raise InvalidInput("The earliest exercise date cannot be before the notice of "
                           "intention.")
    return [(IntentionToUsePowersNotified, {
        "wn_id": notice_of(f).wn_id, "from_state": f.current, "to_state": f.dest,
        "powers_proposed": sorted({p.value for p in f.cmd.powers}),
        "earliest_exercise_date": earliest})]


def _intention_due(s: CaseState, policy: Any) -> list[Item]:
    items = []
    for n in s.notices:
        if n.outcome == "NOT_COMPLIED" and (n.intention_on or n.state == "not_complied"):
            items.append(Item("WN-13", "-", f"{n.wn_id}: written notice of the powers intended "
                              "(eligibility)", None, n.intention_on, step=NotifyIntention,
                              options={"notice": n.wn_id}))
        if n.state == "intention_notified" and n.earliest_exercise_date:
            items.append(Item("IN-01", "T-REASONABLE-NOTICE", f"{n.wn_id}: powers may be used "
                              "from", n.earliest_exercise_date, kind="opens"))
    return items


INTEND = declare(Step(
    NotifyIntention, ("notice", "intend"), "Give written notice of the powers intended; "
    "eligibility starts (WN-13, WN-14).", "190106 WN1 --power S64 --power S65", "WN-13",
    _intend, (IntentionToUsePowersNotified,),
    guards=(not_academy("Notice of intention"), Guard("WN-13", _wn13), Guard("WN-14", _wn14)),
    lifecycle=NOTICE, trigger="intend",
    moves=(Move(("not_complied",), "intention_notified"),), current=_state, label=_label,
    anchor=_issue_date, expects=(Expectation("WN-13", "-", _intention_due),),
    hints=_on_notices(("not_complied",)), offered=True,
    done=lambda c, d: f"notice of intention under {c.notice.upper()} "
                      f"({', '.join(p.name for p in c.powers)}); {c.urn} is eligible for "
                      "intervention."))


# -- withdrawal ----------------------------------------------------------------------------------


@command
class WithdrawNotice(Command):
    notice: str = _notice_arg()


WITHDRAW_NOTICE = declare(Step(
    WithdrawNotice, ("notice", "withdraw"), "Withdraw a notice (give --reason): its route to "
    "eligibility ends; other notices' routes stay.", "190106 WN2 --reason 'Issued in error'",
    "WN-14",
    lambda f, j: [(WarningNoticeWithdrawn, {"wn_id": notice_of(f).wn_id,
                                            "from_state": f.current, "to_state": f.dest})],
    (WarningNoticeWithdrawn,), lifecycle=NOTICE, trigger="withdraw",
    moves=(Move(("drafted", "approved", "issued", "not_complied", "intention_notified"),
                "withdrawn"),),
    current=_state, label=_label, needs_reason=True,
    done=lambda c, d: f"{c.notice.upper()} withdrawn ({c.urn})."))
