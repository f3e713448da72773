"""Steps as commands people can paste: rendering a step and its options, and trying one.

A hint names the step's verb, the school, every option the step needs — the values the record
already gives (a notice's ID, the copies a church school's notice needs) and, for what only
the officer knows, a visible placeholder such as ``--name <NAME>``. `try_step` judges a hint
with example values on the record as it stands, so `sela next` offers only steps that can be
taken now.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Mapping
from typing import Any

from .aggregates.steps import ASK, fields_of, step_of
from .aggregates.steps.command import FieldInfo, example_value

ENVELOPE_OPTIONS = {"role": "--role", "reason": "--reason", "on": "--on"}


def _code(value: Any) -> str:
    if hasattr(value, "name") and hasattr(value, "value") and not isinstance(value, bool):
        return str(value.name)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def placeholder(info: FieldInfo) -> str:
    if info.param.placeholder:
        return info.param.placeholder
    t = info.item_type
    if isinstance(t, type) and hasattr(t, "__members__"):
        return "<" + "|".join(t.__members__) + ">"
    if t is dt.date:
        return "<DATE>"
    return f"<{(info.param.metavar or info.name).upper()}>"


def _words(info: FieldInfo, value: Any, given: bool) -> list[str]:
    flag = info.param.flags[0] if info.param.flags else None
    if value is ASK or (not given and info.required):
        shown = placeholder(info)
        if info.item_type is bool:
            return [shown]
        count = max(1, info.param.at_least) if info.multiple else 1
        return [w for _ in range(count) for w in ((flag, shown) if flag else (shown,))]
    if not given:
        return []
    if info.item_type is bool:
        if value:
            return [flag] if flag else []
        return [info.param.off_flag] if info.param.off_flag else []
    values = list(value) if info.multiple else [value]
    out: list[str] = []
    for v in values:
        out += [flag, shlex.quote(_code(v))] if flag else [shlex.quote(_code(v))]
    return out


def render(command: type, urn: str, options: Mapping[str, Any]) -> str:
    """The command line for ``command`` at ``urn`` with ``options`` (placeholders for the rest)."""
    step = step_of(command)
    words = ["sela", *step.verb, urn]
    infos = fields_of(command)
    for info in sorted(infos, key=lambda i: not i.param.argument):
        words += _words(info, options.get(info.name), info.name in options)
    for key, flag in ENVELOPE_OPTIONS.items():
        if key in options:
            words += [flag, shlex.quote(_code(options[key]))]
    if step.needs_reason and "reason" not in options:
        words += ["--reason", "<REASON>"]
    return " ".join(words)


def example(command: type, urn: str, options: Mapping[str, Any], today: dt.date
            ) -> tuple[Any, dict[str, Any]]:
    """The command a hint stands for, with example values where the officer would fill in."""
    values: dict[str, Any] = {"urn": urn}
    for info in fields_of(command):
        value = options.get(info.name, ASK if info.required else None)
        if info.name in options and value is not ASK:
            values[info.name] = value
        elif value is ASK:
            if info.multiple:
                values[info.name] = tuple(example_value(info, today, n)
                                          for n in range(max(1, info.param.at_least)))
                first = values[info.name][0]
                if isinstance(first, tuple):
                    values[info.name] = first
            else:
                values[info.name] = example_value(info, today)
    envelope = {k: options[k] for k in ENVELOPE_OPTIONS if k in options}
    return command(**values), envelope


def try_step(app: Any, state: Any, command: type, options: Mapping[str, Any],
             today: dt.date) -> bool:
    """Whether the hint, with example values, would be accepted on the record as it stands."""
    from .aggregates.envelope import Envelope
    from .aggregates.errors import DomainError
    from .aggregates.steps import judge

    try:
        cmd, env = example(command, state.urn, options, today)
        envelope = Envelope(actor="example.officer", role=str(env.get("role", "LA_ADVISER")),
                            effective_date=today, reason="example reason")
        judge(cmd, state, envelope=envelope, policy=app.policy, today=today,
              history=_history(app, state, command))
        return True
    except (DomainError, TypeError, ValueError):
        return False


def _history(app: Any, state: Any, command: type) -> list[Any]:
    step = step_of(command)
    if step.needs_history or step.result_field:
        return app.history(state.urn)
    return []
