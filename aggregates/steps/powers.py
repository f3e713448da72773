"""The LA's other powers: s63 arrangements, s64 governors (and s64(4) foundation governors),
s66 / SSFA Sch 15 budget suspension and its reviews, and telling the DfE (rulebook §7.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import commencement as law
from ..calendar import add_months
from ..errors import InvalidInput, Remedy
from ..events import (
    AdditionalFoundationGovernorsAppointed,
    AdditionalGovernorsAppointed,
    ArrangementsNoticeIssued,
    BudgetSuspensionNoticeIssued,
    BudgetSuspensionReviewed,
    DfENotifiedOfIntervention,
)
from ..state.case import CaseState
from ..vocabulary import LA_POWERS, BudgetBasis, BudgetCopy, Power, Requirement, ReviewType
from .command import Command, command, opt
from .common import maintained, missing_consultations, not_academy
from .eligibility import eligible, reasonable_notice, routes_for, s63_route, sos_precedence
from .ieb import RecordConsultation
from .lifecycles import BUDGET
from .registry import declare
from .spec import (
    ASK,
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


def _la_power(power: str, what: str) -> tuple[Guard, ...]:
    """AC-01, Part 4 (PRUs), IN-01 (eligible, not before the earliest date), IN-10."""
    return (not_academy(what), maintained(what), eligible(power, what),
            reasonable_notice(power, what), sos_precedence())


# -- s63 arrangements ----------------------------------------------------------------------------


@command
class RequireArrangements(Command):
    requirement: Requirement = opt("--requirement", "What the governing body must enter into "
                                   "(s63(2)).", placeholder="<REQUIREMENT>",
                                   example=Requirement.FEDERATION)
    party: str = opt("--party", "The specified person, school or body.", placeholder="<PARTY>",
                     example="Peckham Federation")


def _s63_consulted(f: Facts) -> Fail | None:
    if not f.policy.s63_consultation_required:
        return NOT_APPLICABLE
    missing = missing_consultations(f.state, "S63", True)
    if not missing:
        return None
    return Fail(f"s63 arrangements refused: consultation not recorded with {', '.join(missing)}",
                Remedy(step=RecordConsultation, lead="Record it first",
                       options={"intervention": "S63", "consultee": missing[0]}))


ARRANGEMENTS = declare(Step(
    RequireArrangements, ("power", "arrangements"), "Require the governing body to enter into "
    "arrangements (s63; IN-01, IN-02).",
    "190106 --requirement FEDERATION --party 'Peckham Federation'", "IN-02",
    lambda f, j: [(ArrangementsNoticeIssued, {
        "requirement": f.cmd.requirement.value, "specified_party": f.cmd.party,
        "route": routes_for(f.state, "S63", f.on)[0].kind})],
    (ArrangementsNoticeIssued,),
    guards=(*_la_power("S63", "s63 arrangements"), s63_route(), Guard("IN-02", _s63_consulted),
            always("IN-09")),
    in_force=lambda f: law.LA_POWERS,
    hints=lambda s, t, p: [{"requirement": ASK, "party": ASK}], offered=True,
    done=lambda c, d: f"s63 notice for {c.urn}: {c.requirement.name} with {c.party}."))


# -- s64 additional governors --------------------------------------------------------------------


@command
class AppointGovernors(Command):
    names: tuple[str, ...] = opt("--name", "A governor; repeat.", placeholder="<NAME>",
                                 example=lambda n: f"Governor {n + 1}")


def _not_during_ieb(f: Facts) -> Fail | None:
    if not f.state.ieb.in_place_on(f.on):
        return None
    return Fail("Additional governors refused: no additional governors may be appointed while "
                "an IEB is in place (Sch 6 para 14)", Remedy("The IEB must end first."))


def _s64_routes(state: CaseState, day: dt.date) -> list[Any]:
    """Routes s64 may rest on: on a warning-notice route only within two months of the
    compliance period's end (s64(2)); the window is each route's own."""
    return [r for r in routes_for(state, "S64", day)
            if not r.is_notice_route or (r.s64_window_end and day <= r.s64_window_end)]


def _s64_window(f: Facts) -> Fail | None:
    routes = routes_for(f.state, "S64", f.on)
    if not routes or _s64_routes(f.state, f.on):
        return None
    window = max(r.s64_window_end for r in routes if r.s64_window_end)
    return Fail("Additional governors refused: on a warning-notice route the power lapsed on "
                f"{window.isoformat()}, two months after the compliance period ended",
                Remedy("Another route (e.g. an Ofsted category) would be needed."))


def _governors(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    names = [n.strip() for n in f.cmd.names if n.strip()]
    if not names:
        raise InvalidInput("Name the governors appointed with --name.")
    return [(AdditionalGovernorsAppointed, {"count": len(names), "names": names,
                                            "route": _s64_routes(f.state, f.on)[0].kind})]


def _s64_window_items(s: CaseState, policy: Any) -> list[Item]:
    from ..state.eligibility import all_routes

    return [Item("IN-03", "T-S64-WINDOW", f"s64 additional governors on the {r.kind} route "
                 f"({r.basis}) possible until {r.s64_window_end.isoformat()}",
                 r.s64_window_end, kind="closes", step=AppointGovernors)
            for r in all_routes(s) if r.is_notice_route and r.s64_window_end
            and r.ended_on is None]


GOVERNORS = declare(Step(
    AppointGovernors, ("power", "governors"), "Appoint additional governors (s64; IN-01, IN-03: "
    "within 2 months on a notice route, not during an IEB).",
    "190106 --name 'Ms P. Grant' --name 'Mr D. Osei'", "IN-03", _governors,
    (AdditionalGovernorsAppointed,),
    guards=(*_la_power("S64", "Additional governors"), Guard("IN-03", _not_during_ieb),
            Guard("IN-03", _s64_window), always("IN-09")),
    in_force=lambda f: law.LA_POWERS,
    expects=(Expectation("IN-03", "T-S64-WINDOW", _s64_window_items),),
    hints=lambda s, t, p: [{"names": ASK}], offered=True,
    done=lambda c, d: f"additional governors at {c.urn}: {', '.join(c.names)}."))


@command
class AppointFoundationGovernors(Command):
    count: int = opt("--count", "How many foundation governors.", placeholder="<N>", example=1)


def _in04(f: Facts) -> Fail | None:
    s = f.state
    la = sum(p.count for p in s.powers if p.power == "S64" and p.route in ("S60", "S60A"))
    already = sum(p.count for p in s.powers if p.power == "S64(4)")
    ok = (s.establishment_type == "voluntary-aided" and s.ofsted is None
          and not s.sos_governors_appointed and la > 0 and 1 <= f.cmd.count <= la - already)
    return None if ok else Fail(
        "Foundation governors refused: s64(4) applies only to a voluntary aided school not in "
        "an Ofsted category, after LA appointments on a warning-notice route, up to the same "
        f"number (LA appointed {la}, foundation already {already})")


FOUNDATION = declare(Step(
    AppointFoundationGovernors, ("power", "foundation-governors"), "Record the appointing "
    "authority's matching foundation governors (s64(4); IN-04).", "190105 --count 2", "IN-04",
    lambda f, j: [(AdditionalFoundationGovernorsAppointed, {"count": f.cmd.count})],
    (AdditionalFoundationGovernorsAppointed,),
    guards=(not_academy("Foundation governors"), Guard("IN-04", _in04)),
    in_force=lambda f: law.S64_4,
    done=lambda c, d: f"{c.count} additional foundation governors at {c.urn}."))


# -- s66 / SSFA Sch 15 budget suspension ---------------------------------------------------------


@command
class SuspendBudget(Command):
    basis: BudgetBasis = opt("--basis", "EIA 2006 s66 (eligible school), or SSFA 1998 Sch 15 "
                             "para 1.", default=BudgetBasis.EIA_S66)
    grounds: str = opt("--grounds", "The grounds, with particulars.", placeholder="<GROUNDS>",
                       example="Deficit with no recovery plan")
    suspension_from: dt.date = opt("--from", "The day the suspension takes effect (a month "
                                   "after notice, IN-07).", placeholder="<DATE>", offset=32)
    emergency: str = opt("--emergency", "Why less than a month's notice is justified.",
                         default="")
    appeal_info: bool = opt("--appeal-info", "The notice states the right of appeal.",
                            default=False, placeholder="--appeal-info", example=True)
    copied_to: tuple[BudgetCopy, ...] = opt("--copied-to", "Copies sent at the same time "
                                            "(headteacher, Secretary of State); repeat.",
                                            default=())


def _s66(check: Any) -> Any:
    """A power guard that applies to an s66 suspension only (Sch 15 para 1 needs no route)."""
    return lambda f: check(f) if f.cmd.basis is BudgetBasis.EIA_S66 else NOT_APPLICABLE


def _in11(f: Facts) -> Fail | None:
    if not f.state.sos_governors_appointed:
        return None
    return Fail("Budget suspension refused: the Secretary of State has appointed additional "
                "governors under s67", Remedy("The LA may not suspend the delegated budget now."))


def _in07(f: Facts) -> Fail | None:
    c: SuspendBudget = f.cmd
    if c.basis is not BudgetBasis.SSFA_SCH15_P1 and not f.policy.s66_uses_schedule_15_notice:
        return NOT_APPLICABLE
    month = add_months(f.on, 1)
    if c.suspension_from < month and not c.emergency.strip():
        return Fail(f"Budget suspension refused: one month's notice is needed (from "
                    f"{month.isoformat()}) unless an emergency justifies less",
                    Remedy("Give a later --from, or record the emergency with --emergency."))
    if not c.grounds.strip() or not c.appeal_info:
        return Fail("Budget suspension refused: the notice must give the grounds with "
                    "particulars and state the right of appeal",
                    Remedy("Give --grounds and confirm --appeal-info."))
    missing = [x for x in ("HT", "SOS") if x not in {y.value for y in c.copied_to}]
    if missing:
        return Fail(f"Budget suspension refused: copies must go to {', '.join(missing)} at the "
                    "same time", Remedy("Record them with --copied-to HT --copied-to SOS."))
    return None


def _suspend(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: SuspendBudget = f.cmd
    if c.suspension_from < f.on:
        raise InvalidInput("The suspension cannot start before the notice (--from >= --on).")
    return [(BudgetSuspensionNoticeIssued, {
        "from_state": f.current, "to_state": f.dest, "basis": c.basis.value,
        "grounds_particulars": c.grounds.strip(), "suspension_from": c.suspension_from,
        "emergency_justification": c.emergency.strip(), "appeal_info_included": c.appeal_info,
        "copied_to": sorted({x.value for x in c.copied_to})})]


def _guards_s66() -> tuple[Guard, ...]:
    return tuple(Guard(g.rule, _s66(g.check), g.strength) for g in _la_power("S66",
                                                                               "Budget suspension")
                 if g.rule != "AC-01")


SUSPEND = declare(Step(
    SuspendBudget, ("power", "suspend-budget"), "Give notice suspending the delegated budget "
    "(s66, SSFA Sch 15; IN-01, IN-07, IN-11).",
    "190106 --grounds 'Deficit of 400k, no recovery plan' --from 2026-08-01 --appeal-info "
    "--copied-to HT --copied-to SOS", "IN-07", _suspend, (BudgetSuspensionNoticeIssued,),
    guards=(not_academy("Budget suspension"), *_guards_s66(), Guard("IN-11", _in11),
            Guard("IN-07", _in07), always("IN-09")),
    lifecycle=BUDGET, trigger="suspend", moves=(Move(("none", "revoked"), "suspended"),),
    current=lambda f: f.state.budget.state,
    in_force=lambda f: law.LA_POWERS if f.cmd.basis is BudgetBasis.EIA_S66
    else law.SCH15_SUSPENSION,
    hints=lambda s, t, p: [{"grounds": ASK, "suspension_from": ASK, "appeal_info": True,
                            "copied_to": ("HT", "SOS")}], offered=True,
    done=lambda c, d: f"budget suspension notice for {c.urn} ({c.basis.name}), from "
                      f"{c.suspension_from.isoformat()}."))


@command
class ReviewBudget(Command):
    review_type: ReviewType = opt("--type", "Before the funding period, or at any time.",
                                  default=ReviewType.ANNUAL)
    representations_invited: bool = opt(
        "--representations-invited", "The governing body and headteacher were invited to make "
        "representations.", default=False, placeholder="--representations-invited",
        example=True)
    revoke_from: dt.date | None = opt("--revoke-from", "Revoke the suspension from.",
                                      default=None)


def _in08(f: Facts) -> Fail | None:
    if f.cmd.representations_invited:
        return None
    return Fail("Review refused: the governing body and headteacher must be given the chance to "
                "make representations",
                Remedy("Invite them and record it with --representations-invited."))


def _review_due(s: CaseState, policy: Any) -> list[Item]:
    if s.budget.state != "suspended" or s.converted_on:
        return []
    period = s.budget.review_due()
    if period is None:
        return []
    return [Item("IN-08", "T-BUDGET-REVIEW", "Budget suspension reviewed before the funding "
                 f"period starting {period.isoformat()}", period - dt.timedelta(days=1),
                 step=ReviewBudget, options={"representations_invited": True})]


REVIEW = declare(Step(
    ReviewBudget, ("power", "review-budget"), "Review a budget suspension before each funding "
    "period (IN-08).", "190106 --representations-invited --on 2027-03-01", "IN-08",
    lambda f, j: [(BudgetSuspensionReviewed, {
        "from_state": f.current, "to_state": f.dest, "review_type": f.cmd.review_type.value,
        "representations_invited": f.cmd.representations_invited,
        "decision": "REVOKE" if f.cmd.revoke_from else "CONTINUE",
        "revoked_from": f.cmd.revoke_from})],
    (BudgetSuspensionReviewed,), guards=(not_academy("Budget review"), Guard("IN-08", _in08),),
    lifecycle=BUDGET, trigger="review",
    moves=(Move(("suspended",), "suspended", (("revoke", "False"),)),
           Move(("suspended",), "revoked", (("revoke", "True"),))),
    current=lambda f: f.state.budget.state,
    plan_args=lambda f: {"revoke": str(f.cmd.revoke_from is not None)},
    expects=(Expectation("IN-08", "T-BUDGET-REVIEW", _review_due),),
    hints=lambda s, t, p: [{"representations_invited": True}], offered=True,
    done=lambda c, d: f"budget suspension reviewed ({c.urn}): " + (
        f"revoked from {c.revoke_from.isoformat()}." if c.revoke_from else "continues.")))


# -- telling the DfE --------------------------------------------------------------------------


@command
class NotifyDfE(Command):
    power: Power = opt("--power", "The power used.", placeholder="<POWER>", example=Power.S65)


def _dfe(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    if f.cmd.power not in LA_POWERS:
        raise InvalidInput(f"{f.cmd.power.name} is not an LA power; use one of "
                           f"{', '.join(p.name for p in LA_POWERS)}.")
    return [(DfENotifiedOfIntervention, {"power": f.cmd.power.value})]


def _dfe_items(s: CaseState, policy: Any) -> list[Item]:
    if s.converted_on:
        return []
    used = {p.power for p in s.powers if p.power in ("S63", "S64")}
    if s.ieb.notice_on:
        used.add("S65")
    if s.budget.basis == "EIA_S66":
        used.add("S66")
    told = dict(s.dfe_notified)
    return [Item("IN-09", "-", f"DfE told that the LA used its {p} power", None, told.get(p),
                 step=NotifyDfE, options={"power": p}) for p in sorted(used)]


DFE = declare(Step(
    NotifyDfE, ("power", "notify-dfe"), "Record that the DfE was told the LA used an "
    "intervention power (IN-09).", "190106 --power S65", "IN-09", _dfe,
    (DfENotifiedOfIntervention,), guards=(not_academy("DfE notification"), always("IN-09")),
    expects=(Expectation("IN-09", "-", _dfe_items),),
    done=lambda c, d: f"the DfE told of {c.power.name} at {c.urn}."))
