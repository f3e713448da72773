"""Catch-up and rebuild: apply the log to each projection exactly once.

Each batch is one database transaction that (1) takes a write lock on the projection's
tracking row, (2) reads the events after the recorded position, (3) folds them into the
tables and (4) advances the position. A crash anywhere rolls all four back, so nothing is
applied twice and nothing is skipped (libraries.md §1.16). We keep our own tracking table,
one row per projection, rather than the library's tracking recorder, whose rows are keyed by
upstream application and so cannot hold a position for several views (libraries.md §3.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine, inspect, select, update
from sqlalchemy.orm import Session

from .audit import AuditProjection
from .base import Projection
from .casework import CaseworkProjection
from .tables import metadata, projection_state

BATCH = 500


def all_projections(app: Any) -> list[Projection]:
    return [CaseworkProjection(app), AuditProjection(app)]


def ensure_schema(engine: Engine, projections: Iterable[Projection]) -> list[str]:
    """Create missing read tables; drop and reset any projection whose version changed.

    Returns the names of projections that will be rebuilt from the start of the log.
    """
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
    return sum(catch_up(app, p, progress=progress) for p in projections)


def catch_up(app: Any, projection: Projection, *, batch: int = BATCH,
             progress: Callable[[int], None] | None = None) -> int:
    """Apply every event after the projection's position; return how many were applied."""
    applied = 0
    while True:
        n = _apply_batch(app, projection, batch)
        applied += n
        if progress and n:
            progress(n)
        if n < batch:
            return applied


def _apply_batch(app: Any, projection: Projection, batch: int) -> int:
    state = projection_state.c
    with app.recorder.transaction(commit=True) as session:
        # Writing the tracking row first takes its lock (a row lock on PostgreSQL, the write
        # lock on SQLite), so two catch-ups of the same projection run one after the other.
        session.execute(update(projection_state).where(state.name == projection.name)
                        .values(name=projection.name))
        position = session.execute(select(state.position)
                                   .where(state.name == projection.name)).scalar_one()
        projection.before_batch(session)
        notifications = app.recorder.select_notifications(
            start=position, limit=batch, inclusive_of_start=False)
        projection.apply_batch(session, [(app.mapper.to_domain_event(n), n.id)
                                         for n in notifications])
        if notifications:
            session.execute(update(projection_state).where(state.name == projection.name)
                            .values(position=notifications[-1].id,
                                    updated_at=dt.datetime.now(dt.UTC)))
        return len(notifications)


def positions(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {r.name: r.position for r in session.execute(select(projection_state))}
