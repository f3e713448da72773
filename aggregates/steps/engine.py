"""Judging a command: against the case on its effective date, under the law in force then.

The order is always the same: the envelope (who, when), the registration date, the law the
step rests on (commencement), the lifecycle transition, then each rule's guard. Only then
does the step say what it records. Nothing here writes: the application stores the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .. import rules
from ..envelope import Envelope
from ..errors import InvalidInput, Refused
from ..lifecycle import StepNotAllowed
from ..policy import Policy
from ..state.case import CaseState
from .registry import step_of
from .spec import Decision, Facts, Judgement


def judge(cmd: Any, state: CaseState | None, *, envelope: Envelope, policy: Policy,
          today: dt.date, override: str | None = None, history: Sequence[Any] = ()
          ) -> Decision:
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
    if step.needs_reason and not envelope.reason.strip():
        raise InvalidInput(f"Say why with --reason: {step.does[0].lower()}{step.does[1:]} "
                           "needs a reason on the record.")
    anchor = step.anchor(state, cmd, on) if step.anchor and state is not None else on
    facts = Facts(state=state, cmd=cmd, on=on, anchor=anchor,  # type: ignore[arg-type]
                  policy=policy, envelope=envelope, today=today, history=tuple(history))
    if step.in_force is not None:
        span = step.in_force(facts)
        if span is not None and not span.covers(on):
            raise Refused(f"Refused: {span.why_not(on)}", rule_id=span.rule_id,
                          basis=span.basis)
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
                          basis=rule.basis) from None
        facts = replace(facts, current=current, dest=dest)
    judgement = Judgement(anchor, envelope, policy, override)
    for guard in step.guards:
        judgement.apply(guard, facts)
    records = step.record(facts, judgement)
    result = None
    if step.result_field and records:
        result = str(records[0][1].get(step.result_field) or "") or None
    return Decision(records, list(judgement.applied), list(judgement.warnings),
                    list(judgement.deviations), result)
