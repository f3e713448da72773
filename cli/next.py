"""`sela next URN`: the officer's to-do list for one school, each item a command to paste."""

from __future__ import annotations

import click

from .common import Store, emit_json, emit_rows, output_options, pass_store

COLUMNS = (("status", "Status"), ("due", "Due"), ("what", "What"), ("rule_id", "Rule"),
           ("timer", "Timer"), ("command", "Command"))


@click.command("next")
@click.argument("urn")
@click.option("--all", "show_all", is_flag=True, help="Also list what is already met.")
@output_options()
@pass_store
def next_(store: Store, urn: str, show_all: bool, as_json: bool, as_csv: bool) -> None:
    """What the rulebook expects next for a school, with due dates, what is overdue, and the
    steps that can be taken now — each a complete command (fill in the <PLACEHOLDERS>).

    \b
    Example:
      sela next 190106
      sela next 190106 --json
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
    click.echo(f"{data['urn']} {data['name']}: category {data['category'] or '-'}, pathway "
               f"{data['pathway'] or '-'}; eligible for intervention: {routes or 'no'}")
    emit_rows(rows, COLUMNS, empty="Nothing outstanding.")
    click.echo("\nPossible now:\n  " + "\n  ".join(data["possible"] or ["nothing"]))
