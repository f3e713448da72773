"""Every declared step, by command class and by verb; declaring one adds its transition.

`declare()` is the one place a step becomes known: its lifecycle gains the transition, the
CLI gains the command, `sela next` the hint and docs/rulebook.md the row. `withdraw()` takes
one back out (for a test's throw-away declaration).
"""

from __future__ import annotations

from typing import Any

from ..lifecycle import Transition
from .spec import Step

STEPS: dict[type, Step] = {}


def declare(step: Step) -> Step:
    if step.command in STEPS:
        raise ValueError(f"{step.command.__name__} is declared twice")
    if any(s.verb == step.verb for s in STEPS.values()):
        raise ValueError(f"`{step.name}` is declared twice")
    if step.lifecycle is not None:
        for move in step.moves:
            step.lifecycle.add(Transition(step.trigger, move.source, move.dest,
                                          tuple(step.rule_ids), move.conditions))
    STEPS[step.command] = step
    return step


def withdraw(command: type) -> None:
    step = STEPS.pop(command)
    if step.lifecycle is not None and step.trigger:
        step.lifecycle.remove(step.trigger)


def step_of(command: Any) -> Step:
    cls = command if isinstance(command, type) else type(command)
    return STEPS[cls]


def by_verb(*verb: str) -> Step | None:
    return next((s for s in STEPS.values() if s.verb == verb), None)


def groups() -> dict[str, list[Step]]:
    """Steps under each top-level verb, in declaration order."""
    out: dict[str, list[Step]] = {}
    for s in STEPS.values():
        out.setdefault(s.verb[0], []).append(s)
    return out
