"""`sela gias import` through the CLI on real SQLite (and PostgreSQL): files in exactly the
published formats register the chosen LA's open schools, a re-import writes nothing, a newer
extract writes only what changed, a conversion links both records and closes the old case,
and a malformed file is reported by line with the store exactly as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.gias_files import establishment_row, extract_bytes
from sela_workflow import clock
from sela_workflow.cli.main import cli

from .conftest import TODAY
from .import_fixtures import FIXTURES
from .staff import REGISTER_EVENTS, STAFF_CSV

GIAS = FIXTURES / "gias"
APRIL, MAY, SEPT = (str(GIAS / f"edubasealldata{d}.csv") for d in ("20250422", "20250520",
                                                                    "20250902"))
APRIL_LINKS, SEPT_LINKS = (str(GIAS / f"links_edubasealldata{d}.csv")
                           for d in ("20250422", "20250902"))
REAL_LINKS = GIAS / "gias_links_sample_20250422.csv"
SOUTHWARK_OPEN = ["100834", "100835", "100836", "100837", "100840", "100842", "139001",
                  "142001"]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SELA_DATABASE_URL", "SELA_ROLE", "SELA_POLICY", "SELA_CIPHER_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")
    monkeypatch.setattr(clock, "today", lambda: TODAY)


class Sela:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *args: str, code: int = 0) -> Any:
        result = CliRunner().invoke(cli, ["--db", self.url, *args])
        assert result.exit_code == code, result.output
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)

    def events(self) -> int:
        """The store's events less the register's (tests/staff.py)."""
        return int(self.json("info")["events"]) - REGISTER_EVENTS

    def history(self, urn: str) -> list[dict[str, Any]]:
        return list(self.json("history", urn))

    def registered(self) -> list[str]:
        return [r["urn"] for r in self.json("school", "list")]

    def unchanged_by(self, *args: str, code: int) -> str:
        """Run a command that must fail; the store must be exactly as it was."""
        before = (self.events(), self.json("audit", "imports"), self.json("status"))
        result = self(*args, code=code)
        assert (self.events(), self.json("audit", "imports"), self.json("status")) == before
        return str(result.stderr)


@pytest.fixture
def sela(sqlite_url: str) -> Sela:
    s = Sela(sqlite_url)
    s("init")
    s("people", "load", STAFF_CSV)
    return s


def test_a_cp1252_extract_of_several_las_registers_the_chosen_las_open_schools(
        sela: Sela) -> None:
    data = Path(APRIL).read_bytes()
    assert b"\r\n" in data and "\u2019".encode("cp1252") in data  # as GIAS publishes it
    assert {'"201"', '"208"', '"209"', '"210"'} <= set(data.decode("cp1252").split(","))
    result = sela("gias", "import", APRIL, "--la", "210")
    assert "schools: new 8, changed 0, unchanged 0, skipped 5; 4 rows of other authorities" \
        in result.stdout
    assert "line 11   URN 100841  not held by the register: Other independent school" \
        in result.stdout
    assert sela.registered() == SOUTHWARK_OPEN  # not 100000 (201), 101000 (208), 101001 (209)
    types = {r["urn"]: r["establishment_type"] for r in sela.json("school", "list")}
    assert (types["100835"], types["139001"], types["142001"], types["100840"]) == (
        "voluntary-aided", "free-school", "academy-converter", "pru")
    [registered] = sela.history("142001")
    sha = hashlib.sha256(data).hexdigest()
    assert registered["data"]["academy_trust"] == "Thames Bank Learning Trust"
    assert registered["data"]["la_code"] == "210"
    assert registered["effective_date"] == "2016-09-01"  # the record begins when it opened
    assert registered["documents"] == [f"edubasealldata20250422.csv sha256:{sha[:16]}"]
    assert registered["reason"] == "GIAS import: edubasealldata20250422.csv line 17"
    assert registered["role"] == "SYSTEM" and registered["actor"] == "a.mensah"
    status = {r["urn"]: r for r in sela.json("status")}
    assert status["100836"]["name"] == "St Thomas \u00e0 Becket Catholic Primary School"
    [record] = sela.json("audit", "imports")
    assert (record["file_name"], record["sha256"], record["extract_date"], record["new"],
            record["skipped"], record["outside"], record["events"]) == (
        "edubasealldata20250422.csv", sha, "2025-04-22", 8, 5, 4, 9)
    assert f"Verified {10 + REGISTER_EVENTS} events of 8 schools" in sela("audit", "verify").stdout


def test_the_la_comes_from_the_settings_and_another_la_can_be_chosen(
        sela: Sela) -> None:
    sela("policy", "set", "la_codes=208", "--reason", "the register covers LA 208")
    sela("gias", "import", APRIL)
    assert sela.registered() == ["101000"]
    sela("gias", "import", APRIL, "--la", "209", "--la", "201")
    assert sela.registered() == ["100000", "101000", "101001"]
    sela.unchanged_by("gias", "import", APRIL, "--la", "21", code=2)


def test_importing_the_same_files_again_writes_nothing(sela: Sela) -> None:
    sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    before = sela.events()
    again = sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    assert "Nothing to record" in again.stderr
    assert "schools: new 0, changed 0, unchanged 8" in again.stdout
    assert sela.events() == before == 12  # 8 registrations, a status, a link, 2 import records
    assert len(sela.json("audit", "imports")) == 2


def test_one_changed_row_in_a_newer_extract_writes_exactly_one_change_event(sela: Sela) -> None:
    sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    before = sela.events()
    result = sela("gias", "import", MAY)
    assert "schools: new 0, changed 1, unchanged 7" in result.stdout
    assert sela.events() == before + 2  # the change, and the file's import record
    change = sela.history("100834")[-1]
    assert (change["event"], change["effective_date"], change["data"]["changes"],
            change["data"]["previous"]) == (
        "SchoolDetailsChanged", "2025-05-20", {"name": "Bankside Community Primary School"},
        {"name": "Bankside Primary School"})
    assert change["documents"][0].startswith("edubasealldata20250520.csv sha256:")
    assert sela.json("status", "100834")[0]["name"] == "Bankside Community Primary School"
    stale = sela.unchanged_by("gias", "import", APRIL, code=1)
    assert "older than the one already imported (edubasealldata20250520.csv" in stale


def test_a_conversion_links_both_records_and_closes_the_predecessors_la_case(
        sela: Sela) -> None:
    sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    sela("gias", "import", MAY)
    sela("assess", "100837", "--category", "D", "--rationale", "Outcomes far below national",
         "--on", "2025-06-10")
    sela("notice", "draft", "100837", "--ground", "SAFETY", "--matters", "Site unsafe",
         "--action", "Secure the site", "--compliance-end", "2025-10-31", "--minded",
         "Appoint an IEB (s65)", "--on", "2025-06-20")
    result = sela("gias", "import", SEPT, "--links", SEPT_LINKS)
    assert "links: new 2, changed 1, unchanged 1" in result.stdout
    old = sela.history("100837")
    conversion = next(h for h in old if h["event"] == "SchoolConvertedToNewUrn")
    assert (conversion["effective_date"], conversion["rules"], conversion["data"]) == (
        "2025-09-01", ["AO-05"], {"successor_urn": "149901", "new_type": "academy-converter",
                                  "academy_trust": "Southwark Learning Trust",
                                  "order_id": ""})
    assert "SchoolClosed" not in {h["event"] for h in old}  # closed as a conversion
    [notice] = sela.json("notice", "list", "100837")
    assert notice["state"] == "withdrawn"  # the LA's case closed with the conversion (AO-05)
    status = sela.json("status", "100837")[0]
    assert (status["stage"], status["next_due"], status["open_notices"]) == (
        "converted to academy", None, [])
    refused = sela("assess", "100837", "--category", "C", "--rationale", "r", code=1)
    assert "(AO-05, " in refused.stderr and "149901" in refused.stderr
    new = sela.history("149901")
    assert [h["event"] for h in new] == ["SchoolRegistered", "SchoolLinked"]
    assert (new[0]["data"]["establishment_type"], new[0]["effective_date"]) == (
        "academy-converter", "2025-09-01")
    assert new[1]["data"]["link_urn"] == "100837" and new[1]["data"]["link_type"] == \
        "predecessor"
    for urn in ("100837", "149901"):  # the lineage from either URN
        rows = sela.json("status", urn, "--lineage")
        assert [(r["urn"], r["relation"]) for r in rows] == [
            ("100837", "predecessor of 149901" if urn == "149901" else "this school"),
            ("149901", "this school" if urn == "149901" else "successor of 100837")]
    lineage = sela.json("history", "149901", "--lineage")
    assert [(r["urn"], [e["event"] for e in r["events"]][-1]) for r in lineage] == [
        ("100837", "SchoolConvertedToNewUrn"), ("149901", "SchoolLinked")]
    assert "100837 Camberwell Grove School (predecessor of 149901)" in sela(
        "history", "149901", "--lineage").stdout
    closed = sela.json("status", "100842")[0]
    assert closed["stage"] == "closed"
    assert sela("gias", "import", SEPT, "--links", SEPT_LINKS).stderr.startswith("Nothing")


def test_the_real_links_sample_converts_and_links_both_records(sela: Sela,
                                                                tmp_path: Path) -> None:
    """108299 (a VA school in LA 873) became the academy 138950 on 1 November 2012: the real
    links file's rows 26 and 55, bytes as published."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / REAL_LINKS.name
    if shared.exists():
        assert REAL_LINKS.read_bytes() == shared.read_bytes()
    school = {"religious_character": "Roman Catholic", "diocese": "Diocese of Portsmouth",
              "phase": "Secondary", "la_code": "873"}
    before = tmp_path / "edubasealldata20121001.csv"
    before.write_bytes(extract_bytes([establishment_row(
        108299, "St Thomas a Becket Catholic College", "Voluntary aided school", **school)]))
    after = tmp_path / "edubasealldata20121102.csv"
    after.write_bytes(extract_bytes([
        establishment_row(108299, "St Thomas a Becket Catholic College",
                          "Voluntary aided school", status="Closed", **school),
        establishment_row(138950, "St Thomas \u00e0 Becket Catholic Secondary School, A "
                          "Voluntary Academy", "Academy converter", trust=("1234", "Becket"),
                          **school)]))
    sela("gias", "import", str(before), "--la", "873")
    result = sela("gias", "import", str(after), "--la", "873", "--links", str(REAL_LINKS))
    assert "62 rows of other authorities" in result.stdout
    conversion = sela.history("108299")[-1]
    assert (conversion["event"], conversion["effective_date"],
            conversion["data"]["successor_urn"]) == (
        "SchoolConvertedToNewUrn", "2012-11-01", "138950")
    assert conversion["reason"] == "GIAS links import: gias_links_sample_20250422.csv line 26"
    link = sela.history("138950")[-1]
    assert (link["data"]["link_urn"], link["data"]["link_type"],
            link["data"]["established_on"]) == ("108299", "predecessor", "2012-11-01")
    assert link["data"]["link_name"].startswith("St Thomas A Becket Catholic College")
    assert link["reason"].endswith("line 55")


@pytest.mark.parametrize("name, line, words", [
    ("edubasealldata20250422_bad_date.csv", 5, "OpenDate '1972-09-01' is not a date written "
                                               "dd-mm-yyyy"),
    ("edubasealldata20250422_unknown_type.csv", 6, "unknown establishment type"),
    ("edubasealldata20250422_missing_header.csv", 1, "missing required column "
                                                     "'TypeOfEstablishment (name)'"),
    ("edubasealldata20250422_utf8.csv", 5, "the file is UTF-8, not cp1252"),
])
def test_malformed_extracts_are_reported_by_line_and_the_store_is_unchanged(
        sela: Sela, name: str, line: int, words: str) -> None:
    sela("gias", "import", APRIL)  # a store with something in it
    error = sela.unchanged_by("gias", "import", str(GIAS / "malformed" / name), code=2)
    [shown] = [x for x in error.splitlines() if x.strip()]
    assert shown.startswith("Error: ") and f"line {line}" in shown and words in shown
    assert "Traceback" not in error


def test_several_malformed_rows_are_each_listed_and_nothing_is_written(
        sela: Sela, tmp_path: Path) -> None:
    rows = [establishment_row(100850 + i, f"School {i}", "Community school",
                              OpenDate="2020-09-01") for i in range(3)]
    bad = tmp_path / "edubasealldata20250601.csv"
    bad.write_bytes(extract_bytes(rows))
    error = sela.unchanged_by("gias", "import", str(bad), code=2)
    lines = [x for x in error.splitlines() if x.strip()]
    assert [x.split(":")[0].strip() for x in lines[:3]] == [
        f"edubasealldata20250601.csv line {n} URN 10085{n - 2}" for n in (2, 3, 4)]
    assert lines[3].startswith("Error: 3 malformed rows (listed above); nothing was imported")


def test_a_step_the_rules_refuse_stops_the_whole_file(sela: Sela) -> None:
    sela("school", "register", "100834", "--name", "Bankside Primary School", "--type",
         "ACADEMY_CONVERTER", "--trust", "Thames Trust", "--phase", "PRIMARY", "--on",
         "2024-09-02")
    error = sela.unchanged_by("gias", "import", APRIL, code=1)
    assert "line 4 URN 100834 (change of establishment_type, academy_trust)" in error
    assert "(AO-05, " in error and "nothing was imported" in error
    assert sela.registered() == ["100834"]  # the other seven new schools were not written


def test_a_dry_run_judges_everything_and_writes_nothing(sela: Sela) -> None:
    result = sela.unchanged_by("gias", "import", APRIL, "--links", APRIL_LINKS, "--dry-run",
                               code=0)
    assert "Dry run: 10 events would be recorded; nothing was written." in result
    data = sela.json("gias", "import", APRIL, "--dry-run")
    assert data["dry_run"] and not data["written"] and data["events"] == 9
    assert data["files"][0]["skipped"][0] == {
        "line": 8, "urn": "100838", "reason": "closed before it was registered",
        "detail": "Old Kent Road Infant School, closed 2019-08-31"}


def test_a_school_closed_in_gias_has_its_case_closed(sela: Sela) -> None:
    sela("gias", "import", APRIL)
    sela("gias", "import", MAY)
    sela("assess", "100842", "--category", "C", "--rationale", "Weak", "--on", "2025-06-02")
    assert sela.json("next", "100842")["expected"]
    sela("gias", "import", SEPT)  # no links: 100837 closes as a plain closure
    closed = sela.history("100842")[-1]
    assert (closed["event"], closed["effective_date"], closed["data"]) == (
        "SchoolClosed", "2025-09-02", {"closure_reason": "Closure",
                                       "closed_on": "2025-07-31"})
    assert sela.json("next", "100842")["expected"] == []
    assert sela.json("status", "100837")[0]["stage"] == "closed"
    line = sela("communicate", "100842", "--to", "HT", "--to", "CHAIR", code=1).stderr
    assert "`sela communicate` refused: 100842 closed on 2025-07-31" in line


def test_imports_export_verify_and_import_with_their_records(sela: Sela, tmp_path: Path) -> None:
    sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    out = tmp_path / "export.jsonl"
    sela("export", "--out", str(out))
    lines = [json.loads(x) for x in out.read_text().splitlines()[1:]]
    assert [x["event_type"] for x in lines].count("FileImported") == 2
    copy = Sela(f"sqlite:///{tmp_path / 'copy.db'}")
    copy("import", str(out))
    assert copy.json("audit", "imports") == sela.json("audit", "imports")
    assert "every hash and chain intact" in copy("audit", "verify").stdout


@pytest.mark.postgres
def test_the_imports_on_postgresql(pg_url: str) -> None:
    sela = Sela(pg_url)
    sela("init")
    sela("people", "load", STAFF_CSV)
    sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    sela("gias", "import", MAY)
    sela("gias", "import", SEPT, "--links", SEPT_LINKS)
    before = sela.events()
    sela("gias", "import", SEPT, "--links", SEPT_LINKS)
    assert sela.events() == before
    assert sela.json("status", "100837")[0]["stage"] == "converted to academy"
    types = {r["urn"]: r["establishment_type"] for r in sela.json("school", "list")}
    assert types["149901"] == "academy-converter"
    assert [r["kind"] for r in sela.json("audit", "imports")] == [
        "gias-establishments", "gias-links", "gias-establishments", "gias-establishments",
        "gias-links"]
    assert "every hash and chain intact" in sela("audit", "verify").stdout


def test_a_file_re_saved_as_utf8_is_read_when_its_encoding_is_named(sela: Sela) -> None:
    utf8 = str(GIAS / "malformed" / "edubasealldata20250422_utf8.csv")
    sela.unchanged_by("gias", "import", utf8, code=2)
    sela("gias", "import", utf8, "--encoding", "utf-8")
    assert sela.registered() == SOUTHWARK_OPEN
    assert sela.json("audit", "imports")[0]["encoding"] == "utf-8"
    assert sela.json("status", "100835")[0]["name"] == "St Mary\u2019s CofE Primary School"
