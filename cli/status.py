"""`sela status`, `sela history`, `sela replay`: where a school stands, and its record.

The pathway view (status) is read from the projections; `--as-of`, `--effective-on`,
history and replay read the school's stored events, never the read models.
"""

from __future__ import annotations

from typing import Any

import click

from sela_workflow.aggregates.vocabulary import Category, Pathway

from .common import DATE, CodeType, Store, emit_json, pass_store, say
from .output import echo_line, emit_detailed, emit_rows, table_options, wrapped

STATUS_COLUMNS = (
    ("urn", "URN"), ("name", "School"), ("establishment_type", "Type"), ("phase", "Phase"),
    ("category", "Cat"), ("pathway", "Pathway"), ("stage", "Stage"),
    ("eligibility", "Eligible"), ("powers", "Powers"), ("open_notices", "Notices"),
    ("officer", "Officer"), ("next_due", "Next due"), ("next_rule", "Rule"),
    ("next_step", "Next step"), ("version", "Ver"),
)
#: What `sela status` shows in a terminal unless --wide or --columns.
STATUS_DEFAULT = ("urn", "name", "category", "pathway", "stage", "officer", "next_due",
                  "next_rule")
LINEAGE_COLUMNS = (("relation", "Lineage"), *STATUS_COLUMNS)


@click.command()
@click.argument("urn", required=False)
@click.option("--category", type=CodeType(Category), help="Only schools in this category.")
@click.option("--pathway", type=CodeType(Pathway), help="Only schools on this pathway.")
@click.option("--officer", default=None, help="Only schools owned by this officer.")
@click.option("--stage", default=None, help="Only schools at this stage, e.g. 'IEB in place'.")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="What the record said at the end of this day (recorded time). Needs URN.")
@click.option("--effective-on", "effective_on", type=DATE, default=None,
              help="The position on this day given everything known now (effective time). "
                   "Needs URN.")
@click.option("--lineage", is_flag=True,
              help="The school across its URNs: every predecessor and successor GIAS links "
                   "record, oldest first. Needs URN.")
@table_options(LINEAGE_COLUMNS)
@pass_store
def status(store: Store, urn: str | None, category: str | None, pathway: str | None,
           officer: str | None, stage: str | None, as_of: Any, effective_on: Any,
           lineage: bool, as_json: bool, as_csv: bool) -> None:
    """Where one school, or every school, stands now, or stood on a date.

    \b
    Example:
      sela status
      sela status --category C --officer a.mensah
      sela status 100834 --json
      sela status 100834 --as-of 2025-10-01
      sela status 100834 --effective-on 2025-10-01
      sela status 149901 --lineage
    """
    if lineage:
        if not urn or as_of or effective_on or category or pathway or officer or stage:
            raise click.UsageError("--lineage shows one school across its URNs: sela status "
                                   "URN --lineage, without other options.")
        rows = lineage_status(store, urn)
        emit_rows(rows, LINEAGE_COLUMNS, as_json=as_json, as_csv=as_csv,
                  default=("relation", *STATUS_DEFAULT))
        return
    if as_of and effective_on:
        raise click.UsageError("Give --as-of or --effective-on, not both.")
    if (as_of or effective_on) and not urn:
        raise click.UsageError("--as-of and --effective-on need a URN: sela status URN "
                               "--as-of DATE")
    if (as_of or effective_on) and (category or pathway or officer or stage):
        raise click.UsageError("--as-of and --effective-on show one school; drop --category, "
                               "--pathway, --officer and --stage.")
    if as_of or effective_on:
        from sela_workflow import timetravel

        app = store.app()
        store.urn = urn
        rows = [timetravel.as_of(app, urn, as_of) if as_of else  # type: ignore[arg-type]
                timetravel.effective_on(app, urn, effective_on)]  # type: ignore[arg-type]
    else:
        from sela_workflow.queries import status as query

        store.urn = urn
        rows = query(store.app(), urn, category=category.value if category else None,
                     pathway=pathway.value if pathway else None, officer=officer, stage=stage)
    emit_rows(rows, STATUS_COLUMNS, as_json=as_json, as_csv=as_csv, default=STATUS_DEFAULT,
              empty="No schools match." if (category or pathway or officer or stage) else
              "No schools registered yet: sela school register URN --name ...")


def lineage_status(store: Store, urn: str) -> list[dict[str, Any]]:
    """Each URN of the school's lineage: its status row, or a line saying it is not held."""
    from sela_workflow.lineage import lineage
    from sela_workflow.queries import status as query

    store.urn = urn
    app = store.app()
    rows = []
    for node in lineage(app, urn):
        row = query(app, node.urn)[0] if node.registered else {
            "urn": node.urn, "name": node.name, "stage": "not registered"}
        rows.append({"relation": node.relation, **row})
    return rows


#: Every column of a school's history (--csv, --json, --wide, --columns).
HISTORY_CSV_COLUMNS = (
    ("version", "Ver"), ("effective_date", "Effective"), ("recorded_at", "Recorded (UTC)"),
    ("event", "Event"), ("summary", "Details"), ("actor", "Actor"), ("role", "Role"),
    ("rules", "Rules"), ("reason", "Reason"), ("documents", "Documents"),
    ("warnings", "Warnings"),
)
#: The table's row for each event; what it says, why and the warnings follow it in full.
HISTORY_DEFAULT = ("version", "effective_date", "recorded_at", "event", "actor", "role")
HISTORY_LINEAGE = (("urn", "URN"), *HISTORY_CSV_COLUMNS)
#: Under each event: what it says, why, the documents it cites, and each warning in full.
HISTORY_DETAILS = (("summary", ""), ("rules", "Rules: "), ("reason", "Reason: "),
                   ("documents", "Documents: "), ("warnings", "Warning: "))


def emit_history(rows: list[dict[str, Any]], select: bool = True) -> None:
    """The timeline for people: one table row per event (when, who, which rules) followed by
    indented lines wrapped to the terminal, so long reasons and warnings stay readable. With
    --wide, --columns or another --fmt: a plain table of the columns asked for."""
    if not rows:
        say("No events.")
        return
    table = [{**r, "recorded_at": r["recorded_at"][:19].replace("T", " ")} for r in rows]
    emit_detailed(table, HISTORY_CSV_COLUMNS, HISTORY_DEFAULT, _details, select=select)


def _details(row: dict[str, Any], width: int) -> list[str]:
    lines = []
    for key, label in HISTORY_DETAILS:
        values = row.get(key) or []
        if key in ("documents", "rules") and values:
            values = [", ".join(values)]
        for value in [values] if isinstance(values, str) else values:
            lines.extend(wrapped(str(value), width, label=label))
    return lines


@click.command()
@click.argument("urn")
@click.option("--lineage", is_flag=True,
              help="Every URN of the school's lineage (predecessors first), each record in "
                   "turn.")
@table_options(HISTORY_LINEAGE)
@pass_store
def history(store: Store, urn: str, lineage: bool, as_json: bool, as_csv: bool) -> None:
    """Replay a school's record: every event, oldest first, with who, when, under which rule,
    why, the documents cited and the warnings given (in full, also in --csv and --json).

    \b
    Example:
      sela history 100834
      sela history 100834 --json > 100834.json
      sela history 100834 --csv > 100834.csv
      sela history 149901 --lineage
    """
    from sela_workflow.timeline import timeline

    store.urn = urn
    if lineage:
        lineage_history(store, urn, as_json, as_csv)
        return
    rows = timeline(store.app().history(urn))
    if as_json:
        emit_json(rows)
        return
    if as_csv:
        emit_rows(rows, HISTORY_CSV_COLUMNS, as_csv=True)
        return
    emit_history(rows)


def lineage_history(store: Store, urn: str, as_json: bool, as_csv: bool) -> None:
    """Each registered URN of the lineage, oldest first: its record under a heading."""
    from sela_workflow.lineage import lineage
    from sela_workflow.timeline import timeline

    app = store.app()
    nodes = lineage(app, urn)
    records = [(n, timeline(app.history(n.urn)) if n.registered else []) for n in nodes]
    if as_json:
        emit_json([{"urn": n.urn, "name": n.name, "relation": n.relation,
                    "registered": n.registered, "events": rows} for n, rows in records])
        return
    if as_csv:
        emit_rows([{"urn": n.urn, **r} for n, rows in records for r in rows],
                  (("urn", "URN"), *HISTORY_CSV_COLUMNS), as_csv=True)
        return
    for i, (n, rows) in enumerate(records):
        if i:
            click.echo("")
        echo_line(f"{n.urn} {n.name} ({n.relation})")
        if n.registered:
            emit_history(rows, select=False)
        else:
            click.echo("    not registered in this store")


@click.command("replay")
@click.argument("urn")
@click.option("--to-version", type=int, required=True, help="Replay up to this version.")
@table_options(HISTORY_CSV_COLUMNS)
@pass_store
def replay(store: Store, urn: str, to_version: int, as_json: bool, as_csv: bool) -> None:
    """Replay a school's record up to a version: the events and the state they give
    (--csv and --tsv: the events; --columns picks the events' columns).

    \b
    Example:
      sela replay 190106 --to-version 12
      sela replay 190106 --to-version 12 --csv
    """
    from sela_workflow.timetravel import replay as run

    store.urn = urn
    data = run(store.app(), urn, to_version)
    if as_json:
        emit_json(data)
        return
    if as_csv:
        emit_rows(data["events"], HISTORY_CSV_COLUMNS, as_csv=True)
        return
    emit_history(data["events"])
    click.echo("")
    emit_rows([data["status"]], STATUS_COLUMNS, default=STATUS_DEFAULT, select=False)
