"""The read side: views kept exactly once agree with a rebuild and with a fresh replay; the
directors' and auditors' commands answer from them."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sela_workflow.aggregates.expectations import expectations, status_of
from sela_workflow.aggregates.fold import fold
from sela_workflow.aggregates.identity import AUTHORITY_ID
from sela_workflow.aggregates.steps.school import AssessRisk, Communicate
from sela_workflow.cli.main import cli
from sela_workflow.follower import projection_status, rebuild_all
from sela_workflow.queries import due, refresh, status, status_of_case, trail
from sela_workflow.store import open_app

from .conftest import TODAY, register
from .staff import staffed_app
from .test_properties import STEPS, run_steps

WORKER = Path(__file__).parent / "workers" / "record.py"


def views(app: Any) -> dict[str, Any]:
    """Everything the read side shows, in a comparable form."""
    deadlines = sorted((d["urn"], d["rule_id"], d["what"], d["due"] or "", d["met_on"] or "",
                        d["status"]) for d in due(app, include_met=True))
    audit = [{k: v for k, v in r.items()} for r in trail(app)]
    return {"status": status(app), "due": deadlines, "trail": audit}


def replayed(app: Any) -> dict[str, Any]:
    """The same, computed from a fresh replay of every aggregate (never from the views)."""
    today = app.today()
    urns = sorted({app.mapper.to_domain_event(n).urn
                   for n in app.recorder.select_notifications(start=1, limit=100_000)
                   if n.originator_version == 1 and n.originator_id != AUTHORITY_ID})
    schools = [fold(app.history(u)) for u in urns]
    deadlines = sorted(
        (s.urn, i.rule_id, i.what, i.due.isoformat() if i.due else "",
         i.met_on.isoformat() if i.met_on else "", status_of(i.kind, i.due, i.met_on, today))
        for s in schools for i in expectations(s, today, app.policy))
    audit = []
    position = {(n.originator_id, n.originator_version): n.id
                for n in app.recorder.select_notifications(start=1, limit=100_000)}
    for s in schools:
        for e in app.history(s.urn):
            audit.append({"position": position[(e.originator_id, e.originator_version)],
                          "urn": s.urn, "event": type(e).__name__, "actor": e.actor,
                          "effective_date": e.effective_date.isoformat(),
                          "rules": list(e.rules), "summary": e.summary()})
    audit.sort(key=lambda r: r["position"])
    return {"status": [status_of_case(app, s) for s in schools], "due": deadlines,
            "trail": audit}


def comparable_trail(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("position", "urn", "event", "actor", "effective_date", "rules", "summary")
    return [{k: r[k] for k in keys} for r in rows]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(first=STEPS, second=STEPS, every=st.integers(1, 6))
def test_incremental_rebuild_and_replay_agree(tmp_path_factory: Any, first: list[Any],
                                              second: list[Any], every: int) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('views') / 'sela.db'}"
    app = staffed_app(url, today=lambda: TODAY)
    try:
        run_steps(app, "community", first, urn="100834", refresh_every=every)
        run_steps(app, "voluntary-aided", second, urn="100835", refresh_every=every)
        incremental = views(app)
        rebuild_all(app)
        rebuilt = views(app)
        fresh = replayed(app)
    finally:
        app.close()
    assert incremental == rebuilt
    assert incremental["status"] == fresh["status"]
    assert incremental["due"] == fresh["due"]
    assert comparable_trail(incremental["trail"]) == fresh["trail"]


def test_due_overdue_on_the_demo_is_exactly_the_overdue_steps(sqlite_url: str) -> None:
    assert CliRunner().invoke(cli, ["--db", sqlite_url, "demo"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "due", "--overdue", "--json"])
    assert result.exit_code == 0, result.output
    shown = {(r["urn"], r["rule_id"], r["what"], r["due"]) for r in json.loads(result.stdout)}
    app = open_app(sqlite_url)
    try:
        today = app.today()
        expected = set()
        for row in status(app):
            school = fold(app.history(row["urn"]))
            for item in expectations(school, today, app.policy):
                if status_of(item.kind, item.due, item.met_on, today) == "overdue":
                    expected.add((school.urn, item.rule_id, item.what, item.due.isoformat()))
    finally:
        app.close()
    assert shown == expected
    assert ("190106", "OF-01", "Statement of action sent (SM)", "2026-11-02") in shown
    assert all(r["rule_id"] and r["strength"] for r in json.loads(result.stdout))


def test_dashboard_due_and_trail_commands(sqlite_url: str) -> None:
    def sela(*args: str) -> Any:
        result = CliRunner().invoke(cli, ["--db", sqlite_url, *args])
        assert result.exit_code == 0, result.output
        return result

    sela("demo")
    board = json.loads(sela("dashboard", "--since", "2025-09-01", "--json").stdout)
    assert board["schools"] == 14
    assert sum(c["schools"] for c in board["counts"]) == 14
    assert {"urn": "190104", "from_category": "B", "to_category": "C"}.items() <= \
        next(m for m in board["movements"] if m["urn"] == "190104").items()
    assert any(s["stage"] == "IEB in place" for s in board["stages"])
    table = sela("dashboard").stdout
    assert "Stage of intervention" in table and "Movements between categories" in table
    mine = json.loads(sela("due", "--officer", "a.mensah", "--json").stdout)
    assert mine and {r["officer"] for r in mine} == {"a.mensah"}
    soon = json.loads(sela("due", "--within", "60d", "--json").stdout)
    assert all(r["status"] in ("overdue", "due", "upcoming") for r in soon)
    csv_rows = sela("due", "--overdue", "--csv").stdout.splitlines()
    assert csv_rows[0].startswith("status,due,urn") and len(csv_rows) == 2
    trail_rows = json.loads(sela("audit", "trail", "--urn", "190106", "--type",
                                 "WarningNoticeIssued", "--json").stdout)
    assert len(trail_rows) == 1 and "WN-08" in trail_rows[0]["rules"]
    by_actor = json.loads(sela("audit", "trail", "--actor", "s.byrne", "--from", "2026-06-01",
                               "--to", "2026-06-30", "--json").stdout)
    assert by_actor and all("2026-06-01" <= r["effective_date"] <= "2026-06-30"
                            for r in by_actor)
    filtered = json.loads(sela("status", "--category", "D", "--json").stdout)
    assert {r["urn"] for r in filtered} == {"190106", "190111"}
    status_rows = json.loads(sela("status", "190106", "--json").stdout)
    assert status_rows[0]["eligibility"] == ["S60", "S62"] and status_rows[0]["powers"] == ["S65"]
    assert status_rows[0]["next_rule"] == "OF-01"


def test_bad_period_is_a_usage_error(sqlite_url: str) -> None:
    CliRunner().invoke(cli, ["--db", sqlite_url, "init"])
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "due", "--within", "soon"])
    assert result.exit_code == 2 and "is not a period" in result.stderr


def test_projections_status_and_rebuild(sqlite_url: str) -> None:
    CliRunner().invoke(cli, ["--db", sqlite_url, "demo"])
    app = open_app(sqlite_url)
    try:
        refresh(app)
        rows = projection_status(app)
        assert {r["projection"] for r in rows} == {"casework", "audit", "chain", "imports"}
        assert all(r["behind"] == 0 and r["position"] == r["head"] for r in rows)
        register(app, "100900")
        assert all(r["behind"] == 1 for r in projection_status(app))
    finally:
        app.close()
    before = CliRunner().invoke(cli, ["--db", sqlite_url, "status", "--json"]).stdout
    rebuilt = CliRunner().invoke(cli, ["--db", sqlite_url, "projections", "rebuild"])
    assert rebuilt.exit_code == 0 and "Rebuilt the read models" in rebuilt.stderr
    assert CliRunner().invoke(cli, ["--db", sqlite_url, "status", "--json"]).stdout == before


def test_a_new_term_needs_no_rewrite_of_the_deadlines(sqlite_url: str) -> None:
    app = staffed_app(sqlite_url, today=lambda: dt.date(2025, 11, 20))
    register(app)
    app.handle(AssessRisk(urn="100834", category="B", rationale="r"), _env("2025-09-19"))
    app.handle(Communicate(urn="100834", recipients=["HT", "CHAIR"]), _env("2025-09-26"))
    term = [d for d in due(app) if d["rule_id"] == "PW-04" and "Termly" in d["what"]]
    assert term[0]["due"] == "2025-12-31" and "2025/26 autumn" in term[0]["what"]
    positions = projection_status(app)
    app.today = lambda: dt.date(2026, 1, 10)
    term = [d for d in due(app) if d["rule_id"] == "PW-04" and "Termly" in d["what"]]
    assert term[0]["due"] == "2026-03-31" and "2025/26 spring" in term[0]["what"]
    assert projection_status(app) == positions  # nothing rewritten, nothing caught up
    rows = status(app, "100834")
    assert rows[0]["next_due"] == "2026-03-31"
    app.close()


def _env(on: str) -> Any:
    from .conftest import envelope

    return envelope(on)


@pytest.mark.postgres
def test_follower_and_two_writers_on_postgresql(pg_url: str) -> None:
    app = staffed_app(pg_url)
    for urn in ("100834", "100835"):
        register(app, urn)
    follower = subprocess.Popen([sys.executable, "-m", "sela_workflow.cli", "--db", pg_url,
                                 "projections", "run", "--interval", "0.2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    start_at = time.time() + 1.5
    writers = [subprocess.Popen([sys.executable, str(WORKER), pg_url, urn, "12", str(start_at),
                                 urn], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for urn in ("100834", "100835")]
    for w in writers:
        _, err = w.communicate(timeout=180)
        assert w.returncode == 0, err
    deadline = time.time() + 60
    while any(r["behind"] for r in projection_status(app)) and time.time() < deadline:
        time.sleep(0.2)
    follower.send_signal(signal.SIGTERM)
    _, err = follower.communicate(timeout=30)
    assert follower.returncode == 0, err
    try:
        assert all(r["behind"] == 0 for r in projection_status(app))
        followed = views(app)
        rebuild_all(app)
        assert views(app) == followed
        assert len(followed["trail"]) == sum(len(app.history(u)) for u in ("100834", "100835"))
    finally:
        app.close()


def test_projections_run_once_catches_up_on_sqlite(sqlite_url: str) -> None:
    app = staffed_app(sqlite_url)
    register(app, "100834")
    app.close()
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "projections", "run", "--once"])
    assert result.exit_code == 0 and "Projections current" in result.stderr
    status_rows = json.loads(CliRunner().invoke(
        cli, ["--db", sqlite_url, "projections", "status", "--json"]).stdout)
    assert {r["projection"]: r["behind"] for r in status_rows} == {
        "casework": 0, "audit": 0, "chain": 0, "imports": 0}
