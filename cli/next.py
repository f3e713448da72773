"""`sela next URN`: the officer's to-do list for one school."""

from __future__ import annotations

import click

from .common import Store, emit_json, emit_rows, output_options, pass_store

COLUMNS = (("status", "Status"), ("due", "Due"), ("what", "What"), ("rule_id", "Rule"),
           ("timer", "Timer"), ("command", "Command"))


@click.command("next")
@click.argument("urn")
@click.option("--all", "show_all", is_flag=True, help="Also list what is already met.")
@output_options(csv_allowed=False)
@pass_store
def next_(store: Store, urn: str, show_all: bool, as_json: bool) -> None:
    """What the rulebook expects next for a school, with due dates, and what is overdue.

    \b
    Example:
      sela next 190106
      sela next 190106 --json
    """
    from sela_workflow.next_steps import next_steps

    data = next_steps(store.app(), urn)
    if as_json:
        emit_json(data)
        return
    routes = ", ".join(f"{r} since {v['since']}" for r, v in data["eligibility"].items())
    click.echo(f"{data['urn']} {data['name']}: category {data['category'] or '-'}, pathway "
               f"{data['pathway'] or '-'}; eligible for intervention: {routes or 'no'}")
    rows = data["overdue"] + data["expected"] + (data["met"] if show_all else [])
    emit_rows(rows, COLUMNS, empty="Nothing outstanding.")
    click.echo("\nPossible now:\n  " + "\n  ".join(data["allowed"]))
