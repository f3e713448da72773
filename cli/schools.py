"""School commands: register and list schools, record risk assessments, status and history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from .common import (
    DATE,
    Store,
    emit_json,
    emit_rows,
    envelope_options,
    output_options,
    override_option,
    pass_store,
    say,
    show_warnings,
)

# Vocabularies are repeated here as plain tuples so `--help` does not import the domain;
# tests/test_cli.py checks they match sela_workflow.aggregates.vocabulary.
TYPES = ("community", "foundation", "voluntary-aided", "voluntary-controlled", "community-special",
         "foundation-special", "la-nursery", "pru", "academy-converter", "academy-sponsor-led",
         "free-school")
PHASES = ("nursery", "primary", "middle-deemed-primary", "secondary", "middle-deemed-secondary",
          "16-plus", "all-through", "not-applicable")
RELIGIOUS = ("none", "cofe", "rc", "other")
CATEGORIES = ("A", "B", "C", "D")
CRITERIA = ("safeguarding", "leadership", "governance", "quality-of-education")
PATHWAYS = ("PARTNERSHIP", "SUPPORT_MONITORING", "TRIP", "INTERVENTION", "ACADEMY_PARTNERSHIP",
            "ACADEMY_RD_ROUTE")

STATUS_COLUMNS = (
    ("urn", "URN"), ("name", "School"), ("establishment_type", "Type"), ("phase", "Phase"),
    ("category", "Cat"), ("pathway", "Pathway"), ("stage", "Stage"),
    ("eligibility", "Eligible"), ("powers", "Powers"), ("officer", "Officer"),
    ("next_due", "Next due"), ("next_rule", "Rule"), ("version", "Ver"),
)


@click.group()
def school() -> None:
    """Register schools, list them, and name the officer who owns each case.

    \b
    Example:
      sela school register 100834 --name "Bankside Primary School" --type community \\
          --phase primary
    """


@school.command("register")
@click.argument("urn")
@click.option("--name", required=True, help="The school's name as in GIAS.")
@click.option("--type", "establishment_type", required=True,
              type=click.Choice(TYPES), help="Establishment type (GIAS type names).")
@click.option("--phase", required=True, type=click.Choice(PHASES), help="Phase of education.")
@click.option("--religious-character", default="none", show_default=True,
              type=click.Choice(RELIGIOUS), help="Religious character (drives diocese copies).")
@click.option("--diocese", default="", help="Appropriate diocesan authority (CofE/RC schools).")
@click.option("--trust", "academy_trust", default="", help="Academy trust (academies only).")
@envelope_options
@pass_store
def register_school(store: Store, urn: str, name: str, establishment_type: str, phase: str,
                    religious_character: str, diocese: str, academy_trust: str,
                    envelope: Any) -> None:
    """Register a school by its URN so its record can start.

    \b
    Example:
      sela school register 100834 --name "Bankside Primary School" \\
          --type community --phase primary --on 2024-09-02
    """
    outcome = store.app().register_school(
        urn=urn, name=name, establishment_type=establishment_type, phase=phase,
        religious_character=religious_character, diocese=diocese,
        academy_trust=academy_trust, envelope=envelope)
    store.wrote()
    say(f"Registered {outcome.urn} {name}.")


@school.command("list")
@output_options()
@pass_store
def list_schools(store: Store, as_json: bool, as_csv: bool) -> None:
    """List every registered school.

    \b
    Example:
      sela school list --csv > schools.csv
    """
    from sela_workflow.queries import status

    rows = status(store.app())
    cols = (("urn", "URN"), ("name", "School"), ("establishment_type", "Type"), ("phase", "Phase"))
    emit_rows([{k: r[k] for k, _ in cols} for r in rows], cols, as_json=as_json, as_csv=as_csv,
              empty="No schools registered yet: sela school register URN --name ...")


@click.command()
@click.argument("urn")
@click.option("--category", required=True, type=click.Choice(CATEGORIES, case_sensitive=False),
              help="Category A-D (SEED-002 §5 Table One).")
@click.option("--rationale", required=True, help="Why this category: the best-fit judgement.")
@click.option("--critical", "critical_criteria", multiple=True, type=click.Choice(CRITERIA),
              help="Critical criteria that weighed on the judgement; repeat for several.")
@click.option("--year", "academic_year", default=None, metavar="YYYY/YY",
              help="Academic year, e.g. 2025/26. Default: the year holding --on.")
@click.option("--review", is_flag=True,
              help="An in-year review rather than the formal annual assessment (RA-01).")
@override_option
@envelope_options
@pass_store
def assess(store: Store, urn: str, category: str, rationale: str,
           critical_criteria: Sequence[str], academic_year: str | None, review: bool,
           override: str | None, envelope: Any) -> None:
    """Record a risk assessment and the category it gives; the pathway follows (RA-02).

    \b
    Example:
      sela assess 100834 --category C --rationale "Outcomes well below national" \\
          --critical leadership --on 2025-09-19
    """
    app = store.app()
    outcome = app.assess(urn, category=category, rationale=rationale,
                         critical_criteria=critical_criteria, academic_year=academic_year,
                         review=review, envelope=envelope, override=override)
    store.wrote()
    show_warnings(outcome.warnings)
    s = app.school(urn)
    say(f"Recorded: {s.urn} {s.name} is category {s.category}, pathway {s.pathway}.")


@click.command()
@click.argument("urn", required=False)
@click.option("--category", type=click.Choice(CATEGORIES, case_sensitive=False),
              help="Only schools in this category.")
@click.option("--pathway", type=click.Choice(PATHWAYS, case_sensitive=False),
              help="Only schools on this pathway.")
@click.option("--officer", default=None, help="Only schools owned by this officer.")
@click.option("--stage", default=None, help="Only schools at this stage, e.g. 'IEB in place'.")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="What the record said at the end of this day (recorded time). Needs URN.")
@click.option("--effective-on", "effective_on", type=DATE, default=None,
              help="The position on this day given everything known now (effective time). "
                   "Needs URN.")
@output_options()
@pass_store
def status(store: Store, urn: str | None, category: str | None, pathway: str | None,
           officer: str | None, stage: str | None, as_of: Any, effective_on: Any,
           as_json: bool, as_csv: bool) -> None:
    """Where one school, or every school, stands now, or stood on a date.

    \b
    Example:
      sela status
      sela status --category C --officer a.mensah
      sela status 100834 --json
      sela status 100834 --as-of 2025-10-01
      sela status 100834 --effective-on 2025-10-01
    """
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
        rows = [timetravel.as_of(app, urn, as_of) if as_of else  # type: ignore[arg-type]
                timetravel.effective_on(app, urn, effective_on)]  # type: ignore[arg-type]
    else:
        from sela_workflow.queries import status as query

        rows = query(store.app(), urn, category=category, pathway=pathway, officer=officer,
                     stage=stage)
    emit_rows(rows, STATUS_COLUMNS, as_json=as_json, as_csv=as_csv,
              empty="No schools match." if (category or pathway or officer or stage) else
              "No schools registered yet: sela school register URN --name ...")


HISTORY_COLUMNS = (
    ("version", "Ver"), ("effective_date", "Effective"), ("recorded_at", "Recorded (UTC)"),
    ("event", "Event"), ("actor", "Actor"), ("role", "Role"), ("rules", "Rules"),
)
#: --csv: one row per event with everything the table and its detail lines show.
HISTORY_CSV_COLUMNS = (
    ("version", "Ver"), ("effective_date", "Effective"), ("recorded_at", "Recorded (UTC)"),
    ("event", "Event"), ("summary", "Details"), ("actor", "Actor"), ("role", "Role"),
    ("rules", "Rules"), ("reason", "Reason"), ("documents", "Documents"),
    ("warnings", "Warnings"),
)
#: Under each event: what it says, why, the documents it cites, and each warning in full.
HISTORY_DETAILS = (("summary", ""), ("reason", "Reason: "), ("documents", "Documents: "),
                   ("warnings", "Warning: "))


def emit_history(rows: list[dict[str, Any]]) -> None:
    """The timeline for people: one table row per event (when, who, which rules) followed by
    indented lines wrapped to the terminal, so long reasons and warnings stay readable."""
    import shutil
    import textwrap

    from tabulate import tabulate

    if not rows:
        say("No events.")
        return
    table = [[" ".join(_text(r.get(k)).split()) for k, _ in HISTORY_COLUMNS] for r in rows]
    for r, row in zip(rows, table, strict=True):
        row[2] = r["recorded_at"][:19].replace("T", " ")
    lines = tabulate(table, headers=[h for _, h in HISTORY_COLUMNS], tablefmt="simple",
                     disable_numparse=True).splitlines()
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    indent = "    "
    out = lines[:2]
    for r, rendered in zip(rows, lines[2:], strict=True):
        out.append(rendered)
        for key, label in HISTORY_DETAILS:
            values = r.get(key) or []
            if key == "documents" and values:
                values = [", ".join(values)]
            for value in [values] if isinstance(values, str) else values:
                out.extend(textwrap.wrap(
                    " ".join(str(value).split()), width, initial_indent=indent + label,
                    subsequent_indent=indent + " " * len(label), break_long_words=False,
                    break_on_hyphens=False))
    click.echo("\n".join(out))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


@click.command()
@click.argument("urn")
@output_options()
@pass_store
def history(store: Store, urn: str, as_json: bool, as_csv: bool) -> None:
    """Replay a school's record: every event, oldest first, with who, when, under which rule,
    why, the documents cited and the warnings given (in full, also in --csv and --json).

    \b
    Example:
      sela history 100834
      sela history 100834 --json > 100834.json
      sela history 100834 --csv > 100834.csv
    """
    from sela_workflow.timeline import timeline

    rows = timeline(store.app().history(urn))
    if as_json:
        emit_json(rows)
        return
    if as_csv:
        emit_rows(rows, HISTORY_CSV_COLUMNS, as_csv=True)
        return
    emit_history(rows)


def register(group: click.Group) -> None:
    group.add_command(school)
    group.add_command(assess)
    group.add_command(status)
    group.add_command(history)
