"""`sela export` and `sela import`: the record in an open format, and back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .audit import _known_school, _progress
from .common import Store, pass_store, say


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
    from sela_workflow import audit
    from sela_workflow.aggregates.errors import InvalidInput
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
