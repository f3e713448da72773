"""What `sela gias import` and `sela ofsted import` share: running an import with progress on
a terminal, the summary of each file (new, changed, unchanged, skipped with reason and line),
and the problems of a refused file, one line each."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

import click

from .common import Store, emit_json, say
from .text import clean

SKIPS_SHOWN = 50


def import_options(la_help: str) -> Callable[[Any], Any]:
    """The options both imports take: the LAs kept, a dry run, the file's encoding, --json."""
    from .common import output_options

    def decorate(f: Any) -> Any:
        for option in reversed((
                click.option("--la", "las", multiple=True, metavar="CODE", help=la_help),
                click.option("--dry-run", is_flag=True, help="Judge every step and print the "
                             "summary; record nothing."),
                click.option("--encoding", default=None, metavar="ENCODING",
                             help="Read a file re-saved in another encoding than as "
                                  "published, e.g. utf-8."),
                output_options(csv_allowed=False))):
            f = option(f)
        return f
    return decorate


class Bar:
    """A click progress bar on stderr while a terminal is attached, else nothing."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def start(self, total: int) -> None:
        self.close()
        if sys.stderr.isatty() and total > 200:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def run(store: Store, label: str, use_case: Callable[..., Any], dry_run: bool,
        as_json: bool) -> None:
    """Run an import use case and print what it did; refusals print each problem first."""
    from sela_workflow.published import ImportRefused, MalformedFile

    bar = Bar(label)
    app = store.app()
    try:
        outcome = use_case(app, dry_run=dry_run, progress=bar)
    except (MalformedFile, ImportRefused) as e:
        bar.close()
        if len(e.problems) > 1:
            for problem in e.problems:
                say(f"  {problem}")
        raise
    finally:
        bar.close()
    if outcome.written:
        _catch_up(store, app)
    if as_json:
        emit_json(as_data(outcome))
    else:
        emit_summary(outcome)


def _catch_up(store: Store, app: Any) -> None:
    """Bring the read models up to the import now (a large first import takes a while)."""
    from sela_workflow.projections.runner import all_projections, catch_up_all, positions

    views = all_projections(app)
    head = app.recorder.max_notification_id() or 0
    behind = head - min(positions(app.recorder.datastore.engine).values(), default=0)
    bar = Bar("Updating the views")
    bar.start(behind * len(views))
    try:
        catch_up_all(app, views, progress=bar.advance)
    except Exception:  # the import is stored; store.wrote() tries again and says so
        pass
    finally:
        bar.close()
    store.wrote()


def _when(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


def _kind(kind: str) -> str:
    return {"gias-establishments": "extract of", "gias-links": "links of",
            "ofsted-inspections": "as at"}.get(kind, kind)


def _echo(text: str) -> None:
    """A line of the summary: names, reasons and details come from the file, so cleaned."""
    click.echo("\n".join(clean(line) for line in text.split("\n")))


def emit_summary(outcome: Any) -> None:
    """Each file: name, date, hash; its counts; then every skip with its line and reason."""
    for record in outcome.files:
        c = record.counts
        _echo(f"{record.file_name} ({_kind(record.kind)} {_when(record.extract_date)}, "
                   f"sha256 {record.sha256[:16]}...)")
        noun = {"gias-links": "links", "ofsted-inspections": "inspections"}.get(record.kind,
                                                                                 "schools")
        skipped = [s for s in outcome.skipped if s.source == record.file_name]
        line = (f"  {noun}: new {c.new}, changed {c.changed}, unchanged {c.unchanged}, "
                f"skipped {len(skipped)}")
        if c.outside:
            line += f"; {c.outside} row{'s' if c.outside != 1 else ''} of other authorities"
        _echo(line)
        if skipped:
            _echo("  skipped:")
        for s in skipped[:SKIPS_SHOWN]:
            where = f"line {s.line}" if s.line else "-"
            detail = f" ({s.detail})" if s.detail else ""
            _echo(f"    {where:<9} URN {s.urn or '-':<7} {s.reason}{detail}")
        if len(skipped) > SKIPS_SHOWN:
            _echo(f"    ... and {len(skipped) - SKIPS_SHOWN} more (--json lists all)")
    for w in outcome.warnings:
        say(clean(f"warning: {w}"))
    if outcome.dry_run:
        say(f"Dry run: {outcome.events} events would be recorded; nothing was written.")
    elif outcome.written:
        say(f"Recorded {outcome.events} event{'s' if outcome.events != 1 else ''}, each "
            "citing its file; import recorded for "
            f"{', '.join(r.file_name for r in outcome.files)}.")
    else:
        say("Nothing to record: the register already holds everything these files say.")


def as_data(outcome: Any) -> dict[str, Any]:
    files = []
    for r in outcome.files:
        files.append({
            "kind": r.kind, "file_name": r.file_name,
            "extract_date": r.extract_date.isoformat() if r.extract_date else None,
            "sha256": r.sha256, "size": r.size, "rows": r.rows, "encoding": r.encoding,
            "reference": r.reference, "events": outcome.by_file.get(r.reference, 0),
            "counts": {"new": r.counts.new, "changed": r.counts.changed,
                       "unchanged": r.counts.unchanged,
                       "skipped": sum(1 for s in outcome.skipped if s.source == r.file_name),
                       "outside": r.counts.outside},
            "skipped": [{"line": s.line, "urn": s.urn, "reason": s.reason,
                         "detail": s.detail} for s in outcome.skipped
                        if s.source == r.file_name]})
    return {"dry_run": outcome.dry_run, "written": outcome.written, "events": outcome.events,
            "files": files, "warnings": outcome.warnings}
