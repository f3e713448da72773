"""The auditor's toolkit: tamper evidence on SQLite and PostgreSQL, export and import, time
travel, replay and encryption at rest."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sela_workflow.aggregates.events import SchoolEvent
from sela_workflow.cli.main import cli
from sqlalchemy import create_engine, text

from sela_workflow.store import open_app

from .conftest import envelope, register


def sela(url: str, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args], env=env)


@pytest.fixture
def demo(store_url: str) -> str:
    assert sela(store_url, "demo").exit_code == 0
    return store_url


def raw(url: str, sql: str, **params: Any) -> list[Any]:
    """Change the database behind SELA's back, as an intruder with SQL access would."""
    engine = create_engine(url)
    with engine.begin() as conn:
        result = conn.execute(text(sql), params)
        rows = result.all() if result.returns_rows else []
    engine.dispose()
    return rows


def event_row(url: str, urn_version: int, nth_school: int = 5) -> Any:
    """A stored row: the n-th school's event at a version."""
    rows = raw(url, "select id, originator_id, originator_version from sela_events "
               "where originator_version = 1 order by id")
    school = rows[nth_school].originator_id
    return raw(url, "select id, originator_id, originator_version, state from sela_events "
               "where originator_id = :o and originator_version = :v",
               o=school, v=urn_version)[0]


def test_an_untouched_store_verifies(demo: str) -> None:
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Verified 204 events of 14 schools")
    one = sela(demo, "audit", "verify", "190106")
    assert one.exit_code == 0 and "school 190106" in one.stdout


def test_altered_bytes_are_detected(demo: str) -> None:
    row = event_row(demo, 3)
    state = bytes(row.state).replace(b'"a.mensah"', b'"x.intrud"').replace(
        b'"r.clarke"', b'"x.intrud"').replace(b'"s.byrne"', b'"x.intru"')
    assert state != bytes(row.state)
    raw(demo, "update sela_events set state = :s where id = :i", s=state, i=row.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert f"event at position {row.id} (school 190106, version 3)" in result.stderr
    assert "does not match its hash" in result.stderr


def test_garbled_bytes_are_detected_not_a_traceback(demo: str) -> None:
    row = event_row(demo, 2)
    raw(demo, "update sela_events set state = :s where id = :i", s=b"\x00garbage", i=row.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3 and "cannot be decoded" in result.stderr
    assert "Traceback" not in result.output


def test_a_deleted_event_is_detected(demo: str) -> None:
    row = event_row(demo, 4)
    raw(demo, "delete from sela_events where id = :i", i=row.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert "version 5" in result.stderr and "follows version 3" in result.stderr


def test_deleting_a_schools_newest_event_is_caught_by_the_chain_head(demo: str) -> None:
    assert sela(demo, "audit", "head").exit_code == 0  # the head now covers every event
    last = raw(demo, "select max(id) as id from sela_events")[0].id
    raw(demo, "delete from sela_events where id = :i", i=last)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3 and "removed" in result.stderr


def test_swapped_events_are_detected(demo: str) -> None:
    a, b = event_row(demo, 3), event_row(demo, 4)
    raw(demo, "update sela_events set state = :s where id = :i", s=bytes(b.state), i=a.id)
    raw(demo, "update sela_events set state = :s where id = :i", s=bytes(a.state), i=b.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert f"position {a.id}" in result.stderr


def test_anchored_head_must_be_reached(demo: str) -> None:
    head = json.loads(sela(demo, "audit", "head", "--json").stdout)["head"]
    assert sela(demo, "audit", "verify", "--anchor", head).exit_code == 0
    bad = sela(demo, "audit", "verify", "--anchor", "ab" * 32)
    assert bad.exit_code == 3 and "anchored head" in bad.stderr


def test_export_then_import_gives_identical_hashes_and_status(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    assert sela(demo, "export", "--out", str(out)).exit_code == 0
    lines = out.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "sela-export/1" and len(lines) == 205
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    assert sela(copy, "init").exit_code == 0
    imported = sela(copy, "import", str(out))
    assert imported.exit_code == 0, imported.output
    head = json.loads(sela(demo, "audit", "head", "--json").stdout)["head"]
    assert json.loads(sela(copy, "audit", "head", "--json").stdout)["head"] == head
    assert sela(copy, "audit", "verify", "--anchor", head).exit_code == 0
    assert sela(copy, "status", "--json").stdout == sela(demo, "status", "--json").stdout
    hashes = [json.loads(line)["hash"] for line in lines[1:]]
    again = tmp_path / "again.jsonl"
    sela(copy, "export", "--out", str(again))
    assert [json.loads(line)["hash"] for line in again.read_text().splitlines()[1:]] == hashes
    refused = sela(copy, "import", str(out))
    assert refused.exit_code == 2 and "already holds events" in refused.stderr


def test_import_refuses_an_altered_file_naming_the_line(tmp_path: Path, sqlite_url: str) -> None:
    sela(sqlite_url, "demo")
    out = tmp_path / "export.jsonl"
    sela(sqlite_url, "export", "--out", str(out))
    lines = out.read_text().splitlines()
    lines[7] = lines[7].replace('"a.mensah"', '"z.nobody"').replace('"r.clarke"', '"z.nobody"')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    sela(copy, "init")
    result = sela(copy, "import", str(bad))
    assert result.exit_code == 2 and "line 8" in result.stderr
    assert json.loads(sela(copy, "info", "--json").stdout)["events"] == 0
    dropped = tmp_path / "dropped.jsonl"
    dropped.write_text("\n".join(lines[:5] + lines[6:]) + "\n")
    assert "line" in sela(copy, "import", str(dropped)).stderr
    notjson = tmp_path / "notes.txt"
    notjson.write_text("hello\n")
    result = sela(copy, "import", str(notjson))
    assert result.exit_code == 2 and "line 1 is not JSON" in result.stderr


@pytest.fixture
def recorded_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dt.datetime]]:
    """Control the recorded time (the library's event timestamp) for the back-dating example."""
    now = [dt.datetime(2025, 9, 19, 10, 0, tzinfo=dt.UTC)]
    monkeypatch.setattr(SchoolEvent, "create_timestamp", classmethod(lambda cls: now[0]))
    yield now


def test_the_documented_back_dating_example(sqlite_url: str,
                                            recorded_clock: list[dt.datetime]) -> None:
    """docs/audit.md: B recorded on 19 Sept; on 3 Nov a review of 1 Oct is recorded: C."""
    app = open_app(sqlite_url, create=True, today=lambda: dt.date(2025, 11, 3))
    register(app, "190140", envelope=envelope("2024-09-02"))
    app.assess("190140", category="B", rationale="Outcomes below national",
               envelope=envelope("2025-09-19"))
    recorded_clock[0] = dt.datetime(2025, 11, 3, 9, 30, tzinfo=dt.UTC)
    app.assess("190140", category="C", rationale="Review on 1 October found leadership "
               "not cohesive", review=True, envelope=envelope("2025-10-01"))
    app.close()

    def category(*args: str) -> str:
        result = sela(sqlite_url, "status", "190140", *args, "--json")
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)[0]["category"])

    assert category("--as-of", "2025-10-15") == "B"        # what the record said then
    assert category("--effective-on", "2025-10-15") == "C"  # the position then, known now
    assert category("--effective-on", "2025-09-25") == "B"
    assert category("--as-of", "2025-11-03") == "C"
    early = sela(sqlite_url, "status", "190140", "--as-of", "2024-01-01")
    assert early.exit_code == 1 and "had been recorded" in early.stderr


def test_replay_to_a_version(demo: str) -> None:
    data = json.loads(sela(demo, "replay", "190106", "--to-version", "4", "--json").stdout)
    assert len(data["events"]) == 4 and data["status"]["version"] == 4
    assert data["status"]["category"] == "C"
    result = sela(demo, "replay", "190106", "--to-version", "999")
    assert result.exit_code == 2 and "versions 1 to" in result.stderr


def test_encryption_at_rest(sqlite_url: str, tmp_path: Path) -> None:
    key = sela(sqlite_url, "key", "new").stdout.strip()
    env = {"SELA_CIPHER_KEY": key}
    assert sela(sqlite_url, "demo", env=env).exit_code == 0
    db = Path(sqlite_url.removeprefix("sqlite:///"))
    events_only = db.read_bytes()
    assert b"Walworth Road" not in events_only  # the event store holds ciphertext
    assert sela(sqlite_url, "audit", "verify", env=env).exit_code == 0
    missing = sela(sqlite_url, "status", env={"SELA_CIPHER_KEY": ""})
    assert missing.exit_code == 1 and "This store is encrypted" in missing.stderr
    wrong = sela(sqlite_url, "status", env={"SELA_CIPHER_KEY": sela(sqlite_url, "key",
                                                                      "new").stdout.strip()})
    assert wrong.exit_code == 1 and "key is wrong" in wrong.stderr
    malformed = sela(sqlite_url, "status", env={"SELA_CIPHER_KEY": "not-a-key"})
    assert malformed.exit_code == 1 and "not a valid key" in malformed.stderr
