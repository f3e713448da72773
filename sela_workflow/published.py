"""Importing the published files: `sela gias import` and `sela ofsted import`.

Read the files (imports/), plan them against the register as the read models hold it, turn
the plan into the officer's own commands (import_commands), judge every one in a `Batch` —
each against its school's record with the file's earlier steps in place, on its effective
date, by the same rules as by hand — then store every event together with one import record
per file (the authority's `FileImported` events) in one transaction. A malformed row or a
step the rules refuse stops the file: each is reported with its line and nothing is written.
A file that plans nothing writes nothing, not even an import record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventsourcing.persistence import IntegrityError, OperationalError

from .aggregates.errors import Conflict, DomainError, InvalidInput, NotNow
from .aggregates.events import FileImported
from .aggregates.identity import AUTHORITY_ID
from .batch import Batch
from .cases import chain_events
from .hints import render
from .import_commands import IMPORT_ROLE, Commands, Progress, envelope_for, gias_commands
from .import_commands import ofsted_commands as ofsted_works
from .imports import (
    GIAS_ESTABLISHMENTS,
    ImportFileError,
    ImportPlan,
    ImportRecord,
    Skipped,
    plan_gias,
    plan_ofsted,
    read_gias_extract,
    read_links,
    read_ofsted_mi,
)
from .projections.runner import collector_paused
from .register import Register, latest_extract, snapshot

ATTEMPTS = 3
LABELS = {"gias-establishments": "GIAS", "gias-links": "GIAS links",
          "ofsted-inspections": "Ofsted"}


class MalformedFile(InvalidInput):
    """The file holds rows it gets wrong (or cannot be read): nothing imported (exit 2)."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class ImportRefused(NotNow):
    """A step the rulebook refuses: the whole file is refused, nothing written (exit 1)."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass
class Outcome:
    """What an import did (or, in a dry run, would do)."""

    plan: ImportPlan
    skipped: list[Skipped]
    events: int  # school events recorded (or that would be)
    by_file: dict[str, int]  # events citing each file (its reference)
    dry_run: bool
    written: bool = False
    warnings: list[str] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)  # the FileImported events stored

    @property
    def files(self) -> tuple[ImportRecord, ...]:
        return self.plan.records


class _ImportBatch(Batch):
    """A batch that knows which schools the register holds (from the snapshot) instead of
    asking the store once per new school; a school registered meanwhile by someone else
    fails the save, and the import is planned again."""

    imported = True  # facts from a published file: judged by the importer's role today

    def __init__(self, app: Any, registered: Iterable[str]) -> None:
        super().__init__(app)
        self.registered = set(registered)

    def has_school(self, urn: str) -> bool:
        return urn in self.cases or urn in self.registered


class _Collected:
    """A file's events handed to the library as one object it collects them from, so that
    saving 25,000 events costs one of its per-object protocol checks, not 25,000."""

    def __init__(self, events: list[Any]) -> None:
        self.id = AUTHORITY_ID
        self._events = events

    def collect_events(self) -> list[Any]:
        return self._events


def _read(reader: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return reader(*args, **kwargs)
    except ImportFileError as e:
        raise MalformedFile(f"{e}. Nothing was imported.") from None
    except ValueError as e:  # LA codes
        raise InvalidInput(str(e)) from None


@collector_paused()
def import_gias(app: Any, extract: str | Path, links: str | Path | None = None, *,
                la_codes: Iterable[str], actor: str, dry_run: bool = False,
                progress: Progress | None = None, encoding: str | None = None) -> Outcome:
    """Import a GIAS extract (and its links file) into the register. ``encoding`` reads
    files known to be re-saved in another encoding than GIAS's cp1252."""
    read = _read(read_gias_extract, extract, la_codes=list(la_codes), encoding=encoding)
    linked = _read(read_links, links, encoding=encoding) if links is not None else None
    newest = latest_extract(app, GIAS_ESTABLISHMENTS)
    if newest and newest["extract_date"] > read.extract_date.isoformat():
        raise NotNow(f"{read.source.name} is the extract of {read.extract_date.isoformat()}, "
                     f"older than the one already imported ({newest['file_name']}, "
                     f"{newest['extract_date']}): importing it would undo later changes. "
                     "Import the newest extract.")

    def plan(register: Register) -> tuple[ImportPlan, Commands]:
        p = plan_gias(read, register.schools, links=linked)
        return p, gias_commands(p, register.schools)

    return _import(app, plan, actor=actor, dry_run=dry_run, progress=progress,
                   la_codes=sorted(read.la_codes))


@collector_paused()
def import_ofsted(app: Any, path: str | Path, *, la_codes: Iterable[str], actor: str,
                  dry_run: bool = False, progress: Progress | None = None,
                  encoding: str | None = None) -> Outcome:
    """Import an Ofsted "latest inspections" MI file for the schools the register holds."""
    read = _read(read_ofsted_mi, path, encoding=encoding)
    codes = sorted(set(la_codes))

    def plan(register: Register) -> tuple[ImportPlan, Commands]:
        p = _read(plan_ofsted, read, register.schools, la_codes=codes)
        return p, ofsted_works(p, register.begins)

    return _import(app, plan, actor=actor, dry_run=dry_run, progress=progress, la_codes=codes)


def _import(app: Any, plan: Any, *, actor: str, dry_run: bool, progress: Progress | None,
            la_codes: list[str]) -> Outcome:
    for attempt in range(1, ATTEMPTS + 1):
        register = snapshot(app)
        planned, commands = plan(register)
        if planned.malformed:
            problems = [str(s) for s in planned.malformed]
            raise MalformedFile(_several(problems, "malformed row") + "; nothing was "
                                "imported. Download the file again; do not re-save it in a "
                                "spreadsheet.", problems)
        if progress is not None:
            progress.start(len(commands.works))
        try:
            return _record(app, planned, commands, register, actor=actor, dry_run=dry_run,
                           progress=progress, la_codes=la_codes)
        except (IntegrityError, OperationalError) as e:
            if isinstance(e, OperationalError) and "locked" not in str(e).lower():
                raise
            if attempt == ATTEMPTS:
                raise Conflict(f"Conflict: the register was changed by someone else while "
                               f"importing, {ATTEMPTS} times. Nothing was imported; try "
                               "again.") from e
    raise AssertionError("unreachable")


def _record(app: Any, plan: ImportPlan, commands: Commands, register: Register, *, actor: str,
            dry_run: bool, progress: Progress | None, la_codes: list[str]) -> Outcome:
    references = {r.file_name: r.reference for r in plan.records}
    kinds = {r.file_name: r.kind for r in plan.records}
    batch = _ImportBatch(app, register.schools)
    refused: list[str] = []
    failed: set[str] = set()
    by_file: Counter[str] = Counter()
    for work in commands.works:
        if progress is not None:
            progress.advance(1)
        if work.urn in failed:
            continue  # its later steps would only repeat the refusal
        envelope = envelope_for(work, actor, references[work.source],
                                LABELS.get(kinds[work.source], "Import"))
        try:
            recorded = batch.handle(work.build(), envelope)
        except DomainError as e:
            failed.add(work.urn)
            where = f"{work.source} line {work.line}" if work.line else work.source
            text = e.render(lambda step, options, urn=work.urn: render(step, urn, options))
            text = " ".join(text.split()).rstrip(".")
            refused.append(f"{where} URN {work.urn} ({work.what}): {text}")
            continue
        by_file[references[work.source]] += len(recorded.events)
    if refused:
        raise ImportRefused(_several(refused, "refused step") + "; nothing was imported. "
                            "Record what the refusal asks first, then import the file again.",
                            refused)
    events = batch.events
    skipped = sorted([*plan.skipped, *commands.skipped],
                     key=lambda s: (s.source, s.line or 0, s.urn))
    outcome = Outcome(plan, skipped, len(events), dict(by_file), dry_run,
                      warnings=list(plan.warnings))
    if dry_run or not events:
        return outcome
    records = _file_records(app, plan, skipped, by_file, actor, la_codes)
    app.save(_Collected([*events, *records]))
    outcome.written, outcome.records = True, records
    return outcome


def _several(problems: list[str], what: str) -> str:
    """One problem in full; several counted (each is printed on its own line before it)."""
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} {what}s (listed above)"


def _file_records(app: Any, plan: ImportPlan, skipped: list[Skipped], by_file: Counter[str],
                  actor: str, la_codes: list[str]) -> list[Any]:
    """One FileImported event per file read, chained onto the authority's record."""
    from .aggregates.envelope import Envelope

    version, prev = 0, None
    last = app.recorder.select_events(AUTHORITY_ID, desc=True, limit=1)
    if last:
        event = app.mapper.to_domain_event(last[0])
        version, prev = event.originator_version, event.hash
    today = app.today()
    data = []
    for r in plan.records:
        reasons = Counter(s.reason for s in skipped if s.source == r.file_name)
        c = r.counts
        data.append((FileImported, {
            "kind": r.kind, "file_name": r.file_name, "extract_date": r.extract_date,
            "sha256": r.sha256, "size": r.size, "encoding": r.encoding, "rows": r.rows,
            "la_codes": la_codes,
            "counts": {"new": c.new, "changed": c.changed, "unchanged": c.unchanged,
                       "skipped": sum(reasons.values()), "outside": c.outside},
            "skipped": dict(reasons), "events": by_file.get(r.reference, 0),
            "reference": r.reference}))
    envelope = Envelope(actor=actor, role=IMPORT_ROLE, effective_date=today,
                        reason=f"{LABELS.get(plan.records[0].kind, 'File')} import",
                        documents=tuple(r.reference for r in plan.records))
    return chain_events(data, envelope, AUTHORITY_ID, version, prev)

