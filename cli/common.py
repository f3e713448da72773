"""Shared CLI plumbing: the store context, date and envelope options, output and error mapping."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

#: Exit codes (design.md, CLI conventions).
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3


class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a valid date: use YYYY-MM-DD, e.g. 2025-09-19.",
                      param, ctx)


DATE = DateType()


class Vocab(click.Choice):  # type: ignore[type-arg]
    """A controlled vocabulary as the domain spells it (e.g. NOT_COMPLIED, S4_1_B, standards).

    Officers may type any case, and '-' for '_' (``not-complied``, ``s4-1-b``); the command
    always receives the domain's own code. Help and errors list the codes as written.
    """

    def __init__(self, *codes: str) -> None:
        super().__init__(codes, case_sensitive=False)

    def normalize_choice(self, choice: object, ctx: click.Context | None) -> str:
        return str(choice).strip().casefold().replace("-", "_")

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "[" + "|".join(str(c) for c in self.choices) + "]"

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"{value!r} is not one of {', '.join(str(c) for c in self.choices)}."


class Store:
    """Opens the store on first use, so `--help` and usage errors never touch a database."""

    def __init__(self, url: str | None) -> None:
        self.explicit_url = url
        self._app: Any = None

    @property
    def url(self) -> str:
        from sela_workflow.config import resolve_url

        return resolve_url(self.explicit_url)

    def app(self) -> Any:
        if self._app is None:
            from sela_workflow.store import open_app

            self._app = open_app(self.url)
        return self._app

    def wrote(self) -> None:
        """After a write: bring the read models up to date now, while the domain is loaded,
        so the next query (often a separate, cold process) has nothing to catch up.

        The events are already saved, so nothing here may turn the command into a failure:
        if the catch-up cannot run (a rebuild in progress, the database busy or gone), the
        officer is told in one line that the views will catch up, and the command succeeds."""
        from sela_workflow.queries import refresh_after_write

        try:
            note = refresh_after_write(self.app())
        except (Exception, KeyboardInterrupt) as e:
            reason = " ".join(str(e).split())[:200] or type(e).__name__
            note = (f"the read models could not be brought up to date now ({reason}); "
                    "they will catch up on the next command.")
        if note:
            click.echo(f"Note: recorded; {note}", err=True)

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_store = click.make_pass_decorator(Store)


def envelope_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--actor, --role, --on, --reason, --doc: the envelope every recorded event carries."""

    @click.option("--doc", "documents", multiple=True, metavar="REF",
                  help="Document reference (letter, minutes, report); repeat for several.")
    @click.option("--reason", default="", help="Why this is being recorded.")
    @click.option("--on", "effective_date", type=DATE, default=None,
                  help="Effective date (YYYY-MM-DD): the day it happened. Default: today. "
                       "May be back-dated, never in the future.")
    @click.option("--role", default=None, metavar="ROLE",
                  help="Your role code, e.g. LA_ADVISER (default: $SELA_ROLE or LA_ADVISER).")
    @click.option("--actor", default=None,
                  help="Who is recording (default: $SELA_ACTOR or your login name).")
    @functools.wraps(func)
    def wrapper(*args: Any, actor: str | None, role: str | None, effective_date: dt.date | None,
                reason: str, documents: Sequence[str], **kwargs: Any) -> Any:
        from sela_workflow.aggregates.envelope import Envelope

        from sela_workflow import clock, config

        kwargs["envelope"] = Envelope(
            actor=actor if actor is not None else config.default_actor(),
            role=(role or config.default_role()).upper(),
            effective_date=effective_date or clock.today(),
            reason=reason, documents=tuple(documents))
        return func(*args, **kwargs)

    return wrapper


def output_options(csv_allowed: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("--json", "as_json", is_flag=True,
                            help="Print JSON instead of a table.")(func)
        if csv_allowed:
            func = click.option("--csv", "as_csv", is_flag=True,
                                help="Print CSV rows instead of a table.")(func)
        return func

    return decorate


def emit_rows(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]], *,
              as_json: bool = False, as_csv: bool = False, empty: str = "Nothing to show.") -> None:
    """Print rows as an aligned table (default), JSON or CSV. Data to stdout."""
    if as_json:
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for r in rows:
            writer.writerow(["" if r.get(k) is None else _cell(r.get(k), "; ")
                             for k, _ in columns])
        return
    if not rows:
        click.echo(empty, err=True)
        return
    from tabulate import tabulate

    table = [["" if r.get(k) is None else _cell(r.get(k)) for k, _ in columns] for r in rows]
    click.echo(tabulate(table, headers=[h for _, h in columns], tablefmt="simple",
                        disable_numparse=True))


def _cell(value: Any, separator: str = ", ") -> str:
    if isinstance(value, (list, tuple)):
        return separator.join(str(v) for v in value)
    return str(value)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def say(message: str) -> None:
    """A diagnostic: to stderr, so stdout stays data."""
    click.echo(message, err=True)


def show_warnings(warnings: Iterable[str]) -> None:
    for w in warnings:
        click.echo(f"warning: {w}", err=True)


def override_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--override: an authorised role departs from a HARD-LOCAL rule, recording why."""
    return click.option(
        "--override", default=None, metavar="JUSTIFICATION",
        help="Override a HARD-LOCAL rule (authorised roles only); the justification is "
             "recorded.")(func)


def record(store: Store, urn: str, envelope: Any, method: str, done: str,
           override: str | None = None, **kwargs: Any) -> Any:
    """Run one School command through the application; print its warnings and a confirmation.

    ``done`` is the confirmation after "Recorded: ", formatted with ``urn``, ``result`` (what
    the command returned, e.g. a new notice's ID) and the command's own arguments.
    """
    app = store.app()
    ctx = app.context(envelope, override)
    outcome = app.change(urn, lambda school: getattr(school, method)(ctx=ctx, **kwargs))
    store.wrote()
    show_warnings(outcome.warnings)
    values = {k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
              for k, v in kwargs.items()}
    say(f"Recorded: {done.format(**values, urn=urn, result=outcome.result)}")
    return outcome
