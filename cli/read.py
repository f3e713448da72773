"""Directors' and auditors' read commands: dashboard, due, audit trail; projection upkeep."""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

import click

from .common import (
    DATE,
    Store,
    emit_json,
    emit_rows,
    envelope_options,
    output_options,
    pass_store,
    say,
)

DUE_COLUMNS = (("status", "Status"), ("due", "Due"), ("urn", "URN"), ("name", "School"),
               ("what", "What"), ("rule_id", "Rule"), ("strength", "Strength"),
               ("timer", "Timer"), ("officer", "Officer"))
TRAIL_COLUMNS = (("position", "Pos"), ("urn", "URN"), ("version", "Ver"),
                 ("effective_date", "Effective"), ("recorded_at", "Recorded (UTC)"),
                 ("event", "Event"), ("actor", "Actor"), ("role", "Role"), ("rules", "Rules"),
                 ("summary", "Details"), ("reason", "Reason"), ("documents", "Documents"))


class Days(click.ParamType):
    """A period such as 30d, 2w or 30."""

    name = "PERIOD"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        m = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", str(value))
        if not m:
            self.fail(f"{value!r} is not a period: use e.g. 30d or 2w.", param, ctx)
        return int(m.group(1)) * (7 if m.group(2) == "w" else 1)


@click.command()
@click.option("--since", type=DATE, default=None,
              help="Show category movements since this date (default: start of the academic "
                   "year).")
@output_options(csv_allowed=False)
@pass_store
def dashboard(store: Store, since: dt.date | None, as_json: bool) -> None:
    """Where every intervention stands: counts, stages, and movements between categories.

    \b
    Example:
      sela dashboard
      sela dashboard --since 2025-09-01 --json
    """
    from sela_workflow.aggregates.vocabulary import academic_year_bounds, academic_year_of

    from sela_workflow.queries import dashboard as query

    app = store.app()
    since = since or academic_year_bounds(academic_year_of(app.today()))[0]
    data = query(app, since)
    if as_json:
        emit_json(data)
        return
    cats = ", ".join(f"{k}: {v}" for k, v in sorted(data["by_category"].items(),
                                                    key=lambda kv: str(kv[0])))
    click.echo(f"{data['schools']} schools ({cats})\n")
    emit_rows(data["counts"], (("category", "Cat"), ("pathway", "Pathway"), ("phase", "Phase"),
                               ("establishment_type", "Type"), ("schools", "Schools")))
    click.echo("")
    emit_rows(data["stages"], (("stage", "Stage of intervention"), ("schools", "Schools")))
    click.echo(f"\nMovements between categories since {data['movements_since']}:")
    emit_rows(data["movements"], (("effective_date", "On"), ("urn", "URN"), ("name", "School"),
                                  ("from_category", "From"), ("to_category", "To")),
              empty="  none")


@click.command()
@click.option("--overdue", is_flag=True, help="Only deadlines already missed.")
@click.option("--within", type=Days(), default=None, metavar="PERIOD",
              help="Only deadlines due within this period, e.g. 30d or 2w.")
@click.option("--officer", default=None, help="Only schools owned by this officer.")
@click.option("--urn", default=None, help="Only this school.")
@click.option("--all", "include_met", is_flag=True,
              help="Include deadlines already met and undated expectations.")
@output_options()
@pass_store
def due(store: Store, overdue: bool, within: int | None, officer: str | None,
        urn: str | None, include_met: bool, as_json: bool, as_csv: bool) -> None:
    """What is due and what is overdue, across every school, with the rule behind each.

    \b
    Example:
      sela due --overdue
      sela due --within 30d --officer a.mensah --csv
    """
    from sela_workflow.queries import due as query

    rows = query(store.app(), overdue=overdue, within=within, officer=officer, urn=urn,
                 include_met=include_met)
    emit_rows(rows, DUE_COLUMNS, as_json=as_json, as_csv=as_csv,
              empty="Nothing overdue." if overdue else "Nothing due.")


@click.group()
def audit() -> None:
    """The audit trail and the record's integrity.

    \b
    Example:
      sela audit trail --urn 190106
    """


@audit.command("trail")
@click.option("--urn", default=None, help="Only this school.")
@click.option("--actor", default=None, help="Only events recorded by this person.")
@click.option("--from", "date_from", type=DATE, default=None, help="From this date.")
@click.option("--to", "date_to", type=DATE, default=None, help="Up to this date.")
@click.option("--type", "event", default=None, metavar="EVENT",
              help="Only this event type, e.g. WarningNoticeIssued.")
@click.option("--recorded", is_flag=True,
              help="Filter --from/--to on recorded dates instead of effective dates.")
@output_options()
@pass_store
def trail(store: Store, urn: str | None, actor: str | None, date_from: dt.date | None,
          date_to: dt.date | None, event: str | None, recorded: bool, as_json: bool,
          as_csv: bool) -> None:
    """Every event, one row each: who, when (effective and recorded), under which rule, why.

    \b
    Example:
      sela audit trail --urn 190106
      sela audit trail --actor a.mensah --from 2026-01-01 --csv
    """
    from sela_workflow.queries import trail as query

    rows = query(store.app(), urn=urn, actor=actor, date_from=date_from, date_to=date_to,
                 event=event, recorded=recorded)
    if as_json:
        emit_json(rows)
        return
    table = [{**r, "recorded_at": r["recorded_at"][:19].replace("T", " ")} for r in rows]
    emit_rows(table, TRAIL_COLUMNS, as_csv=as_csv, empty="No events match.")


@click.group()
def projections() -> None:
    """Keep the read models current: status, rebuild, or follow the log.

    \b
    Example:
      sela projections status
    """


@projections.command("status")
@output_options(csv_allowed=False)
@pass_store
def projections_status(store: Store, as_json: bool) -> None:
    """Each projection's position against the head of the log.

    \b
    Example:
      sela projections status
    """
    from sela_workflow.follower import projection_status

    rows = projection_status(store.app())
    if as_json:
        emit_json(rows)
        return
    emit_rows(rows, (("projection", "Projection"), ("version", "Version"),
                     ("position", "Position"), ("head", "Head"), ("behind", "Behind"),
                     ("tables", "Tables")))


@projections.command("rebuild")
@pass_store
def projections_rebuild(store: Store) -> None:
    """Drop the read models and refill them from the whole log.

    \b
    Example:
      sela projections rebuild
    """
    from sela_workflow.follower import rebuild_all

    app = store.app()
    total = 2 * (app.recorder.max_notification_id() or 0)
    if sys.stderr.isatty() and total:
        with click.progressbar(length=total, label="Rebuilding", file=sys.stderr) as bar:
            applied = rebuild_all(app, progress=bar.update)
    else:
        applied = rebuild_all(app)
    say(f"Rebuilt the read models: {applied} event applications.")


@projections.command("run")
@click.option("--interval", type=float, default=1.0, show_default=True,
              help="Seconds between polls of the log.")
@click.option("--once", is_flag=True, help="Catch up once and stop.")
@pass_store
def projections_run(store: Store, interval: float, once: bool) -> None:
    """Follow the log and keep the read models current (for a PostgreSQL store).

    Stops on Ctrl-C or SIGTERM. Queries work without it; it only makes them cheaper.

    \b
    Example:
      sela --db postgresql+psycopg://sela@dbhost/sela projections run
    """
    from sela_workflow.follower import follow

    applied = follow(store.app(), interval=interval, once=once,
                     report=None if once else say)
    say(f"Projections current; {applied} event applications.")


@click.command("assign")
@click.argument("urn")
@click.option("--officer", required=True, help="The named adviser who owns the case.")
@envelope_options
@pass_store
def assign(store: Store, urn: str, officer: str, envelope: Any) -> None:
    """Name the officer (adviser) who owns a school's case.

    \b
    Example:
      sela school assign 190106 --officer s.byrne
    """
    app = store.app()
    ctx = app.context(envelope)
    app.change(urn, lambda s: s.assign_officer(officer=officer, ctx=ctx))
    store.wrote()
    say(f"Recorded: {officer} owns the case of {urn}.")


def register(group: click.Group) -> None:
    from .schools import school

    school.add_command(assign)
    for command in (dashboard, due, audit, projections):
        group.add_command(command)
