"""Self-healing read models, on SQLite and PostgreSQL: a rebuild stopped at any point is
finished by the next command (secondary indexes included), a dropped view table comes back, and
a rebuild reproduces every output byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from sela_workflow.cli.main import cli
from sela_workflow.projections import runner, schema
from sela_workflow.projections.locks import take_write_lock
from sela_workflow.projections.tables import metadata
from sela_workflow.store import open_app

OUTPUTS = (("status", "--json"), ("due", "--all", "--json"), ("audit", "trail", "--json"),
           ("dashboard", "--since", "2000-01-01", "--json"), ("school", "list", "--json"))


def ok(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result


def outputs(url: str) -> list[str]:
    return [ok(url, *args).stdout for args in OUTPUTS]


def view_indexes(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        return {ix["name"] for t in metadata.sorted_tables if inspector.has_table(t.name)
                for ix in inspector.get_indexes(t.name)}
    finally:
        engine.dispose()


ALL_INDEXES = {str(ix.name) for t in metadata.sorted_tables for ix in t.indexes}


def versions(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = dict(conn.execute(text("select name, version from sela_projections")).all())
    engine.dispose()
    return found


@pytest.fixture
def demo(store_url: str) -> str:
    ok(store_url, "demo")
    return store_url


def test_a_rebuild_reproduces_every_output_byte_for_byte(demo: str) -> None:
    before = outputs(demo)
    ok(demo, "projections", "rebuild")
    assert outputs(demo) == before
    assert view_indexes(demo) >= ALL_INDEXES


def test_a_rebuild_killed_after_emptying_the_views_is_finished_by_the_next_command(
        demo: str) -> None:
    before = outputs(demo)
    app = open_app(demo)
    with app.recorder.transaction(commit=True) as session:  # the rebuild's first step only
        take_write_lock(session)
        schema.reset(session, runner.all_projections(app))
    app.close()
    assert all(v < 0 for v in versions(demo).values())  # marked: refilling
    assert not view_indexes(demo) & ALL_INDEXES
    assert outputs(demo) == before  # the next command refills them...
    assert view_indexes(demo) >= ALL_INDEXES  # ...indexes included
    assert all(v > 0 for v in versions(demo).values())


def test_a_rebuild_killed_midway_through_the_refill_is_finished_by_the_next_command(
        demo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = outputs(demo)
    monkeypatch.setattr(runner, "REBUILD_BATCH", 50)
    app = open_app(demo)
    with app.recorder.transaction(commit=True) as session:
        take_write_lock(session)
        schema.reset(session, runner.all_projections(app))
    runner._apply_batch(app, runner.all_projections(app), 50)  # some batches, then killed
    runner._apply_batch(app, runner.all_projections(app), 50)
    app.close()
    monkeypatch.undo()
    assert all(v < 0 for v in versions(demo).values())
    assert outputs(demo) == before
    assert view_indexes(demo) >= ALL_INDEXES


def test_a_recording_command_finishes_an_abandoned_refill(demo: str) -> None:
    app = open_app(demo)
    with app.recorder.transaction(commit=True) as session:
        take_write_lock(session)
        schema.reset(session, runner.all_projections(app))
        session.execute(text("update sela_projections set updated_at = :t"),
                        {"t": schema.now().replace(year=2020)})  # nobody at it for years
    app.close()
    ok(demo, "school", "assign", "190106", "--officer", "x.healing", "--actor", "a.mensah")
    assert all(v > 0 for v in versions(demo).values())
    assert view_indexes(demo) >= ALL_INDEXES


def test_a_view_table_dropped_outside_sela_comes_back(demo: str) -> None:
    before = outputs(demo)
    engine = create_engine(demo)
    with engine.begin() as conn:
        conn.execute(text("drop table sela_deadlines"))
    engine.dispose()
    assert outputs(demo) == before  # the next query puts the table back, complete
    assert view_indexes(demo) >= ALL_INDEXES


def test_a_store_left_by_release_0_1_gets_its_lost_indexes_back(demo: str) -> None:
    """Release 0.1's killed rebuilds left the audit trail live (version 1) without its
    indexes; version 2 of the audit projection refills it once, indexes included."""
    before = outputs(demo)
    engine = create_engine(demo)
    with engine.begin() as conn:
        conn.execute(text("update sela_projections set version = 1 where name = 'audit'"))
        conn.execute(text("drop index ix_sela_audit_trail_actor"))
    engine.dispose()
    assert outputs(demo) == before
    assert versions(demo)["audit"] == runner.VERSIONS["audit"]
    assert view_indexes(demo) >= ALL_INDEXES


def test_opening_a_store_writes_nothing(demo: str) -> None:
    """Opening no longer resets stale projections on the spot: `audit verify` (which only
    opens and reads) leaves even a stale version as it found it."""
    engine = create_engine(demo)
    with engine.begin() as conn:
        conn.execute(text("update sela_projections set version = 999 where name = 'chain'"))
    engine.dispose()
    ok(demo, "audit", "verify")
    assert versions(demo)["chain"] == 999
    assert "sela_chain_head" in inspect(create_engine(demo)).get_table_names()


def test_projection_status_and_info_list_only_registered_projections(demo: str) -> None:
    rows = json.loads(ok(demo, "projections", "status", "--json").stdout)
    assert [r["projection"] for r in rows] == ["casework", "audit", "chain", "imports"]
    assert all(r["behind"] == 0 for r in rows)
