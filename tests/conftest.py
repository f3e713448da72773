"""Shared fixtures: real SQLite files and real PostgreSQL databases, one fresh store per test.

PostgreSQL tests take a server URL from SELA_TEST_POSTGRES_URL (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/test) and create a throw-away database per test.
Without the variable they skip, unless SELA_REQUIRE_POSTGRES=1 (as in CI), where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from sela_workflow.aggregates.envelope import Envelope

PG_ENV = "SELA_TEST_POSTGRES_URL"
TODAY = dt.date(2026, 11, 20)


def envelope(on: str | dt.date = "2025-09-19", actor: str | None = None,
             role: str = "LA_ADVISER", **kw: Any) -> Envelope:
    """An envelope for a test step: the staff member holding ``role`` records it (ID-01);
    a decision of a body outside the register (SOS, OFSTED) is recorded by an adviser."""
    from .staff import ACTOR_FOR

    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    if role in ("SOS", "OFSTED", "LA"):
        role = "LA_ADVISER"
    return Envelope(actor=actor or ACTOR_FOR.get(role, "admin"), role=role,
                    effective_date=day, **kw)


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("SELA_REQUIRE_POSTGRES"):
            pytest.fail(f"{PG_ENV} is not set but SELA_REQUIRE_POSTGRES is: "
                        "PostgreSQL tests must run here")
        pytest.skip(f"set {PG_ENV} to run PostgreSQL tests")
    return url


@contextmanager
def fresh_pg_database(server_url: str, prefix: str = "sela_test") -> Iterator[str]:
    """A new, empty database on the server of ``server_url``, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_pg_database(_pg_admin_url() or "") as url:
        yield url


@pytest.fixture
def popo_app() -> Iterator[Any]:
    """An application on the in-memory store, for rule tests that need no database."""
    from sela_workflow.application import SelaApplication

    from .staff import add_staff

    application = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                                  today=lambda: TODAY)
    add_staff(application)
    yield application
    application.close()


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path / 'sela.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """The same test on SQLite and on PostgreSQL (the persistence contract)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sela.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def app(store_url: str) -> Iterator[Any]:
    from sela_workflow.store import open_app

    from .staff import add_staff

    application = open_app(store_url, create=True, today=lambda: TODAY)
    add_staff(application)
    yield application
    application.close()


def register(app: Any, urn: str = "100834", type_: str = "community", **kw: Any) -> Any:
    """Register a school through the application (defaults: a community primary)."""
    from sela_workflow.aggregates.steps.school import RegisterSchool

    defaults: dict[str, Any] = dict(name=f"School {urn}", establishment_type=type_,
                                    phase="primary")
    if type_ in ("academy-converter", "academy-sponsor-led", "free-school"):
        defaults["academy_trust"] = "Thames Learning Trust"
    env = kw.pop("envelope", envelope("2024-09-02"))
    defaults.update(kw)
    return app.handle(RegisterSchool(urn=urn, **defaults), env)


@pytest.fixture(autouse=True)
def officer_at_the_keyboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI tests run as a.mensah (an adviser in tests/staff.py; ADMIN of a store they
    initialise) unless they say otherwise — never as whoever runs the suite."""
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")
    monkeypatch.delenv("SELA_ROLE", raising=False)
