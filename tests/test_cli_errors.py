"""Bad input at the root command: one line, the right exit code, nothing written — for the
cases the reliability fuzz found (reliability/fuzz.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from sela_workflow.cli.main import cli, one_line


def sela(url: str | None, *args: str) -> Any:
    return CliRunner().invoke(cli, (["--db", url] if url else []) + list(args))


def one_error(result: Any, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


def events(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(text("select count(*) from sela_events")).scalar_one())
    engine.dispose()
    return n


@pytest.fixture
def demo(store_url: str) -> str:
    assert sela(store_url, "demo").exit_code == 0
    return store_url


@pytest.mark.parametrize("value", ["caf\udce9", "\udcff\udcfe", "ok\x00no"])
def test_text_that_is_not_utf8_or_holds_nul_is_refused(demo: str, value: str) -> None:
    before = events(demo)
    line = one_error(sela(demo, "assess", "190106", "--category", "B", "--review",
                          "--rationale", value, "--on", "2025-10-01"), 2)
    assert "the value of --rationale" in line
    assert events(demo) == before


def test_a_period_past_any_calendar_is_a_one_line_usage_error(demo: str) -> None:
    line = one_error(sela(demo, "due", "--within", "99999999999999999999d", "--json"), 2)
    assert "is not a period" in line and "up to 99999 days" in line
    assert one_error(sela(demo, "due", "--within", "\uff13\uff10d"), 2)  # full-width 30
    long = sela(demo, "due", "--within", "99999d", "--json")
    assert long.exit_code == 0 and json.loads(long.stdout)


def test_export_into_a_missing_folder_is_one_line_and_leaves_nothing(demo: str,
                                                                     tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "x.jsonl"
    line = one_error(sela(demo, "export", "--out", str(target)), 2)
    # a long path is cut in its middle to keep the line within 160 characters (issue 14)
    assert "the folder " in line and "no/such does not exist" in line and len(line) <= 160
    assert ".partial" not in line
    assert not target.parent.exists()
    assert "--out needs a file name" in one_error(sela(demo, "export", "--out", ""), 2)


def test_export_never_overwrites_unasked_nor_follows_a_planted_partial(demo: str,
                                                                      tmp_path: Path) -> None:
    target = tmp_path / "x.jsonl"
    target.write_text("keep me")
    line = one_error(sela(demo, "export", "--out", str(target)), 2)
    assert "already exists" in line and "--force" in line
    assert target.read_text() == "keep me"
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    (tmp_path / "x.jsonl.partial").symlink_to(victim)
    assert sela(demo, "export", "--out", str(target), "--force").exit_code == 0
    assert victim.read_text() == "untouched"
    assert '"format":"sela-export/1"' in target.read_text().splitlines()[0]
    assert not target.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == [
        "x.jsonl.partial"]  # only the planted one: nothing of ours left behind


def test_a_malformed_url_never_prints_its_password() -> None:
    for url in ("postgresql+psycopg//user:s3cret@host/db",
                "postgresql+psycopg://user:s3cret@[::1/x"):
        line = one_error(sela(url, "status"), 1)
        assert "s3cret" not in line and "user:***@" in line


def test_an_import_line_nested_too_deep_is_refused_with_one_line(store_url: str,
                                                                 tmp_path: Path) -> None:
    bad = tmp_path / "nested.jsonl"
    bad.write_text('{"format": "sela-export/1"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    line = one_error(sela(store_url, "import", str(bad)), 2)
    assert "line 2" in line
    assert events(store_url) == 0


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:p@[::1/x", "mysql://u@h/db",
                                 "not a url", "sqlite:////nonexistent/dir/x.db"])
def test_malformed_database_urls_are_one_line(url: str) -> None:
    one_error(sela(url, "status"), 1)


def test_audit_trail_filters_on_recorded_days(demo: str) -> None:
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date()
    everything = json.loads(sela(demo, "audit", "trail", "--json").stdout)
    recorded_today = sela(demo, "audit", "trail", "--recorded", "--from", today.isoformat(),
                          "--to", today.isoformat(), "--json")
    assert recorded_today.exit_code == 0, recorded_today.output
    assert len(json.loads(recorded_today.stdout)) == len(everything)  # the demo: all today
    none = sela(demo, "audit", "trail", "--recorded", "--to", "2000-01-01", "--json")
    assert json.loads(none.stdout) == []
    edge = sela(demo, "audit", "trail", "--recorded", "--to", "9999-12-31", "--json")
    assert len(json.loads(edge.stdout)) == len(everything)


def test_a_missing_choice_lists_them_on_one_line(demo: str) -> None:
    line = one_error(sela(demo, "contact", "record", "190101"), 2)
    assert "Choose from:" in line and "See:" in line


def test_one_line_shows_control_characters_as_escapes() -> None:
    assert one_line("a\nb\r\n\tc \x1b[31mred\u2028x") == "a b c \\x1b[31mred x"
