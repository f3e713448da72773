"""The `sela` CLI through click's CliRunner: exit codes, one-line errors, nothing half-written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

from sela_workflow import clock
from sela_workflow.cli.main import cli

from .staff import STAFF_CSV


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SELA_DATABASE_URL", "SELA_ACTOR", "SELA_ROLE", "SELA_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")


def run(url: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args])


def events_in(url: str) -> int:
    result = run(url, "info", "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["events"])


@pytest.fixture
def store(sqlite_url: str) -> str:
    assert run(sqlite_url, "init").exit_code == 0
    assert run(sqlite_url, "people", "load", STAFF_CSV).exit_code == 0
    result = run(sqlite_url, "school", "register", "100834", "--name", "Bankside Primary",
                 "--type", "community", "--phase", "primary", "--on", "2024-09-02")
    assert result.exit_code == 0, result.output
    return sqlite_url


def one_line_error(result: Any) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_help_lists_every_command_with_a_description() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("init", "info", "school", "assess", "status", "history", "demo"):
        line = next(x for x in result.output.splitlines() if x.strip().startswith(name + " "))
        assert len(line.split(maxsplit=1)) == 2, line
    from .test_cli_steps import subcommand

    for name in cli.list_commands(None):  # type: ignore[arg-type]
        command = subcommand(cli, name)
        assert command.help and "Example" in command.help, name


@pytest.mark.parametrize("path", [["init"], ["info"], ["assess"], ["status"], ["history"],
                                  ["demo"], ["school", "register"], ["school", "list"]])
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_register_assess_status_history(store: str) -> None:
    result = run(store, "assess", "100834", "--category", "c", "--rationale", "Outcomes low",
                 "--critical", "leadership", "--on", "2025-09-19", "--doc", "RA-2025-100834",
                 "--reason", "Annual desktop assessment")
    assert result.exit_code == 0, result.output
    assert "category C, pathway TRIP" in result.stderr
    rows = json.loads(run(store, "status", "100834", "--json").stdout)
    assert len(rows) == 1
    assert {k: rows[0][k] for k in ("urn", "name", "establishment_type", "phase", "category",
                                    "pathway", "statutory_state", "stage", "last_event",
                                    "last_effective_date", "version")} == {
        "urn": "100834", "name": "Bankside Primary", "establishment_type": "community",
        "phase": "primary", "category": "C", "pathway": "TRIP", "statutory_state": "trip",
        "stage": "TRIP", "last_event": "PathwayAssigned", "last_effective_date": "2025-09-19",
        "version": 4}
    history = json.loads(run(store, "history", "100834", "--json").stdout)
    assert [h["event"] for h in history] == ["SchoolRegistered", "RiskAssessmentCompleted",
                                             "CategoryChanged", "PathwayAssigned"]
    assert history[1]["documents"] == ["RA-2025-100834"]
    table = run(store, "history", "100834").stdout
    assert "RA-2025-100834" in table and "Reason: Annual desktop assessment" in table
    rows = run(store, "history", "100834", "--csv").stdout.splitlines()
    assert rows[0].startswith("version,effective_date,recorded_at,event")
    assert "RA-2025-100834" in rows[2]
    assert history[1]["actor"] == "a.mensah" and history[1]["role"] == "LA_ADVISER"
    table = run(store, "status")
    assert table.exit_code == 0 and "Bankside Primary" in table.stdout and "TRIP" in table.stdout
    csv_out = run(store, "status", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("urn,name,") and csv_out[1].startswith("100834,Bankside")


def test_warning_is_printed_and_recorded(store: str) -> None:
    run(store, "assess", "100834", "--category", "A", "--rationale", "r", "--on", "2025-09-19")
    assert run(store, "communicate", "100834", "--to", "HT", "--to", "CHAIR",
               "--on", "2025-09-26").exit_code == 0
    result = run(store, "assess", "100834", "--category", "B", "--rationale", "r",
                 "--on", "2025-10-01")
    assert result.exit_code == 0
    assert "warning: RA-01 (WARN-LOCAL" in result.stderr
    history = json.loads(run(store, "history", "100834", "--json").stdout)
    assert history[-3]["warnings"][0].startswith("RA-01")


def test_status_filters(store: str) -> None:
    run(store, "school", "register", "100835", "--name", "Borough Academy", "--type",
        "academy-converter", "--phase", "secondary", "--trust", "Thames Trust", "--on",
        "2024-09-02")
    run(store, "assess", "100834", "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    run(store, "assess", "100835", "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    by_pathway = json.loads(run(store, "status", "--pathway", "academy_rd_route",
                                "--json").stdout)
    assert [r["urn"] for r in by_pathway] == ["100835"]
    by_category = json.loads(run(store, "status", "--category", "D", "--json").stdout)
    assert [r["urn"] for r in by_category] == ["100834", "100835"]


TOMORROW = (clock.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("args, code, message", [
    (["school", "register", "100834", "--name", "Again", "--type", "community", "--phase",
      "primary"], 1, "URN 100834 is already registered"),
    (["assess", "100999", "--category", "A", "--rationale", "r"], 1,
     "No school with URN 100999"),
    (["assess", "100834", "--category", "E", "--rationale", "r"], 2,
     "'E' is not one of"),
    (["assess", "100834", "--category", "A", "--rationale", "r", "--on", TOMORROW], 1,
     "is in the future"),
    (["assess", "100834", "--category", "A", "--rationale", "r", "--on", "2025-02-30"], 2,
     "'2025-02-30' is not a valid date: use YYYY-MM-DD"),
    (["assess", "100834", "--category", "A", "--rationale", "r", "--role", "CHEF"], 2,
     "Unknown role 'CHEF'"),
    (["school", "register", "12345", "--name", "X", "--type", "community", "--phase",
      "primary"], 2, "is not a URN"),
    (["status", "100999"], 1, "No school with URN 100999"),
    (["history", "100999"], 1, "No school with URN 100999"),
])
def test_bad_input_gives_one_line_and_writes_nothing(store: str, args: list[str], code: int,
                                                     message: str) -> None:
    before = events_in(store)
    result = run(store, *args)
    assert result.exit_code == code, result.output
    assert message in one_line_error(result)
    assert events_in(store) == before


def test_missing_store_says_run_init(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    result = run(url, "status")
    assert result.exit_code == 1
    assert "No SELA store at" in one_line_error(result) and "sela init" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_unreachable_database_is_one_line() -> None:
    result = run("postgresql+psycopg://nobody@127.0.0.1:1/nowhere", "status")
    assert result.exit_code == 1
    assert "Cannot open the store" in one_line_error(result)


def test_a_file_that_is_not_a_database(tmp_path: Any) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my meeting notes, not a database\n" * 50)
    result = run(f"sqlite:///{bogus}", "status")
    assert result.exit_code == 1
    assert "is not a SELA store" in one_line_error(result)
    assert bogus.read_text().startswith("these are my meeting notes")


def test_a_database_that_is_not_a_sela_store(tmp_path: Any) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table payroll (id integer)")
    result = run(f"sqlite:///{path}", "info")
    assert result.exit_code == 1
    assert "is not a SELA store" in one_line_error(result)


def test_bad_url_is_one_line() -> None:
    result = run("not a url", "status")
    assert result.exit_code == 1
    assert "is not a database URL" in one_line_error(result)


def test_store_comes_from_environment(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELA_DATABASE_URL", sqlite_url)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["info", "--json"])
    assert json.loads(result.stdout)["store"] == sqlite_url


def test_init_twice_changes_nothing(sqlite_url: str) -> None:
    assert "Created a SELA store" in run(sqlite_url, "init").stderr
    second = run(sqlite_url, "init")
    assert second.exit_code == 0 and "already exists" in second.stderr


def test_demo_loads_once(sqlite_url: str) -> None:
    first = run(sqlite_url, "demo")
    assert first.exit_code == 0, first.output
    rows = json.loads(run(sqlite_url, "status", "--json").stdout)
    assert len(rows) >= 12
    assert {r["category"] for r in rows} == {"A", "B", "C", "D"}
    assert len({r["establishment_type"] for r in rows}) >= 6
    events = events_in(sqlite_url)
    second = run(sqlite_url, "demo")
    assert second.exit_code == 0 and "already in this store" in second.stderr
    assert events_in(sqlite_url) == events
    moved = json.loads(run(sqlite_url, "history", "190104", "--json").stdout)
    changes = [h["summary"] for h in moved if h["event"] == "CategoryChanged"]
    assert changes == ["- -> B", "B -> C"]
