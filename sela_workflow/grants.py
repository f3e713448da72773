"""Least privilege on PostgreSQL: group roles for reading, writing and administering a store,
and an event table that refuses UPDATE, DELETE and TRUNCATE for everyone (docs/security.md).

GRANTs alone cannot make the event table append-only: eventsourcing-sqlalchemy takes
``LOCK TABLE sela_events IN EXCLUSIVE MODE`` before each insert, and PostgreSQL allows that
lock only to a role with UPDATE, DELETE or TRUNCATE on the table. So writers are granted
UPDATE for the lock, and a row trigger refuses every actual UPDATE or DELETE, the owner's
included; a statement trigger refuses TRUNCATE. Lifting the triggers takes the table's owner
(``ALTER TABLE ... DISABLE TRIGGER``) — a deliberate act that `sela audit verify` and an
anchored chain head (`sela audit head`) still expose afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

EVENTS = "sela_events"
#: The three group roles a login is put into.
GROUPS = {"read": "sela_read", "write": "sela_write", "admin": "sela_admin"}

APPEND_ONLY = [
    """CREATE OR REPLACE FUNCTION sela_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'SELA events are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Record a correction as a new event (sela record ...).';
    END $$""",
    f"""CREATE OR REPLACE TRIGGER sela_events_append_only BEFORE UPDATE OR DELETE ON {EVENTS}
        FOR EACH ROW EXECUTE FUNCTION sela_refuse_change()""",
    f"""CREATE OR REPLACE TRIGGER sela_events_no_truncate BEFORE TRUNCATE ON {EVENTS}
        FOR EACH STATEMENT EXECUTE FUNCTION sela_refuse_change()""",
]


def is_postgres(engine: Any) -> bool:
    return bool(engine.dialect.name == "postgresql")


def make_append_only(engine: Any) -> None:
    """Install (or refresh) the triggers that keep the event table append-only."""
    with engine.begin() as conn:
        for statement in APPEND_ONLY:
            conn.execute(text(statement))


def make_append_only_if_shared(app: Any) -> None:
    """On PostgreSQL, install the append-only triggers on a store just created (init, demo,
    import); nothing on the embedded store, which has one user."""
    engine = getattr(app.recorder.datastore, "engine", None)
    if engine is not None and is_postgres(engine):
        make_append_only(engine)


def _tables(conn: Any) -> list[str]:
    rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = "
                             "current_schema() AND tablename LIKE 'sela\\_%'"))
    return sorted(r[0] for r in rows)


def _sequences(conn: Any) -> list[str]:
    rows = conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = "
                             "current_schema() AND sequencename LIKE 'sela\\_%'"))
    return sorted(r[0] for r in rows)


def _ensure_group(conn: Any, name: str) -> None:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    if exists.first() is None:
        conn.execute(text(f'CREATE ROLE "{name}" NOLOGIN'))


def ensure_groups(engine: Any) -> None:
    """Create the three group roles and give each what it needs on today's tables: read =
    SELECT; write = read + INSERT (and UPDATE for the insert lock) on the event table and
    what catching up the read models needs; admin = write + ownership of every table."""
    with engine.begin() as conn:
        for name in GROUPS.values():
            _ensure_group(conn, name)
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        tables, sequences = _tables(conn), _sequences(conn)
        views = [t for t in tables if t != EVENTS]
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO sela_read'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO sela_read'))
        for t in tables:
            conn.execute(text(f'REVOKE ALL ON "{t}" FROM PUBLIC'))
            conn.execute(text(f'GRANT SELECT ON "{t}" TO sela_read'))
        conn.execute(text("GRANT sela_read TO sela_write"))
        conn.execute(text(f'GRANT INSERT, UPDATE ON "{EVENTS}" TO sela_write'))
        conn.execute(text(f'REVOKE DELETE, TRUNCATE ON "{EVENTS}" FROM sela_write'))
        for t in views:
            conn.execute(text(f'GRANT INSERT, UPDATE, DELETE, TRUNCATE ON "{t}" TO sela_write'))
        for s in sequences:
            conn.execute(text(f'GRANT USAGE, SELECT, UPDATE ON SEQUENCE "{s}" TO sela_write'))
        conn.execute(text("GRANT sela_write TO sela_admin"))
        conn.execute(text(f'GRANT CREATE ON SCHEMA "{schema}" TO sela_admin'))
        for t in tables:
            conn.execute(text(f'ALTER TABLE "{t}" OWNER TO sela_admin'))
        for s in sequences:
            conn.execute(text(f'ALTER SEQUENCE "{s}" OWNER TO sela_admin'))
    make_append_only(engine)


class GrantError(Exception):
    """A grant that cannot be made (one line for the CLI)."""


def grant(engine: Any, login: str, access: str) -> str:
    """Put ``login`` into the group role for ``access`` (read | write | admin), out of the
    others; returns the group's name."""
    if access not in GROUPS:
        raise GrantError(f"Unknown access {access!r}: use read, write or admin.")
    ensure_groups(engine)
    with engine.begin() as conn:
        found = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"),
                             {"n": login}).first()
        if found is None:
            raise GrantError(f"There is no PostgreSQL login {login!r}: create it first "
                             f"(CREATE ROLE \"{login}\" LOGIN), authenticated as pg_hba.conf "
                             "says (docs/security.md).")
        if login in GROUPS.values():
            raise GrantError(f"{login} is one of SELA's group roles, not a login.")
        for name in GROUPS.values():
            conn.execute(text(f'REVOKE "{name}" FROM "{login}"'))
        conn.execute(text(f'GRANT "{GROUPS[access]}" TO "{login}"'))
    return GROUPS[access]
