"""`sela people` and `sela policy`: the authority's register — who records in which role over
which dates (ID-01), and the policy in force — changed only by an administrator (ID-02)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .common import DATE, Store, emit_json, pass_store, say
from .output import emit_rows, table_options

PEOPLE_COLUMNS = (("login", "Login"), ("name", "Name"), ("role", "Role"), ("from", "From"),
                  ("to", "To"))

people = click.Group("people", help="""The people who record in SELA and the roles they hold
    over dates (ID-01); changed by an ADMIN (ID-02).

    \b
    Example:
      sela people add d.okafor --name "Dr D. Okafor" --role DIRECTOR_CHILDREN_FAMILIES \\
          --from 2021-09-01
    """)
policy = click.Group("policy", help="""The policy in force: settings for the rulebook's
    UNCONFIRMED points and who may override a local rule; each change a new version that
    every event cites, recorded by an ADMIN (ID-02).

    \b
    Example:
      sela policy set reasonable_notice_working_days=15 --reason "Cabinet decision 2026-11"
    """)


def _admin_envelope(store: Store, actor: str | None, reason: str) -> Any:
    from sela_workflow.aggregates.envelope import Envelope
    from sela_workflow.people import acting_login, require_open

    app = store.app()
    require_open(app)
    return Envelope(actor=acting_login(app, actor), role="ADMIN", effective_date=app.today(),
                    reason=reason)


def _record(store: Store, decide: Any, envelope: Any) -> list[Any]:
    """Record a change of the register; the events it wrote (none if nothing changed)."""
    from sela_workflow.people import record_register

    events = record_register(store.app(), decide, envelope)
    store.wrote()
    return events


_actor = click.option("--actor", default=None, help="Who is recording, on an embedded store "
                      "(default: $SELA_ACTOR or your login). On PostgreSQL: your login.")


@people.command("add")
@click.argument("login")
@click.option("--name", required=True, help="The person's name as it should appear.")
@click.option("--role", "roles", multiple=True, required=True, metavar="ROLE",
              help="A role they hold (LA_ADVISER, LA_ASSISTANT_DIRECTOR, "
                   "DIRECTOR_OF_EDUCATION, DIRECTOR_CHILDREN_FAMILIES, AUDITOR, ADMIN); "
                   "repeat for several.")
@click.option("--from", "start", type=DATE, default=None,
              help="The first day they hold it (default: since before any record).")
@click.option("--to", "end", type=DATE, default=None,
              help="The last day they hold it (default: still held).")
@click.option("--reason", default="", help="Why (e.g. the appointment's reference).")
@_actor
@pass_store
def add(store: Store, login: str, name: str, roles: tuple[str, ...], start: dt.date | None,
        end: dt.date | None, reason: str, actor: str | None) -> None:
    """Add a person to the register, or give someone another role (an ADMIN's step). On
    PostgreSQL the login is their database login.

    \b
    Example:
      sela people add a.mensah --name "A. Mensah" --role LA_ADVISER --from 2019-09-01
    """
    from sela_workflow.aggregates.acting import add_person

    envelope = _admin_envelope(store, actor, reason)
    n = _record(store, lambda r: add_person(r, envelope, login, name, list(roles), start, end),
                envelope)
    say(f"Recorded: {login} ({', '.join(r.upper() for r in roles)})." if n else
        f"Nothing to record: {login} already holds that.")


@people.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--reason", default="", help="Why (e.g. the HR list's date).")
@_actor
@pass_store
def load_people(store: Store, file: str, reason: str, actor: str | None) -> None:
    """Add everyone in a CSV file (columns login, name, role, and optionally from, to;
    one row per role), all or nothing (an ADMIN's step).

    \b
    Example:
      sela people load staff.csv --reason "HR list of 2026-11-30"
    """
    import csv

    from sela_workflow.aggregates.acting import add_person

    from .common import DATE as day

    try:
        with open(file, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise click.BadParameter(f"cannot read {file}: {e}", param_hint="FILE") from None
    missing = {"login", "name", "role"} - set(rows[0] if rows else {})
    if missing:
        raise click.BadParameter(f"{file} has no column {', '.join(sorted(missing))} "
                                 "(login, name, role, from, to)", param_hint="FILE")
    envelope = _admin_envelope(store, actor, reason)

    def decide(register: Any) -> Any:
        records: list[Any] = []
        for n, row in enumerate(rows, start=2):
            try:
                start = day.convert(row["from"], None, None) if row.get("from") else None
                end = day.convert(row["to"], None, None) if row.get("to") else None
            except click.BadParameter as e:
                raise click.BadParameter(f"line {n}: {e.message}", param_hint="FILE") from None
            added = add_person(register, envelope, row["login"], row["name"], [row["role"]],
                               start, end)
            records += added
            register = _fold(register, added)  # later rows see this one's person
        return records

    n = len(_record(store, decide, envelope))
    say(f"Recorded: {len(rows)} rows, {n} changes to the register.")


def _fold(register: Any, records: Any) -> Any:
    """The register with ``records`` (event class, data) applied, before they are stored."""
    from types import SimpleNamespace

    state = register
    for cls, data in records:
        state = cls.evolve(SimpleNamespace(**data), state)  # type: ignore[arg-type]
    return state


@people.command("end-role")
@click.argument("login")
@click.argument("role")
@click.option("--on", "last_day", type=DATE, required=True, help="The last day they hold it.")
@click.option("--reason", default="", help="Why (e.g. they left the post).")
@_actor
@pass_store
def end_role(store: Store, login: str, role: str, last_day: dt.date, reason: str,
             actor: str | None) -> None:
    """End a person's role: ``--on`` is the last day they held it (an ADMIN's step).

    \b
    Example:
      sela people end-role d.okafor DIRECTOR_CHILDREN_FAMILIES --on 2026-08-31
    """
    from sela_workflow.aggregates.acting import end_role as decide

    envelope = _admin_envelope(store, actor, reason)
    _record(store, lambda r: decide(r, envelope, login, role, last_day), envelope)
    say(f"Recorded: {login} held {role.upper()} until {last_day.isoformat()}.")


@people.command("list")
@table_options(PEOPLE_COLUMNS)
@pass_store
def list_people(store: Store, as_json: bool, as_csv: bool) -> None:
    """Everyone in the register, each role with its dates.

    \b
    Example:
      sela people list --json
    """
    register = store.app().register()
    rows = [{"login": p.login, "name": p.name, "role": r.role,
             "from": r.start.isoformat() if r.start else None,
             "to": r.end.isoformat() if r.end else None}
            for p in register.people for r in p.roles]
    emit_rows(rows, PEOPLE_COLUMNS, as_json=as_json, as_csv=as_csv,
              empty="Nobody yet: `sela init` makes you the first ADMIN.")


@policy.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@pass_store
def show(store: Store, as_json: bool) -> None:
    """The policy in force, its version, and which settings differ from the defaults.

    \b
    Example:
      sela policy show
    """
    from sela_workflow.aggregates.policy import DEFAULT

    app = store.app()
    register = app.register()
    settings = app.policy.settings()
    defaults = DEFAULT.settings()
    if as_json:
        emit_json({"version": register.policy_version, "settings": settings,
                   "changed_from_defaults": sorted(k for k in settings
                                                   if settings[k] != defaults[k])})
        return
    click.echo(f"Policy version {register.policy_version}"
               + (" (the documented defaults)" if not register.policy_version else ""))
    for key, value in settings.items():
        shown = ", ".join(value) if isinstance(value, list) else str(value).lower() \
            if isinstance(value, bool) else str(value)
        mark = "" if value == defaults[key] else "   (default: " + str(defaults[key]) + ")"
        click.echo(f"  {key} = {shown}{mark}")


@policy.command("set")
@click.argument("settings", nargs=-1, required=True, metavar="KEY=VALUE...")
@click.option("--reason", required=True, help="Why (e.g. the decision's reference).")
@_actor
@pass_store
def set_(store: Store, settings: tuple[str, ...], reason: str, actor: str | None) -> None:
    """Change settings: a new policy version every later event cites (an ADMIN's step).

    \b
    Example:
      sela policy set reasonable_notice_working_days=15 --reason "Cabinet decision 2026-11"
    """
    from sela_workflow.aggregates.acting import change_policy
    from sela_workflow.aggregates.policy import Policy

    values: dict[str, Any] = {}
    for item in settings:
        key, sep, text = item.partition("=")
        if not sep:
            raise click.UsageError(f"Write each setting as KEY=VALUE, not {item!r}.")
        try:
            values[key.strip()] = Policy.parse_setting(key.strip(), text)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="KEY=VALUE") from None
    _change(store, values, reason, actor, change_policy)


@policy.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--reason", required=True, help="Why (e.g. the decision's reference).")
@_actor
@pass_store
def load(store: Store, file: str, reason: str, actor: str | None) -> None:
    """Load settings from a TOML file into a new policy version (an ADMIN's step): the file
    is read once, here; the store keeps what it said.

    \b
    Example:
      sela policy load southwark-2026.toml --reason "Policy review November 2026"
    """
    import tomllib

    from sela_workflow.aggregates.acting import change_policy

    try:
        with open(file, "rb") as f:
            values = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise click.BadParameter(f"cannot read {file}: {e}", param_hint="FILE") from None
    _change(store, values, reason, actor, change_policy)


def _change(store: Store, values: dict[str, Any], reason: str, actor: str | None,
            decide: Any) -> None:
    envelope = _admin_envelope(store, actor, reason)
    events = _record(store, lambda r: decide(r, envelope, values), envelope)
    if not events:
        say("Nothing to record: the policy in force already says that.")
        return
    say(f"Recorded: policy version {events[-1].number} ({', '.join(sorted(values))}).")
