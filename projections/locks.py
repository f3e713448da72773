"""One lock order for everything that touches the read models, so nothing can deadlock.

Two locks, always taken in this order and held to the end of the transaction:

1. the **write lock** — every transaction that writes read models (a catch-up batch, a
   reset, a rebuild step) takes it first, so they run one at a time. On PostgreSQL it is one
   transaction-level advisory lock (not the tracking rows: locking several rows with
   ``UPDATE ... WHERE name IN (...)`` took them in whatever order the table scan met them,
   and two catch-ups deadlocked). On SQLite it is the database's own write lock, taken with
   ``BEGIN IMMEDIATE`` so that the DDL of a reset is inside the transaction (pysqlite would
   otherwise run a leading ``DROP TABLE`` outside it, in autocommit).
2. the **schema lock** (PostgreSQL only) — dropping a read-model table needs its ACCESS
   EXCLUSIVE lock, which waits for readers. A reader that holds one view table while asking
   for another could then deadlock with a reset holding the second and waiting for the first.
   So readers of several views take the schema lock *shared* before touching any table, and
   a reset takes it *exclusive* before dropping anything: one waits for the other.

SQLite needs no schema lock: readers see a snapshot and never block a writer in WAL mode.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

#: Advisory lock keys (any constants; they only need to be the same in every process).
WRITE_KEY = 0x5E1A_7001
SCHEMA_KEY = 0x5E1A_7002


def is_postgres(bind: Any) -> bool:
    return bind.dialect.name == "postgresql"


def take_write_lock(session: Session) -> None:
    """The first statement of every transaction that writes read models."""
    if is_postgres(session.get_bind()):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_KEY})
        return
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        dbapi.execute("BEGIN IMMEDIATE")  # waits (busy timeout) for any other writer


def take_schema_lock(session: Session, *, exclusive: bool) -> None:
    """Exclusive before dropping a view table; shared before reading several (PostgreSQL)."""
    if is_postgres(session.get_bind()):
        fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        session.execute(text(f"SELECT {fn}(:k)"), {"k": SCHEMA_KEY})


def begin_read(session: Session) -> None:
    """Start a read of the views: on PostgreSQL under the schema lock (shared), so no reset
    can empty the tables while they are read; on SQLite as one transaction, so every
    statement reads the same snapshot."""
    if is_postgres(session.get_bind()):
        take_schema_lock(session, exclusive=False)
        return
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        dbapi.execute("BEGIN")
