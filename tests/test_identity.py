"""Who did it, provably (docs/security.md): the register checked on each step's date (ID-01),
administrators only for the register and policy (ID-02), read-only roles (ID-03), separation
of duties (SD-01, SD-02), and on PostgreSQL the session's login as the actor, with an event
table that refuses UPDATE and DELETE for everyone."""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sela_workflow import clock
from sela_workflow.aggregates.events import REGISTRY
from sela_workflow.aggregates.events.base import ENVELOPE
from sela_workflow.cli.main import cli

from .staff import STAFF_CSV

REGISTER = ["school", "register", "190106", "--name", "Walworth Road", "--type", "community",
            "--phase", "secondary", "--on", "2024-09-02"]


def sela(url: str, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args], env=env)


def ok(url: str, *args: str, env: dict[str, str] | None = None) -> Any:
    result = sela(url, *args, env=env)
    assert result.exit_code == 0, result.output
    return result


def one_line(result: Any, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def events(url: str) -> int:
    return int(json.loads(sela(url, "info", "--json").stdout)["events"])


@pytest.fixture
def store(sqlite_url: str) -> str:
    ok(sqlite_url, "init")  # a.mensah (tests/conftest.py) is the first ADMIN
    ok(sqlite_url, "people", "load", STAFF_CSV)
    ok(sqlite_url, *REGISTER)
    return sqlite_url


def drafted(url: str, on: str = "2025-10-01") -> str:
    ok(url, "assess", "190106", "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    ok(url, "communicate", "190106", "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    return str(ok(url, "notice", "draft", "190106", "--ground", "SAFETY", "--matters", "m",
                  "--action", "a", "--compliance-end", "2025-11-14", "--minded", "m",
                  "--on", on).stdout.strip())


def test_no_event_field_is_shadowed_by_the_envelope() -> None:
    """A step's own field named like an envelope field (``role``) would be overwritten by
    the recorder's: every event class keeps them apart."""
    for cls in REGISTRY.values():
        clash = set(getattr(cls, "__annotations__", {})) & set(ENVELOPE)
        assert not clash, (cls.__name__, clash)


@pytest.mark.rule("ID-01")
def test_a_step_needs_a_role_its_recorder_held_on_its_date(store: str) -> None:
    before = events(store)
    line = one_line(sela(store, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19", "--actor", "stranger"), 1)
    assert "stranger is not in the authority's register" in line and "(ID-01, " in line
    ok(store, "people", "add", "n.new", "--name", "New Adviser", "--role", "LA_ADVISER",
       "--from", "2026-01-05")
    before = events(store)
    line = one_line(sela(store, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19", "--actor", "n.new", "--role", "LA_ADVISER"), 1)
    assert "did not hold the role LA_ADVISER on 2025-09-19" in line and "(ID-01, " in line
    line = one_line(sela(store, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19", "--role", "CHEF"), 2)
    assert "Unknown role 'CHEF'" in line
    assert events(store) == before
    ok(store, "people", "end-role", "r.clarke", "LA_ADVISER", "--on", "2025-08-31")
    line = one_line(sela(store, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19", "--actor", "r.clarke", "--role", "LA_ADVISER"),
                    1)
    assert "did not hold the role LA_ADVISER on 2025-09-19" in line
    ok(store, "assess", "190106", "--category", "C", "--rationale", "r", "--on", "2025-08-29",
       "--actor", "r.clarke")  # the day before the role ended: held


@pytest.mark.rule("ID-01")
def test_an_approval_back_filled_before_the_director_held_the_role_is_refused(
        sqlite_url: str) -> None:
    ok(sqlite_url, "init")
    ok(sqlite_url, "people", "add", "a.mensah", "--name", "Abena Mensah", "--role",
       "LA_ADVISER", "--from", "2019-09-01")
    ok(sqlite_url, "people", "add", "d.okafor", "--name", "Dr David Okafor", "--role",
       "DIRECTOR_CHILDREN_FAMILIES", "--from", "2025-11-01")
    ok(sqlite_url, *REGISTER)
    wn = drafted(sqlite_url)
    before = events(sqlite_url)
    line = one_line(sela(sqlite_url, "notice", "approve", "190106", wn, "--approved-by",
                         "d.okafor", "--on", "2025-10-02"), 1)
    assert "d.okafor did not hold the Director of Children and Families role on 2025-10-02" \
        in line and "(WN-05, " in line
    line = one_line(sela(sqlite_url, "notice", "approve", "190106", wn, "--actor", "d.okafor",
                         "--role", "DIRECTOR_CHILDREN_FAMILIES", "--on", "2025-10-02"), 1)
    assert "(ID-01, " in line  # recording it as the director, before they were, is no better
    assert events(sqlite_url) == before
    ok(sqlite_url, "notice", "approve", "190106", wn, "--approved-by", "d.okafor", "--on",
       "2025-11-03")
    approved = [h for h in json.loads(sela(sqlite_url, "history", "190106", "--json").stdout)
                if h["event"] == "WarningNoticeApproved"]
    assert [(a["data"]["approved_by"], a["actor"]) for a in approved] == [
        ("d.okafor", "a.mensah")]


@pytest.mark.rule("SD-01")
def test_the_drafter_of_a_notice_cannot_approve_it(store: str) -> None:
    ok(store, "people", "add", "d.okafor", "--name", "Dr David Okafor", "--role", "LA_ADVISER",
       "--from", "2000-01-01")  # the director also holds an adviser's role
    wn = drafted(store, "2025-10-01")
    before = events(store)
    ok(store, "assess", "190106", "--category", "D", "--rationale", "r", "--on", "2025-10-01",
       "--review", "--actor", "d.okafor", "--role", "LA_ADVISER")
    before = events(store)
    line = one_line(sela(store, "notice", "approve", "190106", wn, "--approved-by", "a.mensah",
                         "--on", "2025-10-02"), 1)
    assert "(WN-05, " in line  # a.mensah is no director
    drafter_wn = str(ok(store, "notice", "draft", "190106", "--ground", "SAFETY", "--matters",
                        "m", "--action", "a", "--compliance-end", "2025-11-21", "--minded",
                        "m", "--on", "2025-10-03", "--actor", "d.okafor", "--role",
                        "LA_ADVISER").stdout.strip())
    before = events(store)
    line = one_line(sela(store, "notice", "approve", "190106", drafter_wn, "--actor",
                         "d.okafor", "--role", "DIRECTOR_CHILDREN_FAMILIES", "--on",
                         "2025-10-06"), 1)
    assert f"d.okafor drafted {drafter_wn}" in line and "(SD-01, " in line
    assert events(store) == before


@pytest.mark.rule("ID-02")
def test_only_an_administrator_changes_the_register_or_the_policy(store: str) -> None:
    before = events(store)
    for args in (["people", "add", "x.y", "--name", "X Y", "--role", "LA_ADVISER"],
                 ["people", "end-role", "d.okafor", "DIRECTOR_CHILDREN_FAMILIES", "--on",
                  "2026-01-01"],
                 ["policy", "set", "override_roles=LA_ADVISER", "--reason", "r"]):
        line = one_line(sela(store, *args, "--actor", "r.clarke"), 1)
        assert "(ID-02, " in line and "r.clarke is not ADMIN" in line
    assert events(store) == before
    line = one_line(sela(store, "people", "end-role", "a.mensah", "ADMIN", "--on",
                         clock.today().isoformat()), 1)
    assert "no administrator" in line  # the last ADMIN stays


@pytest.mark.rule("ID-03")
def test_a_read_only_role_records_nothing(store: str) -> None:
    ok(store, "people", "add", "k.audit", "--name", "Kim Auditor", "--role", "AUDITOR")
    before = events(store)
    line = one_line(sela(store, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19", "--actor", "k.audit", "--role", "AUDITOR"), 1)
    assert "AUDITOR is a read-only role" in line and "(ID-03, " in line
    assert events(store) == before
    assert sela(store, "status", "190106").exit_code == 0  # reading is for everyone


@pytest.mark.rule("SD-02")
def test_a_local_policy_file_cannot_widen_who_may_override(store: str, tmp_path: Any,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    wide = tmp_path / "policy.toml"
    wide.write_text('override_roles = ["LA_ADVISER"]\n')
    monkeypatch.setenv("SELA_POLICY", str(wide))
    ok(store, "assess", "190106", "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    result = sela(store, "record", "authorise-override", "190106", "--rule", "RA-03", "--for",
                  "a.mensah", "--justification", "j", "--on", "2026-09-17", "--actor",
                  "r.clarke")
    assert result.exit_code == 1
    warning, line = result.stderr.strip().splitlines()
    assert warning.startswith("warning: SELA_POLICY is not read")
    assert "LA_ADVISER may not authorise overrides" in line and "(SD-02, " in line


def test_every_event_cites_the_policy_version_it_was_judged_under(store: str) -> None:
    ok(store, "assess", "190106", "--category", "B", "--rationale", "r", "--on", "2025-09-19")
    ok(store, "policy", "set", "reasonable_notice_working_days=15", "--reason", "Cabinet")
    ok(store, "communicate", "190106", "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    cited = [(h["event"], h["policy_version"]) for h in
             json.loads(sela(store, "history", "190106", "--json").stdout)]
    assert cited[0] == ("SchoolRegistered", 0) and cited[-1][1] == 1


def test_on_sqlite_the_actor_defaults_to_the_operating_system_login(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELA_ACTOR")
    me = getpass.getuser()
    result = ok(sqlite_url, "init")
    assert f"{me} is its first administrator" in result.stderr
    listed = json.loads(ok(sqlite_url, "people", "list", "--json").stdout)
    assert [(p["login"], p["role"]) for p in listed] == [(me, "ADMIN")]


# -- PostgreSQL: the session's login, and an append-only event table ---------------------------

@pytest.fixture
def logins(pg_url: str) -> Iterator[dict[str, str]]:
    """A store set up by its owner, with a writer and a reader login of their own."""
    names = {k: f"sela_t_{k}_{uuid.uuid4().hex[:6]}" for k in ("writer", "reader")}
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        for name in names.values():
            conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
    base = make_url(pg_url)
    try:
        ok(pg_url, "init", "--actor", "owner")
        ok(pg_url, "people", "add", names["writer"], "--name", "Writer", "--role",
           "LA_ADVISER", "--actor", "owner")
        ok(pg_url, "people", "add", names["reader"], "--name", "Reader", "--role", "AUDITOR",
           "--actor", "owner")
        ok(pg_url, *REGISTER, "--actor", names["writer"])
        ok(pg_url, "db", "grant", names["writer"], "--access", "write")
        ok(pg_url, "db", "grant", names["reader"], "--access", "read")
        urls = {k: base.set(username=v).render_as_string(hide_password=False)
                for k, v in names.items()}
        yield {"owner": pg_url, **urls, **{f"{k}_login": v for k, v in names.items()}}
    finally:
        engine.dispose()
        from .conftest import _pg_admin_url

        admin = create_engine(_pg_admin_url() or "", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(pg_url).database}" '
                              "WITH (FORCE)"))
            for name in names.values():
                conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.mark.postgres
@pytest.mark.rule("ID-01")
def test_on_postgresql_the_actor_is_the_sessions_login(logins: dict[str, str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELA_ACTOR")
    writer, login = logins["writer"], logins["writer_login"]
    ok(writer, "assess", "190106", "--category", "C", "--rationale", "r", "--on", "2025-09-19")
    history = json.loads(ok(writer, "history", "190106", "--json").stdout)
    assert history[-1]["actor"] == login and history[0]["actor"] == login
    before = events(logins["owner"])
    line = one_line(sela(writer, "communicate", "190106", "--to", "HT", "--on", "2025-09-22",
                         "--actor", "a.mensah"), 2)
    assert f"you act as your database login, {login}" in line
    assert events(logins["owner"]) == before


@pytest.mark.postgres
@pytest.mark.rule("ID-03")
def test_a_read_only_login_records_nothing_and_still_reads(logins: dict[str, str],
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.delenv("SELA_ACTOR")
    reader = logins["reader"]
    before = events(logins["owner"])
    line = one_line(sela(reader, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19"), 1)
    assert "read" in line.lower()
    assert events(logins["owner"]) == before
    shown = sela(reader, "status", "190106", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)[0]["urn"] == "190106"


@pytest.mark.postgres
def test_the_event_table_refuses_update_and_delete_even_for_its_owner(
        logins: dict[str, str]) -> None:
    for who in ("writer", "owner"):
        engine = create_engine(logins[who])
        for sql in ("UPDATE sela_events SET state = state", "DELETE FROM sela_events",
                    "TRUNCATE sela_events"):
            with pytest.raises(Exception, match=r"append-only|permission denied"), \
                    engine.begin() as conn:
                conn.execute(text(sql))
        engine.dispose()
    assert ok(logins["owner"], "audit", "verify").exit_code == 0


@pytest.mark.rule("ID-03")
def test_a_read_only_store_answers_from_the_views_as_they_stand(tmp_path: Any) -> None:
    """A file (or login) that may only read cannot catch the views up: it answers from them
    as they stand, saying which log position they reflect; recording is one line."""
    from .conftest import register
    from .staff import staffed_app

    path = tmp_path / "sela.db"
    app = staffed_app(f"sqlite:///{path}")
    ok(f"sqlite:///{path}", "status")  # the views at the head of the log
    register(app, "190106")  # recorded, the views not caught up
    head = app.recorder.max_notification_id()
    app.close()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    shown = sela(read_only, "status")
    assert shown.exit_code == 0, shown.output
    assert f"at log position {head - 1} of {head}" in shown.stderr
    line = one_line(sela(read_only, "assess", "190106", "--category", "C", "--rationale", "r",
                         "--on", "2025-09-19"), 1)
    assert "read-only" in line and "nothing was" in line
