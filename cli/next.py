"""`sela next URN`: the officer's to-do list for one school, each item a command to paste."""

from __future__ import annotations

from typing import Any

import click

from .common import Store, emit_json, pass_store
from .output import echo_line, emit_detailed, emit_rows, table_options, wrap_command

COLUMNS = (("status", "Status"), ("due", "Due"), ("what", "What"), ("rule_id", "Rule"),
           ("timer", "Timer"), ("kind", "Kind"), ("strength", "Strength"),
           ("met_on", "Met on"), ("command", "Command"))
#: The table in a terminal; each item's command follows its row, in full.
DEFAULT = ("status", "due", "what", "rule_id", "timer")


@click.command("next")
@click.argument("urn")
@click.option("--all", "show_all", is_flag=True, help="Also list what is already met.")
@table_options(COLUMNS)
@pass_store
def next_(store: Store, urn: str, show_all: bool, as_json: bool, as_csv: bool) -> None:
    """What the rulebook expects next for a school, with due dates, what is overdue, and the
    steps that can be taken now — each a complete command (fill in the <PLACEHOLDERS>).

    \b
    Example:
      sela next 190106
      sela next 190106 --json
      sela next 190106 --csv
    """
    from sela_workflow.next_steps import next_steps

    store.urn = urn
    data = next_steps(store.app(), urn)
    if as_json:
        emit_json(data)
        return
    rows = data["overdue"] + data["expected"] + (data["met"] if show_all else [])
    if as_csv:
        emit_rows(rows, COLUMNS, as_csv=True)
        return
    routes = ", ".join(f"{r['route']} ({r['basis']}) since {r['since']}"
                       for r in data["eligibility"].values())
    echo_line(f"{data['urn']} {data['name']}: category {data['category'] or '-'}, pathway "
              f"{data['pathway'] or '-'}; eligible for intervention: {routes or 'no'}",
              wrap=True)
    emit_detailed(rows, COLUMNS, DEFAULT, _command, empty="Nothing outstanding.")
    click.echo("\nPossible now:")
    for command in data["possible"] or []:
        click.echo(wrap_command(command))
    if not data["possible"]:
        click.echo("  nothing")


def _command(row: dict[str, Any], width: int) -> list[str]:
    return wrap_command(row["command"], indent="    ").splitlines() if row["command"] else []
