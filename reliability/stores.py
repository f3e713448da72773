"""Throw-away stores for the reliability suite, the CLI run in-process, and the views compared.

Every scenario gets a store of its own: a SQLite file in a temporary folder, or a PostgreSQL
database with a unique name, dropped afterwards (the server comes from
SELA_TEST_POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PG_SERVER = os.environ.get("SELA_TEST_POSTGRES_URL",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgres")


def _admin() -> tuple[Any, str]:
    from sqlalchemy.engine import make_url

    url = make_url(PG_SERVER)
    return url, url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(_admin()[1], autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="sela-reliability-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def fresh_store(backend: str, folder: Path, *, create: bool = True,
                template: str | None = None) -> Iterator[str]:
    """An empty (or, with ``template``, copied) store; dropped or deleted afterwards."""
    if backend == "sqlite":
        path = folder / f"store-{uuid.uuid4().hex[:8]}.db"
        if template:
            copy_sqlite(template, path)
        url = f"sqlite:///{path}"
        if create and not template:
            init(url)
        yield url
        return
    name = f"sela_rel_{uuid.uuid4().hex[:12]}"
    source = f' TEMPLATE "{_database(template)}"' if template else ""
    _pg(f'CREATE DATABASE "{name}"{source}')
    try:
        url = _admin()[0].set(database=name).render_as_string(hide_password=False)
        if create and not template:
            init(url)
        yield url
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


def copy_sqlite(url: str, target: Path) -> None:
    """A consistent copy of a SQLite store (its WAL checkpointed into the copy)."""
    import sqlite3

    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    dest = sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()


#: Who records in the scenarios (ID-01): the officers' worker processes (officer-w0…), the
#: set-up and crash scenarios, and the fuzzer's officer.
STAFF = [("setup", ["LA_ADVISER"]), ("crash", ["LA_ADVISER"]), ("a.mensah", ["LA_ADVISER"]),
         ("d.okafor", ["DIRECTOR_CHILDREN_FAMILIES"]),
         *((f"officer-w{k}", ["LA_ADVISER"]) for k in range(32))]


def init(url: str) -> None:
    """A new store with the scenarios' staff in its register."""
    import datetime as dt

    from sela_workflow.people import seed_register
    from sela_workflow.store import open_app

    result = sela(url, "init", "--actor", "rel-admin")
    assert result.code == 0, result.stderr
    app = open_app(url)
    try:
        seed_register(app, "rel-admin", [(login, login, roles, dt.date(2000, 1, 1))
                                         for login, roles in STAFF], "reliability staff")
    finally:
        app.close()


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def sela(url: str | None, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run one `sela` command in this process, as the console script would."""
    from click.testing import CliRunner

    from sela_workflow.cli.main import cli

    argv = (["--db", url] if url else []) + list(args)
    result = CliRunner().invoke(cli, argv, env=env)
    code = result.exit_code
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        code = 99  # escaped the root command: a traceback in a real process
        stderr += f"\nTraceback: {type(result.exception).__name__}: {result.exception}"
    return Result(code, result.stdout, stderr)


def sela_direct(argv: Sequence[str]) -> Result:
    """Run one `sela` command through the console entry point itself (sys.exit and all), with
    stdout and stderr captured; used by worker processes that run many commands."""
    from sela_workflow.cli.main import cli

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(list(argv), prog_name="sela")
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException as e:
            code = 99
            print(f"Traceback: {type(e).__name__}: {e}", file=sys.stderr)
    return Result(code, out.getvalue(), err.getvalue())


# -- the views, compared with a rebuild --------------------------------------------------------

#: The outputs a rebuild must reproduce byte for byte.
OUTPUTS = (("status", "--json"), ("due", "--all", "--json"), ("audit", "trail", "--json"),
           ("dashboard", "--since", "2000-01-01", "--json"))


def outputs(url: str) -> dict[str, str]:
    shown = {}
    for args in OUTPUTS:
        result = sela(url, *args)
        if result.code != 0:
            raise AssertionError(f"sela {' '.join(args)} failed: {result.stderr.strip()}")
        shown[" ".join(args)] = result.stdout
    return shown


def tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row (surrogate keys and timestamps left out), in a total order."""
    from sqlalchemy import create_engine, select

    from sela_workflow.projections.tables import metadata

    engine = create_engine(url)
    found: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                cols = [c for c in table.columns if c.name not in ("id", "updated_at")]
                rows = conn.execute(select(*cols)).all()
                found[table.name] = sorted(tuple(map(_comparable, r)) for r in rows)
    finally:
        engine.dispose()
    return found


def _comparable(value: Any) -> str:
    """A cell as text; a folded-state blob by its content, without the moment the snapshot
    was taken (the library stamps each snapshot with the time it was made)."""
    if isinstance(value, (bytes, memoryview)):
        try:
            content = json.loads(bytes(value))
            content.pop("timestamp", None)
            return json.dumps(content, sort_keys=True)
        except ValueError:
            return repr(bytes(value))
    return repr(value)


def indexes(url: str) -> set[str]:
    from sqlalchemy import create_engine, inspect

    from sela_workflow.projections.tables import metadata

    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        return {ix["name"] for t in metadata.sorted_tables if inspector.has_table(t.name)
                for ix in inspector.get_indexes(t.name)}
    finally:
        engine.dispose()


def expected_indexes() -> set[str]:
    from sela_workflow.projections.tables import metadata

    return {str(ix.name) for t in metadata.sorted_tables for ix in t.indexes}


def views_equal_rebuild(url: str) -> str | None:
    """None if the views (tables, indexes and every listed output) equal a fresh rebuild's;
    otherwise what differs."""
    before_out, before_tables = outputs(url), tables(url)
    missing = expected_indexes() - indexes(url)
    rebuilt = sela(url, "projections", "rebuild")
    if rebuilt.code != 0:
        return f"rebuild failed: {rebuilt.stderr.strip()}"
    after_out, after_tables = outputs(url), tables(url)
    if missing:
        return f"indexes missing before the rebuild: {sorted(missing)}"
    for name, rows in before_tables.items():
        if rows != after_tables.get(name):
            return f"table {name} differs from a rebuild"
    for name, text in before_out.items():
        if text != after_out[name]:
            return f"`sela {name}` differs after a rebuild"
    return None


def sql_as_owner(url: str, sql: str, **params: Any) -> list[Any]:
    """Run ``sql`` behind SELA's back, as an intruder with the table owner's access would."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    # On PostgreSQL the event table refuses changes (docs/security.md): an intruder with the
    # owner's access lifts the triggers first, as this does for the one transaction.
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


def event_count(url: str) -> int:
    """How many events the store holds (0 for a store not created yet: an import's target)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("sela_events"):
            return 0
        with engine.connect() as conn:
            return int(conn.execute(text("select count(*) from sela_events")).scalar_one())
    finally:
        engine.dispose()


def documents(url: str, event: str = "RiskAssessmentCompleted") -> dict[str, int]:
    """How many stored events of one class cite each document reference (read from the
    stored rows): one per command that got through."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    found: dict[str, int] = {}
    try:
        with engine.connect() as conn:
            for (state,) in conn.execute(text("select state from sela_events where topic "
                                              "like :t"), {"t": f"%:{event}"}):
                for doc in json.loads(bytes(state)).get("documents", []):
                    found[doc] = found.get(doc, 0) + 1
    finally:
        engine.dispose()
    return found
