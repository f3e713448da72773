"""The recording commands, built from the step declarations (aggregates/steps/).

Each declared step becomes `sela <group> <verb> URN ...` with one option per command field
(its type, repeats, default and help from the declaration), the envelope options, `--override`
where a HARD-LOCAL rule applies, and `--json`. The command builds the step's command object
and hands it to the application; the domain judges it. No rule lives here.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from .common import DATE, CodeType, Store, envelope_options, say, show_warnings


def _click_type(info: Any) -> Any:
    t = info.item_type
    if t is dt.date:
        return DATE
    if t is int:
        return click.INT
    if isinstance(t, type) and hasattr(t, "__members__"):
        return CodeType(t, info.param.choices or None)
    return click.STRING


def _param(info: Any) -> click.Parameter:
    p = info.param
    if p.argument:
        return click.Argument([info.name], metavar=p.metavar, type=_click_type(info))
    flag = p.flags[0]
    help_text = p.help
    if info.item_type is bool:
        decl = f"{flag}/{p.off_flag}" if p.off_flag else flag
        return click.Option([decl, info.name], is_flag=True,
                            default=None if p.off_flag else bool(info.default),
                            help=help_text, hidden=p.hidden)
    kwargs: dict[str, Any] = {"type": _click_type(info), "help": help_text,
                              "hidden": p.hidden}
    if p.metavar:
        kwargs["metavar"] = p.metavar
    if info.multiple:
        kwargs.update(multiple=True, required=info.required)
    else:
        kwargs["required"] = info.required
        if not info.required:
            default = info.default
            if hasattr(default, "name") and hasattr(default, "value"):
                kwargs.update(default=default.name, show_default=True)
            else:
                kwargs["default"] = default
    return click.Option([flag, info.name], **kwargs)


def _help(step: Any) -> str:
    lines = [step.does, "", "\b", "Example:", f"  sela {step.name} {step.example}"]
    return "\n".join(lines)


def build(step: Any) -> click.Command:
    """The click command for one declared step."""
    from sela_workflow.aggregates.steps import fields_of

    infos = fields_of(step.command)

    def callback(store: Store, urn: str, envelope: Any, override: str | None = None,
                 as_json: bool = False, **values: Any) -> None:
        record(store, step, urn, envelope, override, as_json, infos, values)

    params: list[click.Parameter] = [click.Argument(["urn"], metavar="URN")]
    params += [_param(i) for i in infos if i.param.argument]
    params += [_param(i) for i in infos if not i.param.argument]
    if step.overridable:
        params.append(click.Option(
            ["--override"], default=None, metavar="JUSTIFICATION",
            help="Override a HARD-LOCAL rule (authorised roles only); the justification is "
                 "recorded."))
    params.append(click.Option(["--json", "as_json"], is_flag=True,
                               help="Print the recorded events as JSON."))
    from .common import pass_store

    wrapped = pass_store(envelope_options(callback))
    command = click.Command(step.verb[-1], callback=wrapped, params=params, help=_help(step),
                            short_help=step.does.split(" (")[0].split(":")[0][:80])
    # the envelope and --db options come from the decorators on the callback
    for p in reversed(getattr(wrapped, "__click_params__", [])):
        command.params.append(p)
    return command


def record(store: Store, step: Any, urn: str, envelope: Any, override: str | None,
           as_json: bool, infos: Any, values: dict[str, Any]) -> None:
    """Build the command object, have the application judge and store it, and confirm."""
    from sela_workflow.aggregates.identity import check_urn

    store.urn = check_urn(urn)
    given = {}
    for info in infos:
        if info.name not in values:
            continue
        value = values[info.name]
        if info.item_type is bool and value is None:
            if info.param.off_flag and info.required:
                raise click.UsageError(f"Give the decision: {info.param.flags[0]} or "
                                       f"{info.param.off_flag}.")
            continue
        given[info.name] = tuple(value) if info.multiple else value
    cmd = step.command(urn=store.urn, **given)
    app = store.app()
    recorded = app.handle(cmd, envelope.envelope(app), override)
    store.wrote()
    show_warnings(recorded.warnings)
    say(f"Recorded: {recorded.done}")
    if as_json:
        click.echo(json.dumps(_events_json(recorded), indent=2, default=str))
    elif recorded.result:
        click.echo(recorded.result)


def _events_json(recorded: Any) -> dict[str, Any]:
    from sela_workflow.aggregates.events import ENVELOPE

    return {"urn": recorded.urn, "result": recorded.result, "warnings": recorded.warnings,
            "rules": recorded.rules,
            "events": [{"school_id": str(e.originator_id), "version": e.originator_version,
                        "event": type(e).__name__,
                        "effective_date": e.effective_date.isoformat(),
                        "recorded_at": e.timestamp.isoformat(), "rules": list(e.rules),
                        "warnings": list(e.warnings), "hash": e.hash,
                        "data": {k: v for k, v in vars(e).items() if k not in ENVELOPE}}
                       for e in recorded.events]}


class StepGroup(click.Group):
    """A command group holding every declared step whose verb starts with its name, read from
    the registry when asked (so a step declared later is there too), plus any commands added
    by hand (lists and views)."""

    def _steps(self) -> dict[str, Any]:
        from sela_workflow.aggregates.steps import groups

        return {s.verb[-1]: s for s in groups().get(self.name or "", []) if len(s.verb) > 1}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self._steps(), *(n for n in self.commands if n not in self._steps())]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        step = self._steps().get(name)
        return build(step) if step is not None else self.commands.get(name)


def group(name: str, help_text: str) -> click.Group:
    """The group `sela <name>`: its steps come from the declarations."""
    return StepGroup(name, help=help_text)


def single(name: str) -> click.Command:
    """The top-level command of a one-word step (e.g. `sela assess`)."""
    from sela_workflow.aggregates.steps import by_verb

    step = by_verb(name)
    assert step is not None, name
    return build(step)
