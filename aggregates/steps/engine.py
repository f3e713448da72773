"""Judging a command: against the case on its effective date, under the law in force then.

The order is always the same: the envelope (who, when), the registration date, whether the
record is closed (the school closed, or converted under a new URN), the law the step rests on
(commencement), whether the step applies to this school at all (academies, maintained
schools), the lifecycle transition, then each other rule's guard. Only then does the step say
what it records. Nothing here writes: the application stores the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .. import rules
from ..envelope import Envelope
from ..errors import InvalidInput, NotNow, Refused, Remedy
from ..lifecycle import StepNotAllowed
from ..policy import Policy
from ..state.case import CaseState
from .registry import by_verb, step_of
from .spec import Decision, Facts, Judgement


def judge(cmd: Any, state: CaseState | None, *, envelope: Envelope, policy: Policy,
          today: dt.date, override: str | None = None, history: Sequence[Any] = (),
          people: Any = None, legacy: bool = False) -> Decision:
    """Judge ``cmd`` against ``state`` (the case folded up to the command's effective date;
    None only for a registration) and say what to record. Raises a DomainError if refused."""
    step = step_of(cmd)
    envelope.check(today)
    on = envelope.effective_date
    if state is not None and on < state.details.registered_on:
        raise Refused(f"{step.does.split(':')[0]} refused: {on.isoformat()} is before "
                      f"{state.urn}'s record begins ({state.details.registered_on.isoformat()}, "
                      "its registration)",
                      remedy="Date the step on or after the registration, or correct the "
                             "registration date first.")
    if state is not None and state.closed and not step.on_closed:
        _closed(step, state)
    if step.needs_reason and not envelope.reason.strip():
        raise InvalidInput(f"Say why with --reason: {step.does[0].lower()}{step.does[1:]} "
                           "needs a reason on the record.")
    anchor = step.anchor(state, cmd, on) if step.anchor and state is not None else on
    facts = Facts(state=state, cmd=cmd, on=on, anchor=anchor,  # type: ignore[arg-type]
                  policy=policy, envelope=envelope, today=today, history=tuple(history),
                  people=people)
    if step.in_force is not None:
        span = step.in_force(facts)
        if span is not None and not span.covers(on):
            same = {"role": envelope.role, "on": on}  # the same step, as it was given
            remedy = (Remedy(step=step.command, options={**dict(span.instead), **same},
                             lead=span.remedy.rstrip(".")) if span.instead
                      else Remedy(span.remedy) if span.remedy else None)
            raise Refused(f"Refused: {span.why_not(on)}", rule_id=span.rule_id,
                          basis=span.basis, remedy=remedy)
    authorise = by_verb("record", "authorise-override")
    judgement = Judgement(anchor, envelope, policy, override, case=state,
                          authorise=authorise.command if authorise else None,
                          legacy=legacy)
    for guard in step.guards:
        if guard.scope:
            judgement.apply(guard, facts)
    dest = None
    if step.lifecycle is not None and step.current is not None:
        current = step.current(facts)
        args = step.plan_args(facts) if step.plan_args else {}
        try:
            dest = step.lifecycle.plan(current, step.trigger, **args)
        except StepNotAllowed as e:
            label = step.label(facts) if step.label else step.lifecycle.name
            rule = rules.get(step.rule)
            raise Refused(f"{label[:1].upper()}{label[1:]}: {e}", rule_id=rule.id,
                          basis=rule.basis, remedy=_first_step(step, current, facts)) from None
        facts = replace(facts, current=current, dest=dest)
    for guard in step.guards:
        if not guard.scope:
            judgement.apply(guard, facts)
    records = step.record(facts, judgement)
    result = None
    if step.result_field and records:
        result = str(records[0][1].get(step.result_field) or "") or None
    return Decision(records, list(judgement.applied), list(judgement.warnings),
                    list(judgement.deviations), result)


def _closed(step: Any, state: CaseState) -> None:
    """Refuse a step on a closed record: the LA's case ended with the school (or, converted
    under a new URN, it continues on the academy's record: AO-05)."""
    what = f"`sela {step.name}`"
    closed = state.details.closed_on.isoformat() if state.details.closed_on else "-"
    if state.converted_to:
        rule = rules.get("AO-05")
        on = state.converted_on.isoformat() if state.converted_on else "-"
        raise Refused(f"{what} refused: {state.urn} converted to an academy under URN "
                      f"{state.converted_to} on {on}; its LA case is closed",
                      rule_id=rule.id, basis=rule.basis,
                      remedy=f"Record it on the academy's record, {state.converted_to}.")
    raise NotNow(f"{what} refused: {state.urn} closed on {closed} (GIAS); its record takes no "
                 "new steps.", Remedy("If the closure was recorded in error, withdraw it "
                                      "(sela record withdraw) first."))


def _first_step(step: Any, current: str, facts: Facts) -> Remedy | None:
    """What to record first: the first step on the shortest way through the lifecycle from
    ``current`` to a state the refused step can be taken from (e.g. the consent request
    before the consent)."""
    from collections import deque

    lifecycle = step.lifecycle
    targets = {s for m in step.moves for s in m.source}
    seen, queue = {current}, deque([(current, None)])
    while queue:
        state, first = queue.popleft()
        if state in targets and first is not None:
            return _remedy_for(lifecycle, first, facts)
        for t in lifecycle.transitions:
            if state in t.source and t.trigger != step.trigger:
                dest = state if t.dest == "=" else t.dest
                if dest not in seen:
                    seen.add(dest)
                    queue.append((dest, first or t.trigger))
    return None


def _remedy_for(lifecycle: Any, trigger: str, facts: Facts) -> Remedy | None:
    from .registry import STEPS

    for other in STEPS.values():
        if other.lifecycle is lifecycle and other.trigger == trigger:
            options = {k: getattr(facts.cmd, k) for k in ("notice", "ref", "order")
                       if hasattr(facts.cmd, k) and hasattr(other.command, "__dataclass_fields__")
                       and k in other.command.__dataclass_fields__}
            return Remedy(step=other.command, options=options, lead="Record this first")
    return None
