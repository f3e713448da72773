"""The read models' tables and their state: live, being refilled, or to be reset.

Each projection's tracking row says which state it is in, through its ``version``:

- ``version == v`` (the projection's schema version): **live** — tables and indexes complete,
  kept current event by event;
- ``version == -v``: **refilling** for schema v — the tables were emptied (or created) without
  their secondary indexes and are being refilled from the log in large batches; whoever
  catches up next carries on from the recorded position, and the batch that reaches the head
  of the log builds the indexes and sets ``v`` in the same transaction;
- anything else, or no row, or a missing table: **to reset** — dropped and recreated empty,
  then refilled.

Every change of state happens in one transaction together with the tables it describes
(PostgreSQL and SQLite both run DDL transactionally here, see locks.py), so a process killed at
any point leaves each projection live or refilling, never half-built: the next command that
catches up finishes the job, indexes included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import nullcontext as _nothing
from typing import Any

from sqlalchemy import Engine, inspect, select, text, update
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateIndex, CreateTable, DropTable

from .base import Projection
from .locks import WRITE_KEY, is_postgres, take_schema_lock
from .tables import projection_state

LIVE, REFILLING, RESET = "live", "refilling", "reset"


def state_of(version: int | None, projection: Projection) -> str:
    if version == projection.version:
        return LIVE
    if version == -projection.version:
        return REFILLING
    return RESET


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def ensure_tracking_table(engine: Engine) -> None:
    """Create the tracking table if it is missing (idempotent; safe with concurrent callers)."""
    with engine.begin() as conn:
        if is_postgres(conn):  # concurrent CREATE ... IF NOT EXISTS can still collide there
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_KEY})
        conn.execute(CreateTable(projection_state, if_not_exists=True))


def tracking(session: Session, names: Iterable[str]) -> dict[str, Any]:
    """The tracking rows of these projections, by name."""
    c = projection_state.c
    return {r.name: r for r in session.execute(
        select(c.name, c.version, c.position, c.updated_at).where(c.name.in_(list(names))))}


def reset(session: Session, projections: Iterable[Projection]) -> list[str]:
    """Drop and recreate these projections' tables empty, without secondary indexes, and mark
    them refilling from position 0. The caller holds the write lock."""
    projections = list(projections)
    if not projections:
        return []
    take_schema_lock(session, exclusive=True)
    conn = session.connection()
    names = [p.name for p in projections]
    for p in projections:
        for table in reversed(p.tables):
            conn.execute(DropTable(table, if_exists=True))
        for table in p.tables:
            conn.execute(CreateTable(table))
    session.execute(projection_state.delete().where(projection_state.c.name.in_(names)))
    session.execute(projection_state.insert(), [
        {"name": p.name, "version": -p.version, "position": 0, "updated_at": now()}
        for p in projections])
    return names


def finish(session: Session, projection: Projection) -> None:
    """Build the secondary indexes and make the projection live (end of a refill)."""
    conn = session.connection()
    for table in projection.tables:
        for index in sorted(table.indexes, key=lambda ix: ix.name or ""):
            conn.execute(CreateIndex(index, if_not_exists=True))
    session.execute(update(projection_state).where(projection_state.c.name == projection.name)
                    .values(version=projection.version, updated_at=now()))


def all_there(conn: Any, tables: Iterable[Any]) -> bool:
    """Whether every one of these tables exists: one cheap statement, which fails if any is
    missing (a table dropped outside SELA)."""
    names = [t.name for t in tables]
    probe = " UNION ALL ".join(f"SELECT 1 FROM {name} WHERE 1 = 0" for name in names)
    try:
        with conn.begin_nested() if conn.in_transaction() else _nothing():
            conn.execute(text(probe)).all()
        return True
    except (OperationalError, ProgrammingError):
        return False


def missing_tables(session: Session, projections: Iterable[Projection]) -> list[Projection]:
    """Projections one of whose tables is gone (dropped outside SELA): they are reset."""
    inspector = inspect(session.connection())
    have = set(inspector.get_table_names())
    return [p for p in projections if any(t.name not in have for t in p.tables)]


def refilling_elsewhere(engine: Engine, names: Iterable[str], within: float = 30.0) -> bool:
    """Whether some projection is being refilled by a process that was at it a moment ago
    (its tracking row moved within ``within`` seconds): a rebuild is running."""
    cutoff = now() - dt.timedelta(seconds=within)
    try:
        with Session(engine) as session:
            rows = tracking(session, names).values()
    except Exception:
        return False
    for row in rows:
        if row.version is not None and row.version < 0 and row.updated_at is not None:
            moved = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(
                tzinfo=dt.UTC)
            if moved >= cutoff:
                return True
    return False
