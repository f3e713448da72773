"""Read-model tables. They live in the same database as the events and can be dropped at will."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

#: One row per projection: how far through the log it is, and which schema built it.
projection_state = Table(
    "sela_projections",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=True),
)

school_status = Table(
    "sela_status",
    metadata,
    Column("urn", String(6), primary_key=True),
    Column("school_id", String(36), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("establishment_type", String(40), nullable=False),
    Column("phase", String(40), nullable=False),
    Column("category", String(1), nullable=True, index=True),
    Column("pathway", String(40), nullable=True, index=True),
    Column("statutory_state", String(60), nullable=False),
    Column("last_event", String(80), nullable=False),
    Column("last_effective_date", Date, nullable=False),
    Column("version", Integer, nullable=False),
)
