"""The persistence and projection contract, run on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sela_workflow.aggregates.errors import AlreadyExists
from sela_workflow.aggregates.events import RiskAssessmentCompleted
from sela_workflow.aggregates.fold import fold
from sela_workflow.aggregates.identity import AUTHORITY_ID, school_id
from sela_workflow.aggregates.steps.school import AssessRisk
from sela_workflow.cli.main import cli
from sela_workflow.projections import runner
from sela_workflow.projections.casework import CaseworkProjection
from sela_workflow.projections.tables import pathway
from sela_workflow.queries import refresh, status, status_of_case, trail
from sela_workflow.store import open_app

from .conftest import TODAY, envelope, register

WORKER = Path(__file__).parent / "workers" / "record.py"


def assess(app: Any, urn: str, category: str, on: str = "2025-09-19", review: bool = False) -> Any:
    return app.handle(AssessRisk(urn=urn, category=category, rationale="best fit",
                                 review=review), envelope(on))


def test_events_survive_reopening(app: Any, store_url: str) -> None:
    register(app)
    assess(app, "100834", "C")
    app.close()
    reopened = open_app(store_url, today=lambda: TODAY)
    try:
        school = reopened.case("100834")
        assert (school.category, school.pathway, school.version) == ("C", "TRIP", 4)
        assert [type(e).__name__ for e in reopened.history("100834")][-1] == "PathwayAssigned"
    finally:
        reopened.close()


def test_duplicate_registration_is_refused_and_nothing_written(app: Any) -> None:
    register(app)
    with pytest.raises(AlreadyExists, match="already registered"):
        register(app, name="Someone else")
    assert app.case("100834").name == "School 100834"
    assert app.case("100834").version == 1


def test_projection_applies_each_event_exactly_once(app: Any) -> None:
    refresh(app)  # the register of people (tests/staff.py)
    register(app)
    assess(app, "100834", "B")
    views = len(runner.all_projections(app))
    assert refresh(app) == views * 4  # every projection, four events each
    assert refresh(app) == 0
    assess(app, "100834", "D", "2025-12-01", review=True)
    assert refresh(app) == views * 3  # review, category change, pathway; nothing re-applied
    rows = status(app)
    assert len(rows) == 1 and rows[0]["category"] == "D" and rows[0]["version"] == 7
    positions = runner.positions(app.recorder.datastore.engine)
    assert set(positions.values()) == {app.recorder.max_notification_id()}
    assert set(positions) == {"casework", "audit", "chain", "imports"}


def test_failure_mid_batch_leaves_view_and_position_consistent(app: Any) -> None:
    refresh(app)  # the register of people (tests/staff.py)
    engine = app.recorder.datastore.engine
    start = runner.positions(engine)["casework"]
    for urn in ("100834", "100835", "100836"):
        register(app, urn)
    engine = app.recorder.datastore.engine

    class Exploding(CaseworkProjection):
        """Fails after the first school's rows are written, mid-batch."""

        def write(self, session: Session, states: list[Any]) -> None:
            super().write(session, states[:1])
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        runner.catch_up(app, Exploding(app))
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(pathway)).scalar_one() == 0
    assert runner.positions(engine)["casework"] == start
    assert refresh(app) == len(runner.all_projections(app)) * 3  # all from the start, once
    assert [r["urn"] for r in status(app)] == ["100834", "100835", "100836"]


def test_status_json_over_the_demo_equals_replaying_every_aggregate(store_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", store_url, "demo"])
    assert result.exit_code == 0, result.output
    shown = json.loads(CliRunner().invoke(cli, ["--db", store_url, "status", "--json"]).stdout)
    app = open_app(store_url)
    try:
        replayed = [status_of_case(app, fold(app.history(row["urn"]))) for row in shown]
        ids = {n.originator_id for n in app.recorder.select_notifications(start=1, limit=10_000)
               if n.originator_id != AUTHORITY_ID}
    finally:
        app.close()
    assert shown == replayed
    assert len(shown) == len(ids)  # every aggregate in the log is in the view


def test_rebuild_gives_the_same_view(app: Any) -> None:
    for i, urn in enumerate(("100834", "100835")):
        register(app, urn)
        assess(app, urn, "ABCD"[i + 1])
    before = status(app)
    applied = runner.rebuild(app, runner.all_projections(app))
    assert applied == len(runner.all_projections(app)) * app.recorder.max_notification_id()
    assert status(app) == before


def test_schema_version_change_rebuilds_the_projection(store_url: str, app: Any) -> None:
    register(app)
    status(app)
    engine = app.recorder.datastore.engine

    class CaseworkV2(CaseworkProjection):
        version = CaseworkProjection.version + 1

    assert runner.ensure_schema(engine, [CaseworkV2(app)]) == ["casework"]
    assert runner.positions(engine)["casework"] == 0
    assert runner.catch_up(app, CaseworkV2(app)) == app.recorder.max_notification_id()
    assert runner.ensure_schema(engine, [CaseworkV2(app)]) == []
    assert status(app)[0]["urn"] == "100834"


def test_two_processes_recording_against_one_school(app: Any, store_url: str) -> None:
    """One wins each race, the other retries on fresh state: nothing lost, nothing doubled."""
    register(app)
    n = 15
    start_at = time.time() + 2.0
    procs = [subprocess.Popen([sys.executable, str(WORKER), store_url, "100834", str(n),
                               str(start_at), str(k)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    ok = sum(int(out.split()[1]) for out, _ in outputs)
    conflicts = sum(int(out.split()[3]) for out, _ in outputs)
    assert ok + conflicts == 2 * n

    events = app.history("100834")
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    reviews = [e for e in events if isinstance(e, RiskAssessmentCompleted)]
    assert len(reviews) == ok  # every success stored once; every reported conflict stored none
    assert len({e.reason for e in reviews}) == ok
    for prev, event in itertools.pairwise(events):
        assert event.prev_hash == prev.hash  # the hash chain survived the race
    stored = app.recorder.select_events(school_id("100834"))
    assert len(stored) == len(events)
    assert status(app)[0]["version"] == len(events)
    assert len(trail(app, urn="100834")) == len(events)


@pytest.mark.rule("ID-02")
def test_the_policy_is_a_record_a_local_file_cannot_change(sqlite_url: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """SELA_POLICY no longer changes what is enforced; an ADMIN's `policy set` does, as a new
    version every later event cites (issue 13: the policy in force is a record)."""
    from .staff import STAFF_CSV

    def sela(*args: str) -> Any:
        return CliRunner().invoke(cli, ["--db", sqlite_url, *args])

    assert sela("init", "--actor", "admin").exit_code == 0
    assert sela("people", "load", STAFF_CSV, "--actor", "admin").exit_code == 0
    wide = tmp_path / "policy.toml"
    wide.write_text('override_roles = ["LA_ADVISER"]\nreasonable_notice_working_days = 15\n')
    monkeypatch.setenv("SELA_POLICY", str(wide))
    shown = sela("policy", "show", "--json")
    assert shown.exit_code == 0 and "SELA_POLICY is not read" in shown.stderr
    assert json.loads(shown.stdout)["version"] == 0
    assert "LA_ADVISER" not in json.loads(shown.stdout)["settings"]["override_roles"]
    monkeypatch.delenv("SELA_POLICY")
    refused = sela("policy", "set", "reasonable_notice_working_days=15", "--reason", "r",
                   "--actor", "a.mensah")
    assert refused.exit_code == 1 and "(ID-02" in refused.stderr
    assert sela("policy", "set", "reasonable_notice_working_days=15", "--reason",
                "Cabinet 2026-11", "--actor", "admin").exit_code == 0
    app = open_app(sqlite_url)
    try:
        assert app.policy.reasonable_notice_working_days == 15
        assert app.register().policy_version == 1
        register(app)
        assert {e.policy_version for e in app.history("100834")} == {1}
    finally:
        app.close()
    bad = sela("policy", "set", "reasonable_notice_days=15", "--reason", "r", "--actor", "admin")
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1
