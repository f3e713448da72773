"""Opening a store: the embedded SQLite file or a PostgreSQL database, found by URL.

Every way a store can be missing, unreachable or not ours becomes a StoreError with one line
saying what is wrong and what to do, before any command touches it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .aggregates.errors import DomainError, IntegrityFailure

ENV_CIPHER_KEY = "SELA_CIPHER_KEY"

#: Marks a database as a SELA store; its format version lets later releases migrate.
STORE_TABLE = "sela_store"
STORE_FORMAT = "1"
EVENTS_TABLE = "sela_events"


class StoreError(DomainError):
    """The store is missing, unreachable, or not a SELA store."""


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages and `sela info`."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _sqlite_path(url: Any) -> Path | None:
    if url.get_backend_name() != "sqlite":
        return None
    db = url.database or ""
    if db in ("", ":memory:") or db.startswith("file:"):
        return None
    return Path(db)


def _masked(raw: str) -> str:
    """A URL as it may be printed: whatever sits between ``user:`` and ``@`` (a password,
    however malformed the rest) replaced by ``***``."""
    import re

    return re.sub(r"(?<=:)[^:@/]*(?=@)", "***", raw)


def _prepare_url(raw: str) -> tuple[str, Path | None]:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
        url.port  # noqa: B018  (a malformed port raises here, not in make_url)
    except (ArgumentError, ValueError, TypeError):
        raise StoreError(f"{_masked(raw)[:120]!r} is not a database URL; use e.g. "
                         "sqlite:///path/sela.db or postgresql+psycopg://user@host:5432/dbname"
                         ) from None
    backend = url.get_backend_name()
    if backend == "sqlite" and "timeout" not in url.query:
        # Wait for another process's write (a catch-up batch, an import) rather than fail
        # after pysqlite's default 5 s: the command then goes through instead of conflicting.
        url = url.update_query_dict({"timeout": "30"})
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"Unsupported database {backend!r} in {display_url(raw)}; "
                         "SELA supports SQLite and PostgreSQL.")
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if "connect_timeout" not in url.query:
            url = url.update_query_dict({"connect_timeout": "5"})
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise StoreError("PostgreSQL support is not installed: "
                             "pip install 'sela-workflow[postgres]'") from None
    return url.render_as_string(hide_password=False), _sqlite_path(url)


def _reason(exc: BaseException) -> str:
    """The first line of the database's own explanation, without SQLAlchemy's decoration."""
    while exc.__cause__ is not None and not getattr(exc, "orig", None):
        exc = exc.__cause__
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def open_app(raw_url: str, *, create: bool = False,
             today: Callable[[], dt.date] | None = None) -> Any:
    """Open (or with ``create``, create) the store at ``raw_url`` and return the application."""
    from eventsourcing.persistence import PersistenceError
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from . import clock
    from .aggregates.policy import DEFAULT
    from .application import SelaApplication

    url, path = _prepare_url(raw_url)
    shown = display_url(raw_url)
    if path is not None:
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"Cannot create the folder for {path}: {e.strerror}.") from None
        elif not path.exists():
            raise StoreError(f"No SELA store at {path}. Create it with: sela init"
                             + ("" if raw_url.startswith("sqlite") else f" --db {shown}"))
    env = {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": url,
        "SQLALCHEMY_AUTOFLUSH": "False",
        "CREATE_TABLE": "y" if create else "n",
    }
    key = os.environ.get(ENV_CIPHER_KEY, "").strip()
    if key:
        _check_key(key)
        env.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=key)
    app = None
    try:
        app = SelaApplication(env=env, today=today or clock.today, policy=DEFAULT)
        engine = app.recorder.datastore.engine
        if create:
            _initialise(engine, app)
        else:
            tables = set(inspect(engine).get_table_names())
            if STORE_TABLE not in tables or EVENTS_TABLE not in tables:
                app.close()
                raise StoreError(f"{shown} is not a SELA store (no {STORE_TABLE} table). "
                                 "Create one with `sela init`, or point --db at a SELA store.")
            _check_readable(app, encrypted=bool(key))
        return app
    except StoreError:
        raise
    except (SQLAlchemyError, PersistenceError, OSError) as e:
        if app is not None:
            app.close()
        reason = _reason(e)
        if "not a database" in reason:
            raise StoreError(f"{shown} is not a SELA store ({reason}).") from None
        raise StoreError(f"Cannot open the store at {shown}: {reason}. Check the URL "
                         "(--db or SELA_DATABASE_URL) and that the database is running.") from None


def _check_key(key: str) -> None:
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in (16, 24, 32):
        raise StoreError(f"{ENV_CIPHER_KEY} is not a valid key (base64 of 16, 24 or 32 bytes); "
                         "make one with: sela key new")


def _check_readable(app: Any, encrypted: bool) -> None:
    """Read the first stored events' bytes, so a missing or wrong key is one line, not a
    traceback. Only the cipher and JSON are involved: no event classes are imported.

    Three rows tell a key problem from damage: if the first row does not read but a later one
    does, the key is right and the first row was altered (exit 3, like any altered event); a
    plain store's row that no longer parses is still JSON-like text, unlike ciphertext."""
    from sqlalchemy import select

    table = app.recorder.events_record_cls.__table__
    with app.recorder.datastore.engine.connect() as conn:
        rows = conn.execute(select(table.c.id, table.c.state).order_by(table.c.id)
                            .limit(3)).all()
    if not rows:
        return
    readable = [_reads(app, bytes(r.state)) for r in rows]
    if readable[0]:
        return
    if any(readable[1:]) or (not encrypted and _looks_plain(bytes(rows[0].state))):
        app.close()
        raise IntegrityFailure(f"Integrity check failed at position {rows[0].id}: the stored "
                               "event there cannot be read: it was altered outside SELA. Run "
                               "`sela audit verify` to check the whole record.")
    app.close()
    if encrypted:
        raise StoreError(f"Cannot read this store with {ENV_CIPHER_KEY}: the key is wrong, "
                         "or the store is not encrypted (then unset the variable).")
    raise StoreError(f"This store is encrypted: set {ENV_CIPHER_KEY} to its key.")


def _reads(app: Any, data: bytes) -> bool:
    import json

    try:
        if app.mapper.cipher is not None:
            data = app.mapper.cipher.decrypt(data)
        if app.mapper.compressor is not None:
            data = app.mapper.compressor.decompress(data)
        return isinstance(json.loads(data), dict)
    except Exception:
        return False


def _looks_plain(data: bytes) -> bool:
    """Whether stored bytes are (damaged) JSON text rather than ciphertext, which is random
    bytes and practically never valid UTF-8 starting with a brace."""
    try:
        return data[:1] == b"{" and bool(data.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _initialise(engine: Any, app: Any) -> None:
    from sqlalchemy import Column, MetaData, String, Table, insert, select

    from .projections.runner import all_projections, catch_up_all, ensure_schema

    md = MetaData()
    store = Table(STORE_TABLE, md, Column("key", String(64), primary_key=True),
                  Column("value", String(255), nullable=False))
    md.create_all(engine, checkfirst=True)
    with engine.begin() as conn:
        have = {r.key for r in conn.execute(select(store.c.key))}
        rows = {"format": STORE_FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        for key, value in rows.items():
            if key not in have:
                conn.execute(insert(store).values(key=key, value=value))
    projections = all_projections(app)
    ensure_schema(engine, projections)
    catch_up_all(app, projections)  # an empty log: the views go live with their indexes


def is_initialised(raw_url: str) -> bool:
    """Whether a store already exists at the URL (used by `sela init` to say so)."""
    try:
        open_app(raw_url).close()
        return True
    except StoreError:
        return False


def write_refused(e: BaseException) -> str | None:
    """What the database refused, if ``e`` is its refusal of a write this login or file may
    not make (PostgreSQL's 42501 — a read-only login, the append-only triggers — or a
    read-only SQLite file): "login" or "file"; None for anything else."""
    seen: set[int] = set()
    current: BaseException | None = e
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        code = getattr(orig, "sqlstate", None) or getattr(current, "sqlstate", None)
        text = str(orig or current)
        if code == "42501" or "permission denied" in text:
            return "login"
        if "readonly database" in text or "read-only" in text.lower():
            return "file"
        current = orig if orig is not None and orig is not current else current.__cause__
    return None
