"""`sela audit`: the audit trail, verification of every hash chain, the chain head."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from .common import DATE, Store, emit_json, pass_store, say
from .output import echo_line, emit_rows, table_options

TRAIL_COLUMNS = (("position", "Pos"), ("urn", "URN"), ("version", "Ver"),
                 ("effective_date", "Effective"), ("recorded_at", "Recorded (UTC)"),
                 ("event", "Event"), ("actor", "Actor"), ("role", "Role"), ("rules", "Rules"),
                 ("summary", "Details"), ("reason", "Reason"), ("documents", "Documents"))
TRAIL_DEFAULT = ("position", "urn", "version", "effective_date", "event", "actor", "summary")


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
@table_options(TRAIL_COLUMNS)
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
    if as_json or as_csv:
        emit_rows(rows, TRAIL_COLUMNS, as_json=as_json, as_csv=as_csv)
        return
    table = [{**r, "recorded_at": r["recorded_at"][:19].replace("T", " ")} for r in rows]
    emit_rows(table, TRAIL_COLUMNS, default=TRAIL_DEFAULT, empty="No events match.")


IMPORT_COLUMNS = (("position", "Pos"), ("recorded_at", "Recorded (UTC)"), ("kind", "Kind"),
                  ("file_name", "File"), ("extract_date", "Dated"), ("sha256", "SHA-256"),
                  ("new", "New"), ("changed", "Changed"), ("unchanged", "Unchanged"),
                  ("skipped", "Skipped"), ("events", "Events"), ("actor", "Actor"),
                  ("reference", "Reference"), ("rows", "Rows"), ("outside", "Other LAs"),
                  ("size", "Bytes"))
IMPORT_DEFAULT = ("recorded_at", "kind", "file_name", "extract_date", "new", "changed",
                  "unchanged", "skipped", "events")


@audit.command("imports")
@click.option("--kind", default=None, metavar="KIND",
              help="Only imports of this kind of file: gias-establishments, gias-links or "
                   "ofsted-inspections.")
@table_options(IMPORT_COLUMNS)
@pass_store
def imports(store: Store, kind: str | None, as_json: bool, as_csv: bool) -> None:
    """Every file imported: name, date, SHA-256 of its bytes, counts, the events it wrote
    (each cites the file), who imported it and when. Check a kept copy with sha256sum.

    \b
    Example:
      sela audit imports
      sela audit imports --kind gias-establishments --csv
    """
    from sela_workflow.imports import GIAS_ESTABLISHMENTS, GIAS_LINKS, OFSTED_INSPECTIONS
    from sela_workflow.register import imports_list

    kinds = (GIAS_ESTABLISHMENTS, GIAS_LINKS, OFSTED_INSPECTIONS)
    if kind is not None and kind not in kinds:
        raise click.UsageError(f"--kind {kind!r} is not one of {', '.join(kinds)}.")
    rows = imports_list(store.app(), kind)
    if as_json or as_csv:
        emit_rows(rows, IMPORT_COLUMNS, as_json=as_json, as_csv=as_csv)
        return
    table = [{**r, "recorded_at": (r["recorded_at"] or "")[:19].replace("T", " ")}
             for r in rows]
    emit_rows(table, IMPORT_COLUMNS, default=IMPORT_DEFAULT,
              empty="No files imported yet: sela gias import FILE")


def _progress(label: str, total: int) -> Any:
    """A progress bar on stderr when it is a terminal, else nothing."""
    if sys.stderr.isatty() and total:
        return click.progressbar(length=total, label=label, file=sys.stderr)
    return None


def _known_school(app: Any, urn: str) -> str:
    """The URN, checked against the stored rows without decoding them (a tampered school must
    reach verify and give exit 3, not fail while being loaded)."""
    from sela_workflow.aggregates.errors import NotFound
    from sela_workflow.aggregates.identity import check_urn

    urn = check_urn(urn)
    if not app.has_school(urn):
        raise NotFound(f"No school with URN {urn} in this store.")
    return urn


@audit.command("verify")
@click.argument("urn", required=False)
@click.option("--anchor", default=None, metavar="HEAD",
              help="A chain head kept outside the database (from `sela audit head`); the "
                   "record must reach it.")
@table_options(rows=False)
@pass_store
def verify(store: Store, urn: str | None, anchor: str | None, as_json: bool) -> None:
    """Recompute every hash chain; exit 3 naming the first broken event. --json: the result
    for each school (events, last version and hash) and the chain head; on a failure, the
    failure (and exit 3).

    \b
    Example:
      sela audit verify
      sela audit verify 190106
      sela audit verify --anchor 3f9a1c...
      sela audit verify --json
    """
    from sela_workflow import audit
    from sela_workflow.aggregates.errors import IntegrityFailure
    from sela_workflow.application import count_events

    app = store.app()
    if urn:
        urn = _known_school(app, urn)
    bar = None if urn else _progress("Verifying", count_events(app))
    try:
        if bar is not None:
            with bar:
                report = audit.verify(app, urn, anchor, progress=bar.update)
        else:
            report = audit.verify(app, urn, anchor)
    except IntegrityFailure as e:
        if as_json:
            emit_json({"intact": False, "urn": urn, "failure": str(e), "schools": None,
                       "head": None})
        raise
    if as_json:
        emit_json({"intact": True, "urn": urn, "events": report.events,
                   "schools": [{"urn": u, "events": v, "intact": True, "last_hash": h}
                               for u, v, h in report.per_school],
                   "head": None if urn else report.head, "position": report.position,
                   "covered": report.covered})
        return
    scope = f"school {urn}" if urn else f"{report.schools} schools"
    click.echo(f"Verified {report.events} events of {scope}: every hash and chain intact.")
    if not urn:
        click.echo(f"Chain head: {report.head}")
    if report.covered is not None and report.covered < report.events:
        say(f"Note: the store's recorded chain head covers the first {report.covered} of these "
            "events; `sela audit head` brings it up to date.")


@audit.command("head")
@table_options(rows=False)
@pass_store
def head(store: Store, as_json: bool) -> None:
    """Print the store's chain head, to anchor outside the database (minutes, a signed letter).

    \b
    Example:
      sela audit head
      sela audit head --json
    """
    import datetime as dt

    from sela_workflow.audit import last_recorded, stored_head
    from sela_workflow.queries import refresh

    app = store.app()
    refresh(app)
    row = stored_head(app) or {"head": "0" * 64, "events": 0, "position": 0}
    data = {"head": row["head"], "events": row["events"], "position": row["position"],
            "last_recorded_at": last_recorded(app, row["position"]),
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    if as_json:
        emit_json(data)
    else:
        click.echo(data["head"])
        echo_line(f"{data['events']} events up to position {data['position']}, last recorded "
                  f"{data['last_recorded_at'] or '-'}; read {data['at']}", wrap=True)
