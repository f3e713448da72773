"""Inserting many read-model rows at the driver's speed.

SQLAlchemy's Core ``insert`` with a list of dicts spends most of its time per row building
and processing parameters (about half of writing the audit trail in a rebuild). Here the
statement is compiled once, rows are plain tuples in the table's column order, and each
column's own bind processor (what SQLAlchemy would apply: SQLite keeps dates as ISO text)
runs only where the dialect has one. The driver's ``executemany`` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

Processor = Callable[..., Any]
_plans: dict[tuple[str, str, str], tuple[str, list[Processor | None]]] = {}


def _plan(table: Table, dialect: Any) -> tuple[str, list[Processor | None]]:
    key = (table.name, dialect.name, dialect.paramstyle)
    if key not in _plans:
        _plans[key] = _compile(table, dialect)
    return _plans[key]


def _compile(table: Table, dialect: Any) -> tuple[str, list[Processor | None]]:
    names = [c.name for c in table.columns]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
           f"VALUES ({', '.join([mark] * len(names))})")
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns]
    return sql, processors


def insert_rows(session: Session, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in ``table.columns`` order) in one executemany."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    sql, processors = _plan(table, dialect)
    converting = [(i, p) for i, p in enumerate(processors) if p is not None]
    if converting:
        rows = [_converted(row, converting) for row in rows]
    conn.exec_driver_sql(sql, list(rows))


def _converted(row: tuple[Any, ...], converting: list[tuple[int, Processor]]) -> tuple[Any, ...]:
    values = list(row)
    for i, process in converting:
        if values[i] is not None:
            values[i] = process(values[i])
    return tuple(values)
