"""Changing a store behind SELA's back, as an intruder with the table owner's SQL access
would: on PostgreSQL they must first lift the append-only triggers (docs/security.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text


def raw(url: str, sql: str, **params: Any) -> list[Any]:
    """Run ``sql`` directly; a write to the event table on PostgreSQL lifts its triggers for
    the one transaction, as only the owner could."""
    engine = create_engine(url)
    lift = engine.dialect.name == "postgresql" and "sela_events" in sql.lower() \
        and not sql.lstrip().lower().startswith("select")
    try:
        with engine.begin() as conn:
            if lift:
                conn.execute(text("ALTER TABLE sela_events DISABLE TRIGGER USER"))
            result = conn.execute(text(sql), params)
            rows = result.all() if result.returns_rows else []
            if lift:
                conn.execute(text("ALTER TABLE sela_events ENABLE TRIGGER USER"))
        return rows
    finally:
        engine.dispose()
