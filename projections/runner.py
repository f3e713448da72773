"""Catch-up and rebuild: apply the log to each projection exactly once.

Each batch is one database transaction that (1) takes a write lock on the projections'
tracking rows, (2) reads the events after the lowest recorded position, (3) gives each
projection the events after its own position and (4) advances each position. A crash anywhere
rolls all of it back, so nothing is applied twice and nothing is skipped (libraries.md §1.16).
The log is read and decoded once per batch for all projections.

We keep our own tracking table, one row per projection, rather than the library's tracking
recorder, whose rows are keyed by upstream application and so cannot hold a position for
several views (libraries.md §3.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Engine, inspect, select, update
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from sela_workflow.aggregates.errors import IntegrityFailure

from .base import Projection
from .registry import VERSIONS
from .tables import metadata, projection_state

BATCH = 2000
REBUILD_BATCH = 10000


def all_projections(app: Any) -> list[Projection]:
    from .audit import AuditProjection
    from .casework import CaseworkProjection
    from .chain import ChainProjection
    from .imports import ImportsProjection

    return [CaseworkProjection(app), AuditProjection(app), ChainProjection(app),
            ImportsProjection(app)]


def _known_versions(engine: Engine) -> dict[str, int] | None:
    try:
        with engine.connect() as conn:
            return {r.name: r.version for r in conn.execute(select(projection_state))}
    except (OperationalError, ProgrammingError):
        return None  # no tracking table yet


def ensure_current(engine: Engine, app: Any) -> list[str]:
    """ensure_schema for the registered projections; one query when all are current."""
    if _known_versions(engine) == VERSIONS:
        return []
    return ensure_schema(engine, all_projections(app))


def up_to_date(app: Any) -> bool:
    """Whether every registered projection has applied the whole log (two cheap queries)."""
    table = app.recorder.events_record_cls.__table__
    with app.recorder.datastore.engine.connect() as conn:
        head = conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar()
        at = dict(conn.execute(select(projection_state.c.name,
                                      projection_state.c.position)).all())
    return all(at.get(n) == (head or 0) for n in VERSIONS)


def ensure_schema(engine: Engine, projections: Iterable[Projection]) -> list[str]:
    """Create missing read tables; drop and reset any projection whose version changed.

    Returns the names of projections that will be rebuilt from the start of the log. The
    common case (every version current) costs one query.
    """
    projections = list(projections)
    known = _known_versions(engine)
    if known is not None and all(known.get(p.name) == p.version for p in projections):
        return []
    projection_state.create(engine, checkfirst=True)
    reset: list[str] = []
    with Session(engine) as session, session.begin():
        known = {row.name: row.version for row in session.execute(select(projection_state))}
        for p in projections:
            if known.get(p.name) == p.version and all(
                    inspect(session.connection()).has_table(t.name) for t in p.tables):
                continue
            for table in p.tables:
                table.drop(session.connection(), checkfirst=True)
                table.create(session.connection())
            session.execute(projection_state.delete().where(projection_state.c.name == p.name))
            session.execute(projection_state.insert().values(
                name=p.name, version=p.version, position=0,
                updated_at=dt.datetime.now(dt.UTC)))
            reset.append(p.name)
    return reset


def rebuild(app: Any, projections: Iterable[Projection],
            progress: Callable[[int], None] | None = None) -> int:
    """Drop and refill the projections' tables from the whole log."""
    projections = list(projections)
    engine = app.recorder.datastore.engine
    with Session(engine) as session, session.begin():
        for p in projections:
            for table in p.tables:
                table.drop(session.connection(), checkfirst=True)
            session.execute(projection_state.delete().where(projection_state.c.name == p.name))
    metadata.create_all(engine, checkfirst=True)
    ensure_schema(engine, projections)
    # Bulk load: fill the tables without their secondary indexes, in larger batches, then
    # build the indexes once (far cheaper than maintaining them row by row).
    indexes = [ix for p in projections for t in p.tables for ix in t.indexes]
    with engine.begin() as conn:
        for ix in indexes:
            ix.drop(conn)
    try:
        return catch_up_all(app, projections, batch=REBUILD_BATCH, progress=progress)
    finally:
        with engine.begin() as conn:
            for ix in indexes:
                ix.create(conn, checkfirst=True)


def catch_up(app: Any, projection: Projection, *, batch: int = BATCH,
             progress: Callable[[int], None] | None = None) -> int:
    """Apply every event after the projection's position; return how many were applied."""
    return catch_up_all(app, [projection], batch=batch, progress=progress)


def catch_up_all(app: Any, projections: Iterable[Projection], *, batch: int = BATCH,
                 progress: Callable[[int], None] | None = None) -> int:
    """Bring several projections to the head of the log, reading the log once."""
    projections = list(projections)
    applied = 0
    while True:
        n, read = _apply_batch(app, projections, batch)
        applied += n
        if progress and n:
            progress(n)
        if read < batch:
            return applied


def _read(app: Any, session: Session, after: int, limit: int) -> list[tuple[Any, int]]:
    """Events after ``after``, decoded, with their positions (a plain Core select)."""
    table = app.recorder.events_record_cls.__table__
    c = table.c
    rows = session.execute(select(c.id, c.originator_id, c.originator_version, c.topic, c.state)
                           .where(c.id > after).order_by(c.id).limit(limit)).all()
    to_event = app.mapper.to_domain_event
    try:
        return [(to_event(StoredEvent(originator_id=r.originator_id,
                                      originator_version=r.originator_version, topic=r.topic,
                                      state=bytes(r.state))), r.id) for r in rows]
    except Exception as e:  # a row altered outside SELA no longer decodes: exit 3, not a crash
        raise IntegrityFailure(f"Integrity check failed: a stored event after position {after} "
                               f"cannot be read ({type(e).__name__}); run `sela audit verify` "
                               "to name it.") from None


def _apply_batch(app: Any, projections: list[Projection], batch: int) -> tuple[int, int]:
    state = projection_state.c
    names = [p.name for p in projections]
    with app.recorder.transaction(commit=True) as session:
        # Writing the tracking rows first takes their locks (row locks on PostgreSQL, the
        # write lock on SQLite), so two catch-ups of the same projection run one after the
        # other.
        session.execute(update(projection_state).where(state.name.in_(names))
                        .values(name=state.name))
        at = dict(session.execute(select(state.name, state.position)
                                  .where(state.name.in_(names))).all())
        start = min(at[name] for name in names)
        events = _read(app, session, start, batch)
        applied = 0
        for p in projections:
            p.before_batch(session)
            mine = [(e, pos) for e, pos in events if pos > at[p.name]]
            if mine:
                p.apply_batch(session, mine)
                session.execute(update(projection_state).where(state.name == p.name)
                                .values(position=mine[-1][1],
                                        updated_at=dt.datetime.now(dt.UTC)))
                applied += len(mine)
        return applied, len(events)


def positions(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {r.name: r.position for r in session.execute(select(projection_state))}
