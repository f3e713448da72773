"""Read-model tables. They live in the same database as the events and can be dropped at will."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

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

# -- casework: the pathway view, deadlines and category movements ----------------------------

#: Each school's folded state (aggregates/state/codec.py, encrypted like the events when a key
#: is set), so an event is applied to the school without replaying its history, and a
#: recording command judges against it (sela_workflow/cases.py).
school_state = Table(
    "sela_school_state",
    metadata,
    Column("school_id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("format", String(32), nullable=False),
    Column("state", LargeBinary, nullable=False),
)

pathway = Table(
    "sela_pathway",
    metadata,
    Column("urn", String(6), primary_key=True),
    Column("school_id", String(36), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("establishment_type", String(64), nullable=False, index=True),
    Column("phase", String(40), nullable=False, index=True),
    Column("category", String(1), nullable=True, index=True),
    Column("pathway", String(40), nullable=True, index=True),
    Column("statutory_state", String(60), nullable=False),
    Column("stage", String(60), nullable=False, index=True),
    Column("eligibility", Text, nullable=False),
    Column("powers", Text, nullable=False),
    Column("open_notices", Text, nullable=False),
    Column("officer", Text, nullable=True, index=True),
    Column("last_event", String(80), nullable=False),
    Column("last_effective_date", Date, nullable=False),
    Column("version", Integer, nullable=False),
    #: The first day on which this row would read differently with no new event (an IEB
    #: taking over or lapsing, a suspension taking effect): queries refresh it then.
    Column("valid_until", Date, nullable=True, index=True),
)

#: What the register holds of each school as plain values, for the GIAS and Ofsted imports to
#: compare a file with in one query (sela_workflow/imports/plan.py RegisteredSchool).
register = Table(
    "sela_register",
    metadata,
    Column("urn", String(6), primary_key=True),
    Column("school_id", String(36), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("establishment_type", String(64), nullable=False),
    Column("phase", String(40), nullable=False),
    Column("religious_character", String(16), nullable=False),
    Column("diocese", Text, nullable=False),
    Column("academy_trust", Text, nullable=False),
    Column("status", String(32), nullable=False),
    Column("la_code", String(3), nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("converted_to", String(6), nullable=True),
    #: JSON: [[urn, kind, name], ...] of the links recorded
    Column("links", Text, nullable=False),
    #: JSON: Ofsted inspection numbers and [start, published] pairs recorded
    Column("inspections", Text, nullable=False),
    Column("latest_inspection", Date, nullable=True),
    Column("ofsted_category", String(3), nullable=True),
)

deadlines = Table(
    "sela_deadlines",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("rule_id", String(8), nullable=False),
    Column("strength", String(12), nullable=False),
    Column("timer", String(32), nullable=False),
    Column("what", Text, nullable=False),
    Column("due", Date, nullable=True, index=True),
    Column("met_on", Date, nullable=True),
    Column("kind", String(12), nullable=False),
    #: Items that come round each term or year: due date and "met" worked out when read.
    Column("recurs", String(8), nullable=False),
    Column("anchor", String(16), nullable=False),
    Column("since", Date, nullable=True),
    Column("last", Date, nullable=True),
    #: The step that meets it (its verb) and the options known, rendered when read.
    Column("step", String(64), nullable=False),
    Column("options", Text, nullable=False),
    Column("officer", Text, nullable=True, index=True),
)

movements = Table(
    "sela_movements",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("from_category", String(1), nullable=True),
    Column("to_category", String(1), nullable=False),
    Column("effective_date", Date, nullable=False, index=True),
)

# -- audit trail: one row per event --------------------------------------------------------

audit_trail = Table(
    "sela_audit_trail",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("urn", String(6), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("event", String(80), nullable=False, index=True),
    Column("actor", Text, nullable=False, index=True),
    Column("role", String(40), nullable=False),
    Column("effective_date", Date, nullable=False, index=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("rules", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("documents", Text, nullable=False),
    Column("warnings", Text, nullable=False),
    Column("summary", Text, nullable=False),
)

# -- imports: one row per file imported (the authority's FileImported events) ----------------

imports = Table(
    "sela_imports",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("file_name", Text, nullable=False),
    Column("extract_date", Date, nullable=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("encoding", String(16), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("la_codes", Text, nullable=False),
    Column("new", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("outside", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("reference", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# -- chain head: the fold of every event's hash in log order ---------------------------------

chain_head = Table(
    "sela_chain_head",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("head", String(64), nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("position", BigInteger, nullable=False),
)
