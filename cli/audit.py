"""Auditors' commands: verify and anchor the chain, export and import, replay, keys."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .common import Store, emit_json, output_options, pass_store, say


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


@click.command("verify")
@click.argument("urn", required=False)
@click.option("--anchor", default=None, metavar="HEAD",
              help="A chain head kept outside the database (from `sela audit head`); the "
                   "record must reach it.")
@pass_store
def verify(store: Store, urn: str | None, anchor: str | None) -> None:
    """Recompute every hash chain; exit 3 naming the first broken event.

    \b
    Example:
      sela audit verify
      sela audit verify 190106
      sela audit verify --anchor 3f9a1c...
    """
    from sela_workflow import audit
    from sela_workflow.application import count_events

    app = store.app()
    if urn:
        urn = _known_school(app, urn)
    bar = None if urn else _progress("Verifying", count_events(app))
    if bar is not None:
        with bar:
            report = audit.verify(app, urn, anchor, progress=bar.update)
    else:
        report = audit.verify(app, urn, anchor)
    scope = f"school {urn}" if urn else f"{report.schools} schools"
    head = "" if urn else f"; chain head {report.head}"
    click.echo(f"Verified {report.events} events of {scope}: every hash and chain intact{head}.")
    if report.covered is not None and report.covered < report.events:
        say(f"Note: the store's recorded chain head covers the first {report.covered} of these "
            "events; `sela audit head` brings it up to date.")


@click.command("head")
@output_options(csv_allowed=False)
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
        click.echo(f"{data['head']}  ({data['events']} events up to position "
                   f"{data['position']}, last recorded {data['last_recorded_at'] or '-'}; "
                   f"read {data['at']})")


@click.command("export")
@click.argument("urn", required=False)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              default=None, help="Write to this file instead of stdout.")
@pass_store
def export(store: Store, urn: str | None, out: Path | None) -> None:
    """Write the record as JSON lines: a header, then every event with its hashes.

    \b
    Example:
      sela export > sela-2026-11-22.jsonl
      sela export 190106 --out 190106.jsonl
    """
    from sela_workflow import audit

    app = store.app()
    if urn:
        urn = _known_school(app, urn)
    result = audit.export(app, urn)
    partial = out.with_name(out.name + ".partial") if out else None
    target = partial.open("w", encoding="utf-8") if partial else sys.stdout
    count = 0
    bar = _progress("Exporting", result.header["events"])
    try:
        target.write(audit.line(result.header) + "\n")
        for text in result.lines:
            target.write(text + "\n")
            count += 1
            if bar is not None:
                bar.update(1)
    except BaseException:
        if partial:  # never leave half an export looking like a whole one
            target.close()
            partial.unlink(missing_ok=True)
        raise
    finally:
        if bar is not None:
            bar.render_finish()
    if partial and out:
        target.close()
        partial.replace(out)
    say(f"Exported {count} events" + (f" to {out}" if out else "") + ".")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_store
def import_(store: Store, file: Path) -> None:
    """Load an export into an empty store, after verifying every chain in the file.

    \b
    Example:
      sela --db sqlite:///copy.db init
      sela --db sqlite:///copy.db import sela-2026-11-22.jsonl
    """
    from sela_workflow.aggregates.errors import InvalidInput

    from sela_workflow import audit
    from sela_workflow.application import count_events
    from sela_workflow.queries import refresh

    app = store.app()
    if count_events(app):
        raise InvalidInput("Import refused: the store already holds events; import into an "
                           "empty store (sela --db URL init).")
    bar = _progress("Verifying file", file.stat().st_size)
    try:
        with file.open(encoding="utf-8-sig") as f:
            lines = _counted(f, bar.update) if bar is not None else f
            _, events = audit.read_export(lines, app.mapper.transcoder)
    except UnicodeDecodeError:
        raise InvalidInput(f"Import refused: {file} is not a UTF-8 text file.") from None
    finally:
        if bar is not None:
            bar.render_finish()
    bar = _progress("Importing", len(events))
    if bar is not None:
        with bar:
            audit.import_events(app, events, progress=bar.update)
    else:
        audit.import_events(app, events)
    refresh(app)
    say(f"Imported {len(events)} events; run `sela audit verify` to check them in place.")


def _counted(lines: Any, update: Any) -> Any:
    """The file's lines, reporting the bytes read to the progress bar."""
    for text in lines:
        update(len(text.encode("utf-8")))
        yield text


@click.command("replay")
@click.argument("urn")
@click.option("--to-version", type=int, required=True, help="Replay up to this version.")
@output_options(csv_allowed=False)
@pass_store
def replay(store: Store, urn: str, to_version: int, as_json: bool) -> None:
    """Replay a school's record up to a version: the events and the state they give.

    \b
    Example:
      sela replay 190106 --to-version 12
    """
    from sela_workflow.timetravel import replay as run

    data = run(store.app(), urn, to_version)
    if as_json:
        emit_json(data)
        return
    from .common import emit_rows
    from .schools import STATUS_COLUMNS, emit_history

    emit_history(data["events"])
    click.echo("")
    emit_rows([data["status"]], STATUS_COLUMNS)


@click.group("key")
def key() -> None:
    """Encryption at rest: make a key for SELA_CIPHER_KEY.

    \b
    Example:
      sela key new
    """


@key.command("new")
def key_new() -> None:
    """Print a new random AES-256 key for SELA_CIPHER_KEY (keep it like a password).

    \b
    Example:
      export SELA_CIPHER_KEY=$(sela key new)
    """
    from eventsourcing.cipher import AESCipher

    click.echo(AESCipher.create_key(num_bytes=32))


def register(group: click.Group) -> None:
    from .read import audit

    audit.add_command(verify)
    audit.add_command(head)
    for command in (export, import_, replay, key):
        group.add_command(command)
