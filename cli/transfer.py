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
              default=None, help="Write to this file instead of stdout (never over an existing "
              "file unless --force).")
@click.option("--force", is_flag=True, help="Replace the --out file if it exists.")
@pass_store
def export(store: Store, urn: str | None, out: Path | None, force: bool) -> None:
    """Write the record as JSON lines: a header, then every event with its hashes.

    \b
    Example:
      sela export > sela-2026-11-22.jsonl
      sela export 190106 --out 190106.jsonl
    """
    import os
    import tempfile

    from sela_workflow import audit

    if out is not None and not out.name:
        raise click.UsageError("--out needs a file name, e.g. --out record.jsonl")
    if out is not None and not out.parent.is_dir():
        raise click.UsageError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    if out is not None and (out.exists() or out.is_symlink()) and not force:
        raise click.UsageError(f"{out} already exists: choose another file, or add --force to "
                               "replace it.")
    app = store.app()
    if urn:
        urn = _known_school(app, urn)
    result = audit.export(app, urn)
    partial: Path | None = None
    target: Any = sys.stdout
    if out is not None:
        # A fresh name beside the target, created exclusively: a planted file or symlink
        # is never followed; the whole export replaces ``out`` only when complete.
        try:
            fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial",
                                        dir=out.parent)
        except OSError as e:
            raise click.ClickException(f"Cannot write {out}: {e.strerror}.") from None
        partial = Path(name)
        target = os.fdopen(fd, "w", encoding="utf-8")
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
      sela --db sqlite:///copy.db import sela-2026-11-22.jsonl

    The file brings its own register of people: import into a new store, not one made by
    `sela init`.
    """
    from sela_workflow import audit
    from sela_workflow.aggregates.errors import InvalidInput
    from sela_workflow.application import count_events
    from sela_workflow.grants import make_append_only_if_shared
    from sela_workflow.store import is_initialised, open_app

    if not is_initialised(store.url):
        open_app(store.url, create=True).close()
    app = store.app()
    if count_events(app):
        raise InvalidInput("Import refused: the store already holds events (sela init records "
                           "its first administrator); import into a new, empty store.")
    bar = _progress("Verifying file", file.stat().st_size)
    try:
        with file.open(encoding="utf-8-sig") as f:
            lines = _counted(f, bar.update) if bar is not None else f
            _, events = audit.read_export(lines, app.mapper.transcoder)
    except UnicodeDecodeError:
        raise InvalidInput(f"Import refused: {file} is not a UTF-8 text file.") from None
    except OSError as e:
        raise InvalidInput(f"Import refused: cannot read {file} ({e.strerror}).") from None
    finally:
        if bar is not None:
            bar.render_finish()
    bar = _progress("Importing", len(events))
    if bar is not None:
        with bar:
            audit.import_events(app, events, progress=bar.update)
    else:
        audit.import_events(app, events)
    make_append_only_if_shared(app)
    store.wrote()  # saved: the catch-up can only add a note, never turn this into a failure
    say(f"Imported {len(events)} events; run `sela audit verify` to check them in place.")


def _counted(lines: Any, update: Any) -> Any:
    """The file's lines, reporting the bytes read to the progress bar."""
    for text in lines:
        update(len(text.encode("utf-8")))
        yield text
