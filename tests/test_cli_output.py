"""Output for people and for machines (issue 14), on a real SQLite demo store: every read
command fits 100 columns by default; --json parses; --csv and --tsv parse and are
neutralised against formula injection; stored text cannot put escape sequences on the
terminal; --columns, --wide and --fmt; usage errors are one line of at most 160 characters;
--db after the subcommand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sela_workflow.cli.main import cli
from sela_workflow.clock import today

from .staff import STAFF_CSV

SCHOOLS = [f"1901{n:02d}" for n in range(1, 15)]


def run(url: str, *args: str, columns: int = 100) -> Any:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, ["--db", url, *args])


def ok(url: str, *args: str, columns: int = 100) -> Any:
    result = run(url, *args, columns=columns)
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'sela.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "demo"])
    assert result.exit_code == 0, result.output
    assert "Loading" not in result.stderr  # no progress bar when stderr is not a terminal
    return url


def read_commands() -> list[list[str]]:
    day = today().isoformat()
    return [
        ["status"], ["status", "190106"], ["status", "--category", "D"],
        ["status", "190106", "--as-of", day], ["status", "190106", "--effective-on", day],
        ["status", "190106", "--lineage"],
        ["due"], ["due", "--all"], ["due", "--overdue"], ["due", "--within", "30d"],
        *(["next", u, "--all"] for u in SCHOOLS),
        *(["history", u] for u in SCHOOLS),
        ["history", "190106", "--lineage"], ["replay", "190106", "--to-version", "20"],
        ["audit", "trail"], ["audit", "trail", "--urn", "190106"], ["audit", "imports"],
        ["audit", "verify"], ["audit", "verify", "190106"], ["audit", "head"],
        ["dashboard"], ["dashboard", "--table", "movements"], ["school", "list"],
        ["notice", "list", "190106"], ["projections", "status"], ["info"],
        ["people", "list"], ["policy", "show"],
    ]


#: Read commands that print rows, and so take --csv, --tsv, --columns and --wide.
ROW_COMMANDS = [["status"], ["due", "--all"], ["next", "190106"], ["history", "190106"],
                ["replay", "190106", "--to-version", "20"], ["audit", "trail"],
                ["audit", "imports"], ["dashboard", "--table", "counts"],
                ["dashboard", "--table", "stages"], ["school", "list"],
                ["notice", "list", "190106"], ["projections", "status"], ["people", "list"]]


def longest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def test_every_read_command_fits_100_columns(demo: str) -> None:
    for args in read_commands():
        result = ok(demo, *args)
        assert result.stdout.strip() or result.stderr.strip(), args
        assert longest(result.stdout) <= 100, (args, result.stdout)
        assert longest(result.stderr) <= 100, (args, result.stderr)


@pytest.mark.parametrize("columns", [60, 80, 140])
def test_tables_follow_the_width_asked_for(demo: str, columns: int) -> None:
    for args in (["status"], ["due", "--all"], ["audit", "trail"], ["history", "190106"],
                 ["next", "190106"], ["status", "--fmt", "grid"], ["due", "--fmt", "github"]):
        assert longest(ok(demo, *args, columns=columns).stdout) <= columns, args


def test_wide_shows_every_column_in_full(demo: str) -> None:
    narrow, wide = ok(demo, "status").stdout, ok(demo, "status", "--wide").stdout
    assert "…" in narrow and "…" not in wide
    assert longest(wide) > 100
    assert "Next step" in wide.splitlines()[0] and "Next step" not in narrow.splitlines()[0]


def test_columns_picks_and_orders_columns(demo: str) -> None:
    lines = ok(demo, "status", "--columns", "name,urn").stdout.splitlines()
    assert lines[0].split() == ["School", "URN"]
    rows = list(csv.reader(io.StringIO(ok(demo, "due", "--csv", "--columns",
                                          "urn,rule_id").stdout)))
    assert rows[0] == ["urn", "rule_id"] and all(len(r) == 2 for r in rows)
    data = json.loads(ok(demo, "audit", "trail", "--json", "--columns", "urn,event").stdout)
    assert data and all(set(r) == {"urn", "event"} for r in data)


def test_an_unknown_column_is_one_line_naming_the_valid_ones(demo: str) -> None:
    result = run(demo, "due", "--columns", "urn,nonsense")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "'nonsense'" in line and "status, due, urn, name" in line and len(line) <= 160


def test_json_parses_on_every_read_command(demo: str) -> None:
    for args in [*read_commands(), *ROW_COMMANDS]:
        data = json.loads(ok(demo, *args, "--json").stdout)
        assert data is not None, args
    verify = json.loads(ok(demo, "audit", "verify", "--json").stdout)
    head = json.loads(ok(demo, "audit", "head", "--json").stdout)
    assert verify["intact"] and verify["head"] == head["head"]
    assert [s["urn"] for s in verify["schools"]] == SCHOOLS
    assert verify["events"] == head["events"]  # schools and the authority's own record
    assert 0 < sum(s["events"] for s in verify["schools"]) <= verify["events"]


@pytest.mark.parametrize("flag,delimiter", [("--csv", ","), ("--tsv", "\t")])
def test_csv_and_tsv_parse_on_every_row_command(demo: str, flag: str, delimiter: str) -> None:
    for args in ROW_COMMANDS:
        rows = list(csv.reader(io.StringIO(ok(demo, *args, flag).stdout),
                               delimiter=delimiter))
        assert rows and all(len(r) == len(rows[0]) for r in rows), args
        assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_one_machine_format_at_a_time(demo: str) -> None:
    result = run(demo, "status", "--json", "--csv")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    """A store whose stored text tries formula injection and terminal escapes."""
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    ok(url, "init")
    ok(url, "people", "load", STAFF_CSV)
    ok(url, "school", "register", "100834", "--name", "=HYPERLINK(\"http://x\")\x1b[2J",
       "--type", "community", "--phase", "primary", "--on", "2024-09-02",
       "--reason", "+cmd|' /C calc'!A0", "--doc", "@SUM(1+1)")
    ok(url, "assess", "100834", "--category", "C", "--rationale", "-2+3 \x1b]0;owned\x07",
       "--on", "2025-09-19")
    return url


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(hostile: str) -> None:
    for args in (["school", "list"], ["history", "100834"], ["audit", "trail"], ["status"]):
        for flag, delimiter in (("--csv", ","), ("--tsv", "\t")):
            rows = list(csv.reader(io.StringIO(ok(hostile, *args, flag).stdout),
                                   delimiter=delimiter))
            cells = [c for r in rows for c in r]
            assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
            if args[0] != "status" or flag == "--csv":
                assert any(c.startswith("'=HYPERLINK") for c in cells), args
    history = ok(hostile, "history", "100834", "--csv").stdout
    assert "'+cmd" in history and "'@SUM(1+1)" in history


def test_stored_text_cannot_drive_the_terminal(hostile: str) -> None:
    for args in (["status"], ["school", "list"], ["history", "100834"], ["audit", "trail"],
                 ["history", "100834", "--wide"], ["status", "--fmt", "grid"],
                 ["next", "100834"], ["dashboard"]):
        out = ok(hostile, *args).stdout
        assert "\x1b" not in out and "\x07" not in out, args
    assert "\\x1b[2J" in ok(hostile, "school", "list").stdout
    assert json.loads(ok(hostile, "status", "--json").stdout)[0]["name"].endswith("\x1b[2J")


BAD = [["contact", "record", "190101"], ["notice", "draft", "190106"], ["notice"], ["audit"],
       ["school", "register", "100000", "--name", "x", "--type", "bogus", "--phase", "primary"],
       ["school", "link", "190106", "190107"], ["school", "link", "190106", "190107", "--kind",
                                                "x"],
       ["status", "--columns", "x"], ["due", "--fmt", "nope"], ["dashboard", "--table", "x"],
       ["dashboard", "--csv"], ["status", "--bogus"], ["bogus"], ["due", "--within", "abc"],
       ["assess", "190106", "--category", "Z", "--rationale", "x"],
       ["sos", "intervene", "190106", "--power", "x"], ["history"],
       ["status", "190106", "--as-of", "2020-13-01"], ["due", "--ics", "--csv"]]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a) for a in BAD])
def test_usage_errors_are_one_line_of_at_most_160_characters(demo: str,
                                                             args: list[str]) -> None:
    result = run(demo, *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert len(lines[0]) <= 160, lines[0]
    assert "--help" in lines[0]
    assert result.stdout == ""


def test_db_is_accepted_after_the_subcommand(demo: str) -> None:
    for args in (["status"], ["audit", "trail"], ["due", "--json"], ["info"]):
        after = CliRunner(env={"COLUMNS": "100"}).invoke(cli, [*args, "--db", demo])
        assert after.exit_code == 0, after.output
        assert after.stdout == ok(demo, *args).stdout


def test_fitting_a_huge_bad_value_takes_no_time() -> None:
    """The reliability fuzz's megabyte arguments: shortening lists must not backtrack."""
    import time

    from sela_workflow.cli.errors import fit

    started = time.perf_counter()
    for message in ("x" * 1_000_000, "ab " * 300_000, "is not one of " + ", ".join(
            f"CODE_{i}" for i in range(50_000)) + "."):
        assert len("Error: " + fit(message, " See: sela x --help")) <= 160
    assert time.perf_counter() - started < 5
