"""Directors' read commands: `sela dashboard` and `sela due`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from .common import DATE, Store, emit_json, pass_store
from .output import echo_line, emit_rows, table_options

DUE_COLUMNS = (("status", "Status"), ("due", "Due"), ("urn", "URN"), ("name", "School"),
               ("what", "What"), ("rule_id", "Rule"), ("strength", "Strength"),
               ("timer", "Timer"), ("kind", "Kind"), ("met_on", "Met on"),
               ("officer", "Officer"), ("command", "Command"))
DUE_DEFAULT = ("status", "due", "urn", "name", "what", "rule_id", "officer")
#: The dashboard's tables: --table picks one (for --csv, --tsv and --columns).
DASHBOARD_TABLES = {
    "counts": (("category", "Cat"), ("pathway", "Pathway"), ("phase", "Phase"),
               ("establishment_type", "Type"), ("schools", "Schools")),
    "stages": (("stage", "Stage of intervention"), ("schools", "Schools")),
    "movements": (("effective_date", "On"), ("urn", "URN"), ("name", "School"),
                  ("from_category", "From"), ("to_category", "To")),
}


class Days(click.ParamType):
    """A period such as 30d, 2w or 30."""

    name = "PERIOD"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        m = re.fullmatch(r"\s*([0-9]{1,5})\s*([dw]?)\s*", str(value))
        if not m:
            self.fail(f"{str(value)[:40]!r} is not a period: use e.g. 30d or 2w (up to "
                      "99999 days).", param, ctx)
        return int(m.group(1)) * (7 if m.group(2) == "w" else 1)


@click.command()
@click.option("--since", type=DATE, default=None,
              help="Show category movements since this date (default: start of the academic "
                   "year).")
@click.option("--table", "only", default=None, metavar="TABLE",
              help="Only this table: counts, stages or movements (needed for --csv, --tsv "
                   "and --columns).")
@table_options()
@pass_store
def dashboard(store: Store, since: dt.date | None, only: str | None, as_json: bool,
              as_csv: bool) -> None:
    """Where every intervention stands: counts, stages, and movements between categories.

    \b
    Example:
      sela dashboard
      sela dashboard --since 2025-09-01 --json
      sela dashboard --table movements --csv
    """
    from sela_workflow.aggregates.vocabulary import academic_year_bounds, academic_year_of
    from sela_workflow.queries import dashboard as query

    from .output import current

    if only is not None and only not in DASHBOARD_TABLES:
        raise click.BadParameter(f"{only[:30]!r} is not one of counts, stages, movements.",
                                 param_hint="'--table'")
    if only is None and (as_csv or current().columns):
        raise click.UsageError("--csv, --tsv and --columns need --table counts, stages or "
                               "movements.")
    app = store.app()
    since = since or academic_year_bounds(academic_year_of(app.today()))[0]
    data = query(app, since)
    if only:
        emit_rows(data[only], DASHBOARD_TABLES[only], as_json=as_json, as_csv=as_csv,
                  empty="  none")
        return
    if as_json:
        emit_json(data)
        return
    cats = ", ".join(f"{k}: {v}" for k, v in sorted(data["by_category"].items(),
                                                    key=lambda kv: str(kv[0])))
    echo_line(f"{data['schools']} schools ({cats})", wrap=True)
    click.echo("")
    emit_rows(data["counts"], DASHBOARD_TABLES["counts"])
    click.echo("")
    emit_rows(data["stages"], DASHBOARD_TABLES["stages"])
    click.echo(f"\nMovements between categories since {data['movements_since']}:")
    emit_rows(data["movements"], DASHBOARD_TABLES["movements"], empty="  none")


@click.command()
@click.option("--overdue", is_flag=True, help="Only deadlines already missed.")
@click.option("--within", type=Days(), default=None, metavar="PERIOD",
              help="Only deadlines due within this period, e.g. 30d or 2w.")
@click.option("--officer", default=None, help="Only schools owned by this officer.")
@click.option("--urn", default=None, help="Only this school.")
@click.option("--all", "include_met", is_flag=True,
              help="Include deadlines already met and undated expectations.")
@click.option("--ics", is_flag=True,
              help="Print an iCalendar (RFC 5545) file: each dated deadline an all-day event "
                   "with a stable UID (re-importing updates it); met and closed ones "
                   "cancelled.")
@table_options(DUE_COLUMNS)
@pass_store
def due(store: Store, overdue: bool, within: int | None, officer: str | None,
        urn: str | None, include_met: bool, ics: bool, as_json: bool, as_csv: bool) -> None:
    """What is due and what is overdue, across every school, with the rule behind each.

    \b
    Example:
      sela due --overdue
      sela due --within 30d --officer a.mensah --csv
      sela due --ics --officer a.mensah > deadlines.ics
    """
    from sela_workflow.queries import due as query

    if ics and (as_json or as_csv):
        raise click.UsageError("Give --ics or --json, --csv, --tsv, not both.")
    rows = query(store.app(), overdue=overdue, within=within, officer=officer, urn=urn,
                 include_met=include_met or ics)
    if ics:
        from .ics import calendar

        click.echo(calendar(rows, officer), nl=False)
        return
    emit_rows(rows, DUE_COLUMNS, as_json=as_json, as_csv=as_csv, default=DUE_DEFAULT,
              empty="Nothing overdue." if overdue else "Nothing due.")
