"""The auditor's toolkit: tamper evidence on SQLite and PostgreSQL, export and import, time
travel, replay, the history view and encryption at rest.

Tampering is done the way an intruder with database access would: raw SQL on `sela_events`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sela_workflow.aggregates.events import SchoolEvent
from sela_workflow.aggregates.steps.corrections import AnnotateRecord
from sela_workflow.aggregates.steps.school import AssessRisk
from sela_workflow.audit import typed
from sela_workflow.cli.main import cli
from sela_workflow.store import open_app

from .conftest import TODAY, envelope, fresh_pg_database, register
from .intruder import raw
from .staff import STAFF_CSV, staffed_app

DOC = Path(__file__).resolve().parent.parent / "docs" / "audit.md"


def sela(url: str, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args], env=env)


def ok(url: str, *args: str, env: dict[str, str] | None = None) -> Any:
    result = sela(url, *args, env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def demo(store_url: str) -> str:
    ok(store_url, "demo")
    return store_url


@pytest.fixture
def copy_url(store_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty store of the same kind as ``store_url`` (for import)."""
    if not store_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'copy.db'}"
        return
    with fresh_pg_database(store_url, "sela_copy") as url:
        yield url


def school_rows(url: str, urn: str) -> list[Any]:
    """A school's stored rows in version order, found by the URN in its registration."""
    firsts = raw(url, "select originator_id, state from sela_events "
                 "where originator_version = 1")
    school = next(r.originator_id for r in firsts if json.loads(bytes(r.state)).get("urn") == urn)
    return raw(url, "select id, originator_id, originator_version, state from sela_events "
               "where originator_id = :o order by originator_version", o=school)


def head_of(url: str) -> dict[str, Any]:
    return dict(json.loads(ok(url, "audit", "head", "--json").stdout))


def count(url: str) -> int:
    return int(raw(url, "select count(*) as n from sela_events")[0].n)


# -- tamper evidence ---------------------------------------------------------------------------

def test_an_untouched_store_verifies(demo: str) -> None:
    result = ok(demo, "audit", "verify")  # `sela demo` left the chain head covering it all
    assert result.stderr == ""  # no note, and no progress noise when stderr is not a terminal
    head = head_of(demo)
    assert result.stdout == (f"Verified {count(demo)} events of 14 schools: every hash and "
                             f"chain intact.\nChain head: {head['head']}\n")
    assert head["events"] == count(demo) and head["last_recorded_at"]
    one = ok(demo, "audit", "verify", "190106")
    assert one.stdout.startswith(f"Verified {len(school_rows(demo, '190106'))} events of "
                                 "school 190106")


def test_altered_bytes_are_detected(demo: str) -> None:
    row = school_rows(demo, "190106")[2]
    state = json.loads(bytes(row.state))
    state["actor"] = "x.intruder"
    raw(demo, "update sela_events set state = :s where id = :i",
        s=json.dumps(state).encode(), i=row.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: Integrity check failed at school 190106 version 3 "
                             f"(position {row.id}): its content does not match its hash: it "
                             "was altered outside SELA.\n")
    assert result.stdout == ""
    assert sela(demo, "audit", "verify", "190106").exit_code == 3
    assert ok(demo, "audit", "verify", "190101").stdout.startswith("Verified")


def test_garbled_bytes_are_an_integrity_failure_everywhere(demo: str) -> None:
    row = school_rows(demo, "190106")[1]
    raw(demo, "update sela_events set state = :s where id = :i", s=b"\x00garbage", i=row.id)
    for args in (["audit", "verify"], ["audit", "verify", "190106"], ["export", "190106"],
                 ["history", "190106"], ["replay", "190106", "--to-version", "3"],
                 ["status", "190106", "--as-of", "2026-11-01"], ["projections", "rebuild"]):
        result = sela(demo, *args)
        assert result.exit_code == 3, (args, result.output)
        assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1
    assert "school 190106 version 2" in sela(demo, "audit", "verify").stderr
    assert "cannot be decoded" in sela(demo, "audit", "verify").stderr


def test_a_deleted_event_is_detected(demo: str) -> None:
    rows = school_rows(demo, "190106")
    raw(demo, "delete from sela_events where id = :i", i=rows[3].id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert (f"school 190106 version 5 (position {rows[4].id}): it follows version 3"
            in result.stderr)


def test_deleting_a_schools_newest_event_is_caught_by_the_chain_head(demo: str) -> None:
    last = head_of(demo)["position"]
    raw(demo, "delete from sela_events where id = :i", i=last)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert f"at position {last}: the event there" in result.stderr and "removed" in result.stderr


def test_deleting_the_heads_event_is_caught_even_with_newer_events(demo: str) -> None:
    """The head covers position P; more events were stored before the head moved on; the row at
    P (its school's newest) is deleted. Every school's own chain is intact: the head catches it."""
    last = head_of(demo)["position"]
    app = open_app(demo, today=lambda: TODAY)
    register(app, "190199")  # recorded through the application: the head is not moved on
    app.close()
    assert raw(demo, "select max(id) as m from sela_events")[0].m > last
    note = ok(demo, "audit", "verify").stderr
    assert f"covers the first {count(demo) - 1} of these events" in note
    raw(demo, "delete from sela_events where id = :i", i=last)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3 and f"at position {last}: the event there" in result.stderr


def test_swapped_events_are_detected(demo: str) -> None:
    rows = school_rows(demo, "190106")
    a, b = rows[2], rows[3]
    raw(demo, "update sela_events set state = :s where id = :i", s=bytes(b.state), i=a.id)
    raw(demo, "update sela_events set state = :s where id = :i", s=bytes(a.state), i=b.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert f"school 190106 version 3 (position {a.id})" in result.stderr


def test_events_reordered_between_schools_are_caught_by_the_chain_head(demo: str) -> None:
    """Two neighbouring events of different schools change places in the log: each school's
    chain is still intact, but the store-wide fold is not."""
    rows = raw(demo, "select id, originator_id from sela_events order by id")
    a, b = next((x, y) for x, y in itertools.pairwise(rows)
                if x.originator_id != y.originator_id)
    raw(demo, "update sela_events set id = -1 where id = :a", a=a.id)
    raw(demo, "update sela_events set id = :a where id = :b", a=a.id, b=b.id)
    raw(demo, "update sela_events set id = :b where id = -1", b=b.id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert "do not give the chain head the store recorded" in result.stderr


def test_an_inserted_event_is_detected(demo: str) -> None:
    rows = school_rows(demo, "190106")
    raw(demo, "insert into sela_events (originator_id, originator_version, topic, state) "
        "select originator_id, :v, topic, state from sela_events where id = :i",
        v=len(rows) + 1, i=rows[1].id)
    result = sela(demo, "audit", "verify")
    assert result.exit_code == 3
    assert f"school 190106 version {len(rows) + 1}" in result.stderr
    assert "does not chain to the event before it" in result.stderr


def test_anchored_head_must_be_reached(demo: str) -> None:
    head = head_of(demo)["head"]
    assert sela(demo, "audit", "verify", "--anchor", head).exit_code == 0
    assert sela(demo, "audit", "verify", "--anchor", head[:16]).exit_code == 0
    bad = sela(demo, "audit", "verify", "--anchor", "ab" * 32)
    assert bad.exit_code == 3 and "anchored head" in bad.stderr
    for args, expected in ((["--anchor", head[:4]], "is not a chain head"),
                           (["--anchor", "not-hex-at-all-0123"], "is not a chain head"),
                           (["190106", "--anchor", head], "drop the URN")):
        usage = sela(demo, "audit", "verify", *args)
        assert usage.exit_code == 2 and expected in usage.stderr


def test_verify_an_unknown_school(demo: str) -> None:
    result = sela(demo, "audit", "verify", "100999")
    assert result.exit_code == 1 and "No school with URN 100999" in result.stderr


# -- export and import -------------------------------------------------------------------------

def _without_position(lines: list[str]) -> list[dict[str, Any]]:
    return [{k: v for k, v in json.loads(x).items() if k != "position"} for x in lines]


def test_export_then_import_gives_identical_hashes_and_status(demo: str, copy_url: str,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    ok(demo, "export", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    source_head = head_of(demo)
    assert header["format"] == "sela-export/1" and header["events"] == count(demo)
    assert header["chain_head"] == source_head["head"] and len(lines) == count(demo) + 1
    first = json.loads(lines[1])
    assert {"position", "school_id", "urn", "version", "event_type", "timestamp", "fields",
            "prev_hash", "hash"} <= set(first)
    first_school = next(json.loads(x) for x in lines[1:] if json.loads(x)["urn"])
    assert first_school["fields"]["effective_date"] == "2024-09-02"

    imported = ok(copy_url, "import", str(out))
    assert f"Imported {count(demo)} events" in imported.stderr
    stored = "select originator_version, topic, state from sela_events order by id"
    assert [(r.originator_version, r.topic, bytes(r.state)) for r in raw(copy_url, stored)] \
        == [(r.originator_version, r.topic, bytes(r.state)) for r in raw(demo, stored)]
    assert head_of(copy_url)["head"] == source_head["head"]
    assert ok(copy_url, "audit", "verify", "--anchor", source_head["head"]).stdout == \
        ok(demo, "audit", "verify").stdout
    assert ok(copy_url, "status", "--json").stdout == ok(demo, "status", "--json").stdout
    assert ok(copy_url, "history", "190106", "--json").stdout == \
        ok(demo, "history", "190106", "--json").stdout
    again = tmp_path / "again.jsonl"
    ok(copy_url, "export", "--out", str(again))
    assert _without_position(again.read_text(encoding="utf-8").splitlines()[1:]) == \
        _without_position(lines[1:])

    refused = sela(copy_url, "import", str(out))
    assert refused.exit_code == 2 and "already holds events" in refused.stderr


def test_one_school_exports_and_imports_and_a_truncated_file_is_refused(
        demo: str, copy_url: str, tmp_path: Path) -> None:
    out = tmp_path / "190106.jsonl"
    ok(demo, "export", "190106", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["events"] == len(lines) - 1 == len(school_rows(demo, "190106"))
    assert {json.loads(x)["urn"] for x in lines[1:]} == {"190106"}
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    result = sela(copy_url, "import", str(cut))
    assert result.exit_code == 2 and "lines were removed or added" in result.stderr
    assert count(copy_url) == 0
    ok(copy_url, "import", str(out))
    mine = json.loads(ok(copy_url, "status", "190106", "--json").stdout)
    assert mine == json.loads(ok(demo, "status", "190106", "--json").stdout)


def _bad(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_import_refuses_a_file_that_does_not_verify_naming_the_line(
        demo: str, copy_url: str, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    ok(demo, "export", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    def refused(name: str, changed: list[str], expected: str) -> None:
        result = sela(copy_url, "import", _bad(tmp_path, name, changed))
        assert result.exit_code == 2, result.output
        assert expected in result.stderr and len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.output

    altered = json.loads(lines[7])
    altered["fields"]["actor"] = "z.nobody"
    refused("altered", [*lines[:7], json.dumps(altered), *lines[8:]],
            "line 8 (school ")
    refused("altered", [*lines[:7], json.dumps(altered), *lines[8:]],
            "does not match its hash")
    refused("dropped", lines[:5] + lines[6:], "line 6 breaks the chain")
    refused("swapped", [*lines[:5], lines[6], lines[5], *lines[7:]], "line 6 breaks the chain")
    refused("notes", ["hello"], "line 1 is not JSON")
    refused("array", [lines[0], "[1, 2]"], "line 2 is not a valid event")
    no_fields = json.loads(lines[1])
    no_fields["fields"] = "none"
    refused("fields", [lines[0], json.dumps(no_fields)], "line 2 is not a valid event")
    unknown = json.loads(lines[1])
    unknown["event_type"] = "SchoolDemolished"
    refused("unknown", [lines[0], json.dumps(unknown)], "unknown event type 'SchoolDemolished'")
    refused("headerless", lines[1:], "line 1 is not a sela-export/1 header")
    refused("empty", [""], "the file is empty")
    (tmp_path / "latin1.jsonl").write_bytes(b"\xff\xfe\x00")
    result = sela(copy_url, "import", str(tmp_path / "latin1.jsonl"))
    assert result.exit_code == 2 and "not a UTF-8 text file" in result.stderr
    assert count(copy_url) == 0  # nothing was written by any refused import


def test_stored_values_come_back_with_their_types() -> None:
    """Import types each exported value by its field's annotation, so new event classes with
    dates in lists, dicts or optionals are stored exactly as they were recorded."""
    from eventsourcing.persistence import JSONTranscoder

    t = JSONTranscoder()
    d = dt.date(2025, 10, 1)
    assert typed("2025-10-01", dt.date, t) == d
    assert typed("2025-10-01", dt.date | None, t) == d
    assert typed(None, dt.date | None, t) is None
    assert typed(["2025-10-01"], list[dt.date], t) == [d]
    assert typed(["2025-10-01"], tuple[dt.date, ...], t) == [d]  # stored tuples are lists
    assert typed({"WN1": "2025-10-01"}, dict[str, dt.date], t) == {"WN1": d}
    assert typed({"a": ["2025-10-01"]}, dict[str, list[dt.date]], t) == {"a": [d]}
    assert typed("2025-10-01T09:30:00+00:00", dt.datetime, t) == dt.datetime(
        2025, 10, 1, 9, 30, tzinfo=dt.UTC)
    assert typed("2025-10-01", str, t) == "2025-10-01"
    assert typed({"x": "2025-10-01"}, dict[str, Any], t) == {"x": "2025-10-01"}


def test_the_documented_recipe_checks_an_export_without_sela(demo: str, tmp_path: Path) -> None:
    """docs/audit.md shows how to check an export with nothing but Python's standard library."""
    recipe = DOC.read_text(encoding="utf-8").split("<!-- export-recipe", 1)[1]
    code = re.search(r"```python\n(.*?)```", recipe, re.S)
    assert code
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), "docs/audit.md", "exec"), namespace)
    out = tmp_path / "export.jsonl"
    ok(demo, "export", "--out", str(out))
    assert namespace["check"](str(out)) == head_of(demo)["head"]
    lines = out.read_text(encoding="utf-8").splitlines()
    altered = json.loads(lines[3])
    altered["fields"]["reason"] = "something else"
    out.write_text("\n".join([*lines[:3], json.dumps(altered), *lines[4:]]) + "\n",
                   encoding="utf-8")
    with pytest.raises(AssertionError):
        namespace["check"](str(out))


# -- time travel -------------------------------------------------------------------------------

@pytest.fixture
def recorded_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dt.datetime]]:
    """Control the recorded time (the library's event timestamp, which the School reads through
    ``create_timestamp`` before hashing) without touching the domain code."""
    now = [dt.datetime(2025, 9, 19, 10, 0, tzinfo=dt.UTC)]
    monkeypatch.setattr(SchoolEvent, "create_timestamp", classmethod(lambda cls: now[0]))
    yield now


def category(url: str, urn: str, *args: str) -> str:
    return str(json.loads(ok(url, "status", urn, *args, "--json").stdout)[0]["category"])


def documented_answers() -> list[tuple[str, str]]:
    """The commands and answers of the worked example's table in docs/audit.md."""
    section = DOC.read_text(encoding="utf-8").split("<!-- back-dating-answers", 1)[1]
    table = section.split("\n\n", 1)[0]
    return re.findall(r"`(sela status [^`]+)` \| \*\*([A-D])\*\*", table)


def test_the_documented_back_dating_example(store_url: str,
                                            recorded_clock: list[dt.datetime]) -> None:
    """docs/audit.md: B recorded on 19 Sept; on 3 Nov a review of 1 Oct is recorded: C."""
    app = staffed_app(store_url, today=lambda: dt.date(2025, 11, 3))
    register(app, "190140", envelope=envelope("2024-09-02"))
    app.handle(AssessRisk(urn="190140", category="B", rationale="Outcomes below national"),
               envelope("2025-09-19"))
    recorded_clock[0] = dt.datetime(2025, 11, 3, 9, 30, tzinfo=dt.UTC)
    app.handle(AssessRisk(urn="190140", category="C", rationale="Review on 1 October found "
                          "leadership not cohesive", review=True), envelope("2025-10-01"))
    app.close()

    answers = documented_answers()
    assert len(answers) == 5
    for command, expected in answers:
        assert category(store_url, *shlex.split(command)[2:]) == expected, command
    early = sela(store_url, "status", "190140", "--as-of", "2024-01-01")
    assert early.exit_code == 1 and "had been recorded" in early.stderr
    before = sela(store_url, "status", "190140", "--effective-on", "2024-09-01")
    assert before.exit_code == 1 and "was not registered on 2024-09-01" in before.stderr


def test_as_of_ends_the_day_at_london_midnight(store_url: str,
                                               recorded_clock: list[dt.datetime]) -> None:
    """In British Summer Time 23:30 UTC is already the next day in London."""
    app = staffed_app(store_url, today=lambda: dt.date(2025, 11, 3))
    for urn, recorded in (("190141", dt.datetime(2025, 10, 15, 23, 30, tzinfo=dt.UTC)),
                          ("190142", dt.datetime(2025, 10, 15, 22, 30, tzinfo=dt.UTC))):
        recorded_clock[0] = dt.datetime(2025, 9, 19, 10, 0, tzinfo=dt.UTC)
        register(app, urn, envelope=envelope("2024-09-02"))
        app.handle(AssessRisk(urn=urn, category="B", rationale="r"), envelope("2025-09-19"))
        recorded_clock[0] = recorded
        app.handle(AssessRisk(urn=urn, category="C", rationale="r", review=True),
                   envelope("2025-10-01"))
    app.close()
    assert category(store_url, "190141", "--as-of", "2025-10-15") == "B"  # 00:30 on 16 Oct
    assert category(store_url, "190141", "--as-of", "2025-10-16") == "C"
    assert category(store_url, "190142", "--as-of", "2025-10-15") == "C"  # 23:30 on 15 Oct


def test_effective_on_names_an_event_it_cannot_fold(sqlite_url: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A note may not be dated before the entry it annotates (the fold is in effective-date
    order). And should an event's code ever fail to fold, one line names it: no crash."""
    from sela_workflow.aggregates.errors import InvalidInput
    from sela_workflow.aggregates.events import RecordAnnotated

    app = staffed_app(sqlite_url, today=lambda: TODAY)
    register(app, "190143", envelope=envelope("2024-09-02"))
    app.handle(AssessRisk(urn="190143", category="C", rationale="r"), envelope("2025-09-19"))
    with pytest.raises(InvalidInput, match="before the event it annotates"):
        app.handle(AnnotateRecord(urn="190143", version=2, note="typo in rationale"),
                   envelope("2025-09-10"))
    app.handle(AnnotateRecord(urn="190143", version=2, note="typo in rationale"),
               envelope("2025-09-22"))
    app.close()

    def fails_to_fold(self: Any, state: Any) -> Any:
        raise KeyError(self.annotates_version)

    assert category(sqlite_url, "190143", "--effective-on", "2025-09-20") == "C"
    monkeypatch.setattr(RecordAnnotated, "evolve", fails_to_fold)
    result = sela(sqlite_url, "status", "190143", "--effective-on", "2025-09-25")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "version 5 (RecordAnnotated, effective 2025-09-22)" in result.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["status", "190106", "--as-of", "2025-10-01", "--effective-on", "2025-10-01"], "not both"),
    (["status", "--as-of", "2025-10-01"], "need a URN"),
    (["status", "190106", "--effective-on", "2025-10-01", "--category", "C"],
     "show one school"),
    (["status", "190106", "--as-of", "1 October"], "not a valid date"),
])
def test_time_travel_usage_errors(sqlite_url: str, args: list[str], expected: str) -> None:
    result = sela(sqlite_url, *args)
    assert result.exit_code == 2 and expected in result.stderr


def test_replay_to_a_version(demo: str) -> None:
    data = json.loads(ok(demo, "replay", "190106", "--to-version", "4", "--json").stdout)
    assert [e["version"] for e in data["events"]] == [1, 2, 3, 4]
    assert data["status"]["version"] == 4 and data["status"]["category"] == "C"
    human = ok(demo, "replay", "190106", "--to-version", "3").stdout
    assert "RiskAssessmentCompleted" in human and "CategoryChanged" not in human
    result = sela(demo, "replay", "190106", "--to-version", "999")
    assert result.exit_code == 2 and "versions 1 to" in result.stderr


# -- the history view --------------------------------------------------------------------------

def test_history_shows_reason_documents_and_warnings(store_url: str) -> None:
    ok(store_url, "init")
    ok(store_url, "people", "load", STAFF_CSV)
    ok(store_url, "school", "register", "190150", "--name", "Surrey Docks Academy", "--type",
       "academy-converter", "--phase", "primary", "--trust", "Thames Learning Trust",
       "--on", "2024-09-02")
    ok(store_url, "assess", "190150", "--category", "C", "--rationale", "Outcomes below",
       "--on", "2025-09-19", "--reason", "Annual desktop assessment", "--doc", "RA-190150",
       "--doc", "MIN-7")
    warned = ok(store_url, "communicate", "190150", "--to", "HT", "--to", "CHAIR",
                "--on", "2025-09-26")
    warning = warned.stderr.splitlines()[0].removeprefix("warning: ")
    out = ok(store_url, "history", "190150").stdout
    assert "Reason: Annual desktop assessment" in out
    assert "Documents: RA-190150, MIN-7" in out
    shown = out.split("Warning: ", 1)[1].split("\n")[:3]
    assert " ".join(warning.split()[:8]) in " ".join(" ".join(shown).split())
    csv_rows = ok(store_url, "history", "190150", "--csv").stdout
    assert warning in csv_rows and "RA-190150; MIN-7" in csv_rows


# -- encryption at rest ------------------------------------------------------------------------

def test_encryption_at_rest(store_url: str, copy_url: str, tmp_path: Path) -> None:
    key = ok(store_url, "key", "new").stdout.strip()
    env = {"SELA_CIPHER_KEY": key}
    ok(store_url, "demo", env=env)
    for row in raw(store_url, "select state from sela_events"):
        assert b"Walworth Road" not in bytes(row.state)  # every stored event is ciphertext
    assert ok(store_url, "audit", "verify", env=env).stdout.startswith("Verified")

    def refused(key_value: str, expected: str, url: str = store_url) -> None:
        result = sela(url, "status", env={"SELA_CIPHER_KEY": key_value})
        assert result.exit_code == 1 and expected in result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output

    refused("", "This store is encrypted: set SELA_CIPHER_KEY")
    refused(ok(store_url, "key", "new").stdout.strip(), "the key is wrong")
    refused("not-a-key", "not a valid key")

    # The export is the open, decrypted record: it imports into a store under another key,
    # with the same chain head; a plain store refuses a key.
    out = tmp_path / "export.jsonl"
    ok(store_url, "export", "--out", str(out), env=env)
    assert "Walworth Road" in out.read_text(encoding="utf-8")
    other = {"SELA_CIPHER_KEY": ok(store_url, "key", "new").stdout.strip()}
    ok(copy_url, "import", str(out), env=other)
    assert head_of_with(copy_url, other)["head"] == head_of_with(store_url, env)["head"]
    assert ok(copy_url, "audit", "verify", env=other).stdout == \
        ok(store_url, "audit", "verify", env=env).stdout
    refused(key, "the key is wrong", url=copy_url)
    plain = f"sqlite:///{tmp_path / 'plain.db'}"
    ok(plain, "demo")
    refused(key, "the key is wrong, or the store is not encrypted", url=plain)


def head_of_with(url: str, env: dict[str, str]) -> dict[str, Any]:
    return dict(json.loads(ok(url, "audit", "head", "--json", env=env).stdout))
