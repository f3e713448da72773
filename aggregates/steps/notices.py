"""The LA's warning notices, EIA 2006 s60 and s60A (rulebook §6, WN-01 to WN-14).

Rules after issue are judged under the law of the notice's issue date (rulebook §12.4): a
notice given in 2015 keeps the legacy regime — its 15-working-day initial period and
representations (to HMCI for s60, to the LA for s60A) — whenever its later steps are recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import commencement as law
from ..calendar import add_working_days
from ..errors import InvalidInput, Remedy
from ..events import (
    ComplianceAssessed,
    IntentionToUsePowersNotified,
    LegacyRepresentationMade,
    LegacyWarningNoticeConfirmed,
    WarningNoticeApproved,
    WarningNoticeCopySent,
    WarningNoticeDrafted,
    WarningNoticeIssued,
    WarningNoticeWithdrawn,
)
from ..lifecycle import Lifecycle, Transition
from ..school_types import needs_diocese
from ..state.case import CaseState
from ..state.notice import WarningNotice
from ..vocabulary import (
    S60A_POWERS,
    Comparator,
    CopyRecipient,
    Ground,
    NoticeType,
    Outcome,
    Power,
    RepresentationBody,
)
from .activities import category_since
from .command import Command, arg, command, opt
from .common import maintained, not_academy, notice_of
from .notice_content import wn02, wn03, wn04_content
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
)

NOTICE = Lifecycle("warning notice", ["none", "drafted", "approved", "issued", "complied",
                                      "not_complied", "intention_notified", "superseded",
                                      "withdrawn"], "none")
#: s60(4B): a Secretary of State notice supersedes the LA's (recorded by `sela sos notice`).
NOTICE.add(Transition("supersede", ("issued", "not_complied", "intention_notified"),
                      "superseded", ("WN-07",)))
LEGACY_INITIAL_WORKING_DAYS = 15


def _notice_arg() -> Any:
    return arg("NOTICE", "The notice's ID, e.g. WN1.", example="WN1")


def _state(f: Facts) -> str:
    return notice_of(f).state


def _issue_date(state: CaseState, cmd: Any, on: dt.date) -> dt.date:
    """Rulebook §12.4: WN rules are judged by the notice's issue date."""
    notice = state.notice(str(cmd.notice).strip().upper())
    return notice.issue_date if notice and notice.issue_date else on


def _instrument(notice_type: str) -> law.InForce:
    return law.S60A_NOTICE if notice_type == "S60A" else law.LA_S60_NOTICE


def _label(f: Facts) -> str:
    return str(f.cmd.notice).strip().upper()


def _each(states: tuple[str, ...], **extra: Any) -> Any:
    """Hints: one option set per notice in one of ``states``."""
    def hints(s: CaseState, today: dt.date, policy: Any) -> list[dict[str, Any]]:
        return [{"notice": n.wn_id, **(extra(s, n) if callable(extra.get("fn")) else {})}
                for n in s.notices if n.state in states]
    return hints


def required_copies(state: CaseState, on: dt.date, policy: Any) -> list[str]:
    """WN-08: HMCI always; the Secretary of State for LA notices from 18 April 2016; the
    diocese (CofE/RC) or the foundation appointer (other foundation/voluntary schools)."""
    required = ["HMCI"]
    if on >= law.EAA:
        required.append("SOS_RD")
    if policy.diocese_copy_required:
        if needs_diocese(state.details.religious_character):
            required.append("DIOCESE")
        elif state.has_foundation:
            required.append("FOUNDATION_APPOINTER")
    return required


# -- draft -----------------------------------------------------------------------------------


@command
class DraftNotice(Command):
    notice_type: NoticeType = opt("--type", "s60 performance/safety or s60A pay and conditions.",
                                  default=NoticeType.S60)
    grounds: tuple[Ground, ...] = opt(
        "--ground", "LOW_STANDARDS, MGMT_GOVERNANCE_BREAKDOWN, SAFETY (s60) or GB_FAILED_STPCD, "
        "GB_FAILED_SECURE_HT_STPCD (s60A); repeat.", metavar="GROUND",
        placeholder="<GROUND>", example=(Ground.SAFETY,))
    comparators: tuple[Comparator, ...] = opt(
        "--comparator", "For low standards, judged against: expected, previous or comparable "
        "schools' standards (s60(3)); repeat.", default=())
    matters: str = opt("--matters", "The matters the notice is based on.",
                       placeholder="<MATTERS>", example="Safeguarding records incomplete")
    required_actions: tuple[str, ...] = opt(
        "--action", "Action the governing body must take; repeat.", placeholder="<ACTION>",
        example=("Complete the single central record",))
    compliance_period_end: dt.date = opt("--compliance-end", "Last day of the compliance "
                                         "period.", placeholder="<DATE>", offset=60)
    minded_actions: tuple[str, ...] = opt(
        "--minded", "Action the authority is minded to take; repeat.", placeholder="<ACTION>",
        example=("Appoint an IEB (s65)",))


def _draft(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: DraftNotice = f.cmd
    drafted = sum(1 for e in f.history if isinstance(e, WarningNoticeDrafted))
    return [(WarningNoticeDrafted, {
        "wn_id": f"WN{drafted + 1}", "from_state": "none", "to_state": f.dest,
        "notice_type": c.notice_type.value, "issuer": "LA",
        "grounds": sorted({g.value for g in c.grounds}),
        "comparators": sorted({x.value for x in c.comparators}), "matters": c.matters.strip(),
        "required_actions": list(c.required_actions),
        "compliance_period_end": c.compliance_period_end,
        "minded_actions": list(c.minded_actions)})]


def _workflow_started(s: CaseState, policy: Any) -> list[Item]:
    if s.is_academy or s.category != "D":
        return []
    since = category_since(s)
    drafted = [n.drafted_on for n in s.notices if n.drafted_on >= since]
    return [Item("PW-03", "-", "Warning notice workflow started", None,
                 min(drafted) if drafted else None, step=DraftNotice)]


DRAFT = declare(Step(
    DraftNotice, ("notice", "draft"), "Draft a warning notice; prints its ID (WN-01 to WN-04).",
    "190106 --ground LOW_STANDARDS --comparator EXPECTED --matters 'Attainment far below "
    "comparable schools' --action 'Implement the rapid improvement plan' --compliance-end "
    "2026-04-24 --minded 'Appoint an IEB (s65)'", "WN-04", _draft, (WarningNoticeDrafted,),
    guards=(not_academy("Warning notice"), maintained("Warning notice"), Guard("WN-02", wn02),
            Guard("WN-03", wn03), Guard("WN-04", wn04_content)),
    lifecycle=NOTICE, trigger="draft", moves=(Move(("none",), "drafted"),),
    current=lambda f: "none", in_force=lambda f: _instrument(f.cmd.notice_type.value),
    expects=(Expectation("PW-03", "-", _workflow_started),), result_field="wn_id",
    done=lambda c, d: f"{d.result} ({c.notice_type.value}) drafted for {c.urn}."))


# -- approve, issue, copy ---------------------------------------------------------------------


@command
class ApproveNotice(Command):
    notice: str = _notice_arg()
    approved_by: str | None = opt(
        "--approved-by", "The director who agreed it, when you record their agreement (their "
        "login); default: you, in your director's role.", default=None, placeholder="<LOGIN>",
        example="d.okafor")


DCF = "DIRECTOR_CHILDREN_FAMILIES"


def _approver(f: Facts) -> str:
    return str(f.cmd.approved_by or f.envelope.actor).strip()


def _wn05_role(f: Facts) -> Fail | None:
    """WN-05: the DCF agreed it — the recorder in that role, or the director named, who held
    the role on the day (back-filled approvals included)."""
    if f.cmd.approved_by:
        who = _approver(f)
        if f.people is not None and f.people.holds(who, DCF, f.on):
            return None
        return Fail(f"Approval refused: {who} did not hold the Director of Children and "
                    f"Families role on {f.on.isoformat()}",
                    Remedy("Name the director who held the role that day."))
    role = f.envelope.role
    if role == DCF:
        return None
    return Fail("Approval refused: warning notices are agreed by the Director of Children and "
                f"Families, not {role}",
                Remedy("Record the approval as the director (--role DIRECTOR_CHILDREN_FAMILIES), "
                       "or name them with --approved-by."))


def _sd01(f: Facts) -> Fail | None:
    """SD-01: whoever drafted the notice does not agree it."""
    notice, who = notice_of(f), _approver(f)
    if not notice.drafted_by or who.casefold() != notice.drafted_by.strip().casefold():
        return None
    return Fail(f"Approval refused: {who} drafted {notice.wn_id}; it is agreed by a director "
                "who did not draft it", Remedy("Name the director who agreed it with "
                                               "--approved-by."))


def _approval_due(s: CaseState, policy: Any) -> list[Item]:
    return [Item("WN-05", "-", f"{n.wn_id}: agreed by the Director of Children and Families",
                 None, step=ApproveNotice,
                 options={"notice": n.wn_id, "approved_by": ASK})
            for n in s.notices if n.state == "drafted" and n.drafted_on >= law.D(2023, 9, 1)]


APPROVE = declare(Step(
    ApproveNotice, ("notice", "approve"), "Record the Director of Children and Families' "
    "agreement (WN-05): the director records it, or you name them with --approved-by.",
    "190106 WN1 --approved-by d.okafor", "WN-05",
    lambda f, j: [(WarningNoticeApproved, {"wn_id": notice_of(f).wn_id,
                                           "from_state": f.current, "to_state": f.dest,
                                           "approver_role": DCF if f.cmd.approved_by
                                           else f.envelope.role,
                                           "approved_by": _approver(f)})],
    (WarningNoticeApproved,), guards=(not_academy("Approval"), Guard("WN-05", _wn05_role),
                                      Guard("SD-01", _sd01)),
    lifecycle=NOTICE, trigger="approve", moves=(Move(("drafted",), "approved"),),
    current=_state, label=_label, expects=(Expectation("WN-05", "-", _approval_due),),
    hints=lambda s, t, p: [{"notice": n.wn_id, "approved_by": ASK}
                           for n in s.notices if n.state == "drafted"], offered=True,
    done=lambda c, d: f"{c.notice.upper()} approved for {c.urn}."))


@command
class IssueNotice(Command):
    notice: str = _notice_arg()
    copied_to: tuple[CopyRecipient, ...] = opt(
        "--copied-to", "A copy sent with the notice; repeat for each.", default=())


def _wn04_period(f: Facts) -> Fail | None:
    n = notice_of(f)
    if n.compliance_period_end > f.on:
        return None
    return Fail(f"Issue refused: the compliance period in {n.wn_id} ends on "
                f"{n.compliance_period_end.isoformat()}, not after the issue date",
                Remedy(f"Withdraw {n.wn_id} and draft a notice with a later --compliance-end."))


def _wn05_approved(f: Facts) -> Fail | None:
    n = notice_of(f)
    if n.approved_on is not None:
        return None
    return Fail(f"Warning notice refused: {n.wn_id} has not been agreed by the Director of "
                "Children and Families",
                Remedy(step=ApproveNotice, lead="Record the approval first",
                       options={"notice": n.wn_id, "approved_by": ASK}))


def _wn06(f: Facts) -> Fail | None:
    if notice_of(f).type != "S60":
        return NOT_APPLICABLE
    barring = [s for s in f.state.sos_notices if s.bars_la_notices]
    if not barring:
        return None
    from .sos import PermitLANotice

    return Fail("Warning notice refused: the Secretary of State has given a warning notice "
                f"({barring[0].ref}) and has not said the LA may give one",
                Remedy(step=PermitLANotice, lead="Record the permission first",
                       options={"ref": barring[0].ref}))


def _wn08(f: Facts) -> Fail | None:
    required = required_copies(f.state, f.on, f.policy)
    sent = {c.value for c in f.cmd.copied_to}
    missing = [r for r in required if r not in sent]
    return Fail(f"Issue refused: copies must go at the same time to {', '.join(required)} "
                f"(missing: {', '.join(missing)})",
                Remedy("Send them with the notice and record them with --copied-to.")
                ) if missing else None


def _wn09(f: Facts) -> Fail | None:
    if CopyRecipient.HEADTEACHER in f.cmd.copied_to:
        return None
    return Fail("No copy to the headteacher recorded (good practice)")


def _issue(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    n = notice_of(f)
    legacy = f.on < law.EAA
    return [(WarningNoticeIssued, {
        "wn_id": n.wn_id, "from_state": f.current, "to_state": f.dest,
        "regime": "PRE_2016_04_18" if legacy else "POST_2016_04_18",
        "compliance_period_end": n.compliance_period_end,
        "initial_period_end": add_working_days(f.on, LEGACY_INITIAL_WORKING_DAYS)
        if legacy else None,
        "copied_to": sorted({c.value for c in f.cmd.copied_to})})]


def _issue_copies(s: CaseState, policy: Any) -> tuple[str, ...]:
    return (*required_copies(s, dt.date.max, policy), "HEADTEACHER")


def _issue_due(s: CaseState, policy: Any) -> list[Item]:
    return [Item("WN-08", "-", f"{n.wn_id}: issue with copies to "
                 f"{', '.join(required_copies(s, dt.date.max, policy))}", None,
                 step=IssueNotice, options={"notice": n.wn_id,
                                            "copied_to": _issue_copies(s, policy)})
            for n in s.notices if n.state in ("drafted", "approved")]


ISSUE = declare(Step(
    IssueNotice, ("notice", "issue"), "Issue the notice to the governing body with its "
    "same-day copies (WN-04 to WN-10).",
    "190106 WN1 --copied-to HMCI --copied-to SOS_RD --copied-to HEADTEACHER", "WN-04", _issue,
    (WarningNoticeIssued,),
    guards=(not_academy("Warning notice"), maintained("Warning notice"),
            Guard("WN-10", lambda f: None), Guard("WN-04", _wn04_period),
            Guard("WN-05", _wn05_approved), Guard("WN-06", _wn06), Guard("WN-08", _wn08),
            Guard("WN-09", _wn09)),
    lifecycle=NOTICE, trigger="issue", moves=(Move(("drafted", "approved"), "issued"),),
    current=_state, label=_label,
    in_force=lambda f: _instrument(notice_of(f).type),
    expects=(Expectation("WN-08", "-", _issue_due),),
    hints=lambda s, t, p: [{"notice": n.wn_id, "copied_to": _issue_copies(s, p)}
                           for n in s.notices if n.state in ("drafted", "approved")],
    offered=True,
    done=lambda c, d: f"{c.notice.upper()} issued to the governing body of {c.urn} (copies: "
                      f"{', '.join(d.records[0][1]['copied_to']) or 'none'})."))


@command
class CopyNotice(Command):
    notice: str = _notice_arg()
    recipient: CopyRecipient = opt("--to", "Who the copy went to.", placeholder="<RECIPIENT>",
                                   example=CopyRecipient.HEADTEACHER)


def _late_copy(f: Facts) -> Fail | None:
    n = notice_of(f)
    if f.cmd.recipient is CopyRecipient.HEADTEACHER or f.on == n.issue_date:
        return NOT_APPLICABLE
    return Fail(f"Copy to {f.cmd.recipient.name} sent on {f.on.isoformat()}, not with the "
                f"notice on {n.issue_date.isoformat() if n.issue_date else '-'}")


def _uncopied(s: CaseState, today: dt.date, policy: Any) -> list[dict[str, Any]]:
    out = []
    for n in s.notices:
        if n.state in ("issued", "complied", "not_complied", "intention_notified"):
            missing = [r for r in (*required_copies(s, n.issue_date or dt.date.max, policy),
                                   "HEADTEACHER") if n.copied(r) is None]
            out += [{"notice": n.wn_id, "recipient": r} for r in missing[:1]]
    return out


COPY = declare(Step(
    CopyNotice, ("notice", "copy"), "Record a copy sent after the issue date (WN-08, WN-09).",
    "190106 WN1 --to HEADTEACHER", "WN-08",
    lambda f, j: [(WarningNoticeCopySent, {"wn_id": notice_of(f).wn_id, "from_state": f.current,
                                           "to_state": f.current,
                                           "recipient": f.cmd.recipient.value})],
    (WarningNoticeCopySent,),
    guards=(not_academy("A copy of a warning notice"), Guard("WN-08", _late_copy, strength="WARN")),
    lifecycle=NOTICE, trigger="copy",
    moves=(Move(("issued", "complied", "not_complied", "intention_notified"), "="),),
    current=_state, label=_label, anchor=_issue_date, hints=_uncopied, offered=True,
    done=lambda c, d: f"copy of {c.notice.upper()} sent to {c.recipient.name} ({c.urn})."))


__all__ = ["APPROVE", "COPY", "DRAFT", "ISSUE", "NOTICE", "S60A_POWERS", "ApproveNotice",
           "ComplianceAssessed", "CopyNotice", "DraftNotice", "IntentionToUsePowersNotified",
           "InvalidInput", "IssueNotice", "LegacyRepresentationMade",
           "LegacyWarningNoticeConfirmed", "Outcome", "Power", "RepresentationBody",
           "WarningNotice", "WarningNoticeWithdrawn"]
