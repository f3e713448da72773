"""Catch-up and rebuild: apply the log to each projection exactly once, never deadlocking.

Each batch is one database transaction that (1) takes the read models' write lock (locks.py:
one advisory lock on PostgreSQL, the database write lock on SQLite — one lock, so no two
catch-ups can wait for each other), (2) reads the projections' tracking rows, (3) reads the
events after the lowest position, (4) gives each projection the events after its own position
and (5) advances each position. A crash anywhere rolls all of it back, so nothing is applied
twice and nothing is skipped (libraries.md §1.16). The log is read and decoded once per batch
for all projections.

A rebuild does not drop and refill in one go: it resets the projections (schema.py: emptied,
secondary indexes dropped, marked *refilling*) in one short transaction, then refills them in
large batches like any catch-up. Anyone who catches up meanwhile continues the same refill,
and the batch that reaches the head builds the indexes and marks the projection live. So a
rebuild can run while officers record, and one killed at any moment is finished by the next
command.

We keep our own tracking table, one row per projection, rather than the library's tracking
recorder, whose rows are keyed by upstream application and so cannot hold a position for
several views (libraries.md §3.4).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import PersistenceError
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from . import schema
from .base import Projection
from .locks import take_write_lock
from .log import read_events
from .registry import VERSIONS
from .tables import metadata, projection_state

#: Every read-model table (for the up-to-date check, which must not import the domain).
VIEW_TABLES = [t for t in metadata.sorted_tables if t is not projection_state]

BATCH = 2000
REBUILD_BATCH = 10000


def all_projections(app: Any) -> list[Projection]:
    from .audit import AuditProjection
    from .casework import CaseworkProjection
    from .chain import ChainProjection
    from .imports import ImportsProjection

    return [CaseworkProjection(app), AuditProjection(app), ChainProjection(app),
            ImportsProjection(app)]


def up_to_date(app: Any) -> bool:
    """Whether every registered projection is live, has applied the whole log and has all
    its tables (three cheap queries, no domain import)."""
    table = app.recorder.events_record_cls.__table__
    try:
        with app.recorder.datastore.engine.connect() as conn:
            head = conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar()
            at = {r.name: (r.version, r.position) for r in conn.execute(
                select(projection_state.c.name, projection_state.c.version,
                       projection_state.c.position))}
            if any(at.get(n) != (v, head or 0) for n, v in VERSIONS.items()):
                return False
            return schema.all_there(conn, VIEW_TABLES)  # no projection (domain) imported
    except (OperationalError, ProgrammingError):
        return False


def ensure_schema(engine: Engine, projections: Iterable[Projection]) -> list[str]:
    """Reset every projection whose tables are missing or whose schema version changed; return
    their names. They are then refilled by the next catch-up (and made live at its end)."""
    projections = list(projections)
    schema.ensure_tracking_table(engine)
    with Session(engine) as session, session.begin():
        take_write_lock(session)
        return _reset_stale(session, projections, check_tables=True)


def _reset_stale(session: Session, projections: list[Projection], *,
                 check_tables: bool) -> list[str]:
    rows = schema.tracking(session, [p.name for p in projections])
    stale = [p for p in projections
             if schema.state_of(getattr(rows.get(p.name), "version", None), p) == schema.RESET]
    if check_tables:
        stale += [p for p in schema.missing_tables(session, projections) if p not in stale]
    return schema.reset(session, stale)


def rebuild(app: Any, projections: Iterable[Projection],
            progress: Callable[[int], None] | None = None) -> int:
    """Empty the projections and refill them from the whole log (see the module's doc)."""
    projections = list(projections)
    engine = app.recorder.datastore.engine
    schema.ensure_tracking_table(engine)
    with app.recorder.transaction(commit=True) as session:
        take_write_lock(session)
        schema.reset(session, projections)
    return catch_up_all(app, projections, batch=REBUILD_BATCH, progress=progress)


def catch_up(app: Any, projection: Projection, *, batch: int = BATCH,
             progress: Callable[[int], None] | None = None) -> int:
    """Apply every event after the projection's position; return how many were applied."""
    return catch_up_all(app, [projection], batch=batch, progress=progress)


def catch_up_all(app: Any, projections: Iterable[Projection], *, batch: int = BATCH,
                 progress: Callable[[int], None] | None = None) -> int:
    """Bring several projections to the head of the log, reading the log once per batch."""
    projections = list(projections)
    applied = 0
    repaired = False
    with app.recorder.datastore.engine.connect() as conn:
        if not schema.all_there(conn, [t for p in projections for t in p.tables]):
            ensure_schema(app.recorder.datastore.engine, projections)  # dropped outside SELA
            repaired = True
    with collector_paused():
        while True:
            try:
                n, more = _apply_batch(app, projections, batch)
            except (OperationalError, ProgrammingError, PersistenceError) as e:
                if repaired or not _is_missing_table(e):
                    raise
                repaired = True  # a view table was dropped outside SELA: reset and refill it
                ensure_schema(app.recorder.datastore.engine, projections)
                continue
            applied += n
            if progress and n:
                progress(n)
            if not more:
                return applied
            gc.collect(1)  # the batch's own cycles (its session...), a few objects by now


def _is_missing_table(e: Exception) -> bool:
    text = str(e).lower()
    return "no such table" in text or "does not exist" in text or "undefinedtable" in text


@contextmanager
def collector_paused() -> Any:
    """No cyclic garbage collection for bulk work (a rebuild's batches, an import's file):
    it makes many small objects and few cycles, and the collector's passes over them cost
    about a third of a rebuild and a fifth of a large import. Reference counting still frees
    what is dropped; a rebuild collects the young generations between batches, when little is
    left alive, so memory stays flat."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
            gc.collect(1)


def _apply_batch(app: Any, projections: list[Projection], limit: int) -> tuple[int, bool]:
    """One batch in one transaction; returns (applications, whether to go on)."""
    state = projection_state.c
    with app.recorder.transaction(commit=True) as session:
        take_write_lock(session)
        rows = schema.tracking(session, [p.name for p in projections])
        states = {p.name: schema.state_of(getattr(rows.get(p.name), "version", None), p)
                  for p in projections}
        if schema.RESET in states.values():
            _reset_stale(session, projections, check_tables=False)
            return 0, True  # commit the reset (it holds the schema lock), then refill
        refilling = [p for p in projections if states[p.name] == schema.REFILLING]
        if refilling:
            limit = max(limit, REBUILD_BATCH)
        at = {p.name: rows[p.name].position for p in projections}
        start = min(at.values())
        events = read_events(app, session, start, limit)
        applied = 0
        for p in projections:
            p.before_batch(session)
            mine = [(e, pos) for e, pos in events if pos > at[p.name]]
            values: dict[str, Any] = {"updated_at": schema.now()}
            if mine:
                p.apply_batch(session, mine)
                values["position"] = mine[-1][1]
                applied += len(mine)
            if mine or p in refilling:
                session.execute(update(projection_state).where(state.name == p.name)
                                .values(**values))
        at_head = len(events) < limit
        if at_head:
            for p in refilling:
                schema.finish(session, p)
        return applied, not at_head


def refilling_elsewhere(app: Any) -> bool:
    """Whether a rebuild is running in another process right now (writers then leave the
    catch-up to it rather than queue behind its batches)."""
    return schema.refilling_elsewhere(app.recorder.datastore.engine, VERSIONS)


def positions(engine: Engine) -> dict[str, int]:
    """Each registered projection's position in the log, in the registry's order."""
    with Session(engine) as session:
        found = {r.name: r.position for r in session.execute(
            select(projection_state).where(projection_state.c.name.in_(list(VERSIONS))))}
    return {name: found[name] for name in VERSIONS if name in found}
