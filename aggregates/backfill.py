"""Back-filling: would a back-dated step change the judgement of steps recorded after it?

Policy (docs/audit.md, "Back-filling a case"): a step dated before steps already recorded is
judged at its own date; then every later-effective step is judged again, in effective-date
order, with the new step in place. If any would now be refused, the new step is refused,
naming each conflicting later step (version, date, rule) and how to correct the record. So a
history never holds a step that the record, as it now stands, would refuse.

A later step is judged again from what it recorded: its command is rebuilt from its events
(`rebuild`), with its envelope and any override it carried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .envelope import Envelope
from .errors import DomainError, LaterStep, Refused
from .events import (
    ActivityRecorded,
    EntryWithdrawn,
    IEMAppointed,
    IEMRemoved,
    SchoolRegistered,
    WarningNoticeCopySent,
)
from .fold import _apply, in_effective_order, order_key
from .groups import Group, groups, withdrawn
from .policy import Policy
from .steps import STEPS, fields_of, judge
from .steps.activities import KIND_STEPS

#: Command field -> the event field(s) it was recorded as, where the names differ.
ALIASES: dict[str, tuple[str, ...]] = {
    "notice": ("wn_id",), "order": ("order_id",), "ref": ("sos_wn_ref", "notice_ref"),
    "party": ("specified_party",), "grounds": ("grounds_particulars",),
    "emergency": ("emergency_justification",), "appeal_info": ("appeal_info_included",),
    "revoke_from": ("revoked_from",), "powers": ("powers_proposed",),
    "version": ("corrects_version", "annotates_version", "withdraws_version"),
    "kind": ("link_type",),
}


def _primaries() -> dict[type, type]:
    out: dict[type, type] = {}
    for command, step in STEPS.items():
        if step.events and step.events[0] not in out:
            out[step.events[0]] = command
    out[IEMRemoved] = out[IEMAppointed]
    return out


def command_class(event: Any) -> type | None:
    """The command that records ``event`` as its own (None for outcomes and legacy events)."""
    if isinstance(event, ActivityRecorded):
        return KIND_STEPS.get(event.kind)
    return _primaries().get(type(event))


def _value(name: str, e: Any) -> Any:
    for source in (name, *ALIASES.get(name, ())):
        if hasattr(e, source):
            return getattr(e, source)
        if isinstance(e, ActivityRecorded) and source in e.details:
            return e.details[source]
    return None


def rebuild(group: Group, urn: str) -> tuple[Any, Envelope, str | None] | None:
    """The command, envelope and override a recorded step was judged with, from its events."""
    e = group.primary
    cls = command_class(e)
    if cls is None:
        return None
    values: dict[str, Any] = {"urn": urn}
    for info in fields_of(cls):
        value = _value(info.name, e)
        if value is None and not info.required:
            continue
        values[info.name] = value
    name = cls.__name__
    if name == "IssueNotice" and not e.copied_to:
        values["copied_to"] = [f.recipient for f in group.of(WarningNoticeCopySent)]
    elif name == "IssueIEBNotice":
        members = e.members or [[f.member, f.instrument_ref] for f in group.of(IEMAppointed)]
        values["members"] = [f"{n}={r}" for n, r in members]
    elif name == "DecideIEBConsent":
        values["granted"] = e.decision == "GRANTED"
    elif name == "ChangeIEBMember":
        values = {"urn": values["urn"], **({"add": e.member, "instrument": e.instrument_ref}
                                           if isinstance(e, IEMAppointed)
                                           else {"remove": e.member})}
    elif name == "RecordInspection":
        values["grades"] = [f"{k}={v}" for k, v in e.grades.items()]
    elif name == "ChangeSchoolDetails":
        values.update(e.changes)
    envelope = Envelope(actor=e.actor, role=e.role, effective_date=e.effective_date,
                        reason=e.reason, documents=tuple(e.documents))
    override = group.deviations[0].justification if group.deviations else None
    return cls(**values), envelope, override


def recorded_by_release_0_1(event: Any) -> bool:
    """Whether release 0.1 recorded the event (before the identity and separation-of-duty
    rules, and one-person overrides): by the rule table's edition it cites."""
    try:
        return tuple(int(x) for x in str(event.rules_version).split(".")) < (2026, 12, 1)
    except ValueError:
        return False


def conflicts(history: Sequence[Any], new: Sequence[Any], after: tuple[Any, ...], *,
              policy: Policy, today: dt.date, people: Any = None) -> list[LaterStep]:
    """The steps of ``history`` ordered after ``after`` (an order key) that, with ``new``
    in place, would now be refused."""
    combined = [*history, *new]
    first = next(e for e in combined if isinstance(e, SchoolRegistered))
    skip = withdrawn(combined)
    starts: dict[int, Group] = {}
    for g in groups(history):
        if isinstance(g.primary, (SchoolRegistered, EntryWithdrawn)):
            continue
        if g.primary.originator_version in skip or order_key(g.primary) <= after:
            continue
        starts[min(g.versions)] = g
    found: list[LaterStep] = []
    ordered = in_effective_order(combined)
    state = first.start()
    for e in ordered:
        g = starts.get(e.originator_version)
        if g is not None:
            found.extend(_judge_again(g, first.urn, state, combined, policy, today, people))
        state = _apply(state, e, skip)
    return found


def _judge_again(g: Group, urn: str, state: Any, history: Sequence[Any], policy: Policy,
                 today: dt.date, people: Any = None) -> list[LaterStep]:
    try:
        rebuilt = rebuild(g, urn)
    except (DomainError, TypeError, ValueError):
        rebuilt = None
    if rebuilt is None:
        return []
    cmd, envelope, override = rebuilt
    try:
        judge(cmd, state, envelope=envelope, policy=policy, today=today, override=override,
              history=history, people=people, legacy=recorded_by_release_0_1(g.primary))
    except DomainError as err:
        refused = err if isinstance(err, Refused) else None
        what = refused.what if refused else str(err)
        return [LaterStep(g.primary.originator_version, g.primary.effective_date,
                          type(g.primary).__name__, what[:1].lower() + what[1:],
                          refused.rule_id if refused else None,
                          refused.basis if refused else None)]
    return []
