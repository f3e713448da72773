"""Shared CLI plumbing: the store context, value types, the envelope options, output helpers.

Nothing here imports the domain at module level: `sela --help` and usage errors must stay
fast, so the domain is imported inside commands (the root group loads command modules
lazily too).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import click

#: Exit codes (design.md, CLI conventions; docs/cli.md).
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3
#: A fault in SELA itself (a bug), never a user's error: reported and worth a bug report.
EXIT_BUG = 70


class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if not text.isascii():
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"{_shown(value)} is not a valid date: use YYYY-MM-DD, e.g. 2025-09-19.",
                      param, ctx)


DATE = DateType()


def _shown(value: Any, limit: int = 40) -> str:
    text = str(value)
    text = text if len(text) <= limit else text[:limit] + "…"
    return repr(text) if text.isprintable() else ascii(text)


class CodeType(click.ParamType):
    """A domain vocabulary (an enum): any case, ``-`` for ``_``; always shown upper case."""

    def __init__(self, enum: Any, codes: Sequence[str] | None = None) -> None:
        self.enum = enum
        self.codes = list(codes or enum.codes())
        self.name = enum.__name__

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.codes) + "]"

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        """Click's "Missing option" line names the codes, upper case as everywhere else."""
        return f"Choose from: {', '.join(self.codes)}."

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, self.enum):
            return value
        from sela_workflow.aggregates.errors import InvalidInput

        try:
            member = self.enum.parse(value)
        except InvalidInput:
            member = None
        if member is None or member.name not in self.codes:
            self.fail(f"{_shown(value)} is not one of {', '.join(self.codes)}.", param, ctx)
        return member


class Store:
    """Opens the store on first use, so `--help` and usage errors never touch a database."""

    def __init__(self, url: str | None) -> None:
        self.explicit_url = url
        self._app: Any = None
        #: The school the running command is about (to render remedies as commands).
        self.urn: str | None = None

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
            for note in dict.fromkeys(getattr(self._app, "notes", [])):
                click.echo(note, err=True)
            self._app.close()
            self._app = None


def _store(ctx: click.Context) -> Store:
    store = ctx.find_object(Store)
    if store is None:
        store = ctx.ensure_object(Store)
    return store


def pass_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """Pass the Store; also accepts ``--db`` after the subcommand (issue: `sela status --db`)."""

    @click.option("--db", "db_here", metavar="URL", default=None, hidden=True,
                  help="Store to use (as `sela --db URL`).")
    @functools.wraps(func)
    def wrapper(*args: Any, db_here: str | None = None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        store = _store(ctx)
        if db_here:
            store.close()
            store.explicit_url = db_here
        return func(store, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Claim:
    """What the officer said about a recording (--actor, --role, --on, --reason, --doc); the
    application turns it into the envelope: the acting login and a role it holds."""

    actor: str | None
    role: str | None
    effective_date: dt.date
    reason: str = ""
    documents: tuple[str, ...] = ()

    def envelope(self, app: Any) -> Any:
        from sela_workflow.people import envelope_for

        return envelope_for(app, self.actor, self.role, self.effective_date, self.reason,
                            self.documents)


def envelope_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--actor, --role, --on, --reason, --doc: the envelope every recorded event carries."""

    @click.option("--doc", "documents", multiple=True, metavar="REF",
                  help="Document reference (letter, minutes, report); repeat for several.")
    @click.option("--reason", default="", help="Why this is being recorded.")
    @click.option("--on", "effective_date", type=DATE, default=None,
                  help="Effective date (YYYY-MM-DD): the day it happened. Default: today. "
                       "May be back-dated, never in the future.")
    @click.option("--role", default=None, metavar="ROLE",
                  help="The role you record in, one you hold that day (default: $SELA_ROLE, "
                       "else your only casework role).")
    @click.option("--actor", default=None,
                  help="Who is recording, on an embedded store (default: $SELA_ACTOR or your "
                       "login name). On PostgreSQL it is always your database login.")
    @functools.wraps(func)
    def wrapper(*args: Any, actor: str | None, role: str | None, effective_date: dt.date | None,
                reason: str, documents: Sequence[str], **kwargs: Any) -> Any:
        from sela_workflow import clock

        kwargs["envelope"] = Claim(actor=actor, role=role,
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


def emit_rows(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]], *,
              as_json: bool = False, as_csv: bool = False, empty: str = "Nothing to show.") -> None:
    """Print rows as an aligned table (default), JSON or CSV. Data to stdout."""
    if as_json:
        click.echo(json.dumps(list(rows), indent=2, default=str))
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for r in rows:
            writer.writerow(["" if r.get(k) is None else _cell(r.get(k), "; ")
                             for k, _ in columns])
        return
    rows = list(rows)
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
