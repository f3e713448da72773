"""`sela ofsted import` through the CLI: inspections of registered schools recorded once each,
a category of concern notified exactly as `sela ofsted notify` would (S61/S62 eligibility and
the statement-of-action deadline), unknown URNs reported, malformed files refused by line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .import_fixtures import (
    EIF_COLUMNS,
    EIF_NAME,
    FIXTURES,
    REPORT_CARD_NAME,
    _full,
    _school,
    ofsted_bytes,
)
from .staff import STAFF_CSV
from .test_cli_imports import APRIL, APRIL_LINKS, SEPT, SEPT_LINKS, Sela, _env  # noqa: F401

OFSTED = FIXTURES / "ofsted"
EIF, CARDS = str(OFSTED / EIF_NAME), str(OFSTED / REPORT_CARD_NAME)


@pytest.fixture
def sela(sqlite_url: str) -> Sela:
    s = Sela(sqlite_url)
    s("init")
    s("people", "load", STAFF_CSV)
    s("gias", "import", APRIL, "--links", APRIL_LINKS)
    return s


def ofsted_file(tmp_path: Path, name: str, *rows: dict[str, str]) -> str:
    path = tmp_path / name
    path.write_bytes(ofsted_bytes(EIF_COLUMNS, list(rows)))
    return str(path)


def own(history: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [h for h in history if h["event"] == event]


def test_an_sm_row_starts_s62_eligibility_and_the_statement_of_action_deadline(
        sela: Sela, tmp_path: Path) -> None:
    result = sela("ofsted", "import", EIF)
    assert "inspections: new 6, changed 2, unchanged 2, skipped 2; 1 row of other " \
           "authorities" in result.stdout
    status = sela.json("status", "100835")[0]
    assert (status["eligibility"], status["next_due"], status["next_rule"]) == (
        ["S62"], "2024-04-09", "OF-01")  # 10 working days from 22 March 2024, Easter skipped
    assert sela.json("status", "100836")[0]["eligibility"] == ["S61"]  # SWK: serious weakness
    due = [d for d in sela.json("due") if d["urn"] == "100835" and d["rule_id"] == "OF-01"]
    assert [(d["rule_id"], d["due"], d["status"]) for d in due] == [
        ("OF-01", "2024-04-09", "overdue")]
    assert "AO-01" in {d["rule_id"] for d in sela.json("due") if d["urn"] == "100835"}
    assert due[0]["command"] == "sela ofsted soa 100835 --to HMCI --to FOUNDATION_APPOINTER " \
                                "--parents <ARRANGEMENTS>"
    history = sela.history("100835")
    [report] = own(history, "OfstedInspectionReportReceived")
    assert (report["effective_date"], report["data"]["inspection_date"],
            report["data"]["framework"], report["data"]["safeguarding"],
            report["data"]["category"], report["data"]["inspection_number"]) == (
        "2024-03-22", "2024-02-06", "EIF_PRE_2024_09", "INEFFECTIVE", "SM", "10234568")
    assert report["data"]["grades"]["Overall effectiveness"] == "4"
    [imported] = own(history, "OfstedCategoryNotified")
    # the same school registered and notified by hand, for comparison
    by_hand = Sela(f"sqlite:///{tmp_path / 'hand.db'}")
    by_hand("init")
    by_hand("people", "load", STAFF_CSV)
    by_hand("school", "register", "100835", "--name", "St Mary's", "--type",
            "VOLUNTARY_AIDED", "--phase", "PRIMARY", "--religious-character", "COFE",
            "--diocese", "Diocese of Southwark", "--on", "2005-09-01")
    by_hand("ofsted", "notify", "100835", "--category", "SM", "--on", "2024-03-22")
    notified = own(by_hand.history("100835"), "OfstedCategoryNotified")[0]
    assert {k: imported[k] for k in ("effective_date", "data", "rules", "warnings")} == \
        {k: notified[k] for k in ("effective_date", "data", "rules", "warnings")}
    assert imported["documents"][0].startswith(f"{EIF_NAME} sha256:")
    assert imported["reason"] == f"Ofsted import: {EIF_NAME} line 5"


def test_an_ofsted_file_imported_again_writes_nothing(sela: Sela) -> None:
    sela("ofsted", "import", EIF)
    before = sela.events()
    again = sela("ofsted", "import", EIF)
    assert "Nothing to record" in again.stderr and sela.events() == before
    sela("ofsted", "import", CARDS)  # the report-card era: only what is new
    assert sela.events() > before
    before = sela.events()
    sela("ofsted", "import", CARDS)
    assert sela.events() == before


def test_report_cards_of_the_renewed_framework_notify_their_category(sela: Sela) -> None:
    sela("gias", "import", SEPT, "--links", SEPT_LINKS)
    sela("ofsted", "import", EIF)
    sela("ofsted", "import", CARDS)
    [card] = [r for r in own(sela.history("100840"), "OfstedInspectionReportReceived")
              if r["data"]["framework"] == "RENEWED_2025_11"]
    assert (card["data"]["safeguarding"], card["data"]["grades"]["Inclusion"]) == (
        "NOT_MET", "Urgent improvement")
    assert [n["data"]["category"] for n in own(sela.history("100840"),
                                               "OfstedCategoryNotified")] == ["SM"]
    rsi = own(sela.history("100836"), "OfstedCategoryNotified")
    assert [n["data"]["category"] for n in rsi] == ["RSI"]  # already RSI: not notified again
    earlier = own(sela.history("100837"), "OfstedInspectionReportReceived")
    assert "10234570" in {r["data"]["inspection_number"] for r in earlier}  # predecessor URN


def test_unknown_urns_are_reported_not_created(sela: Sela) -> None:
    result = sela("ofsted", "import", EIF)
    assert "line 10   URN 100899  not in the register (Southwark Park Primary School: not " \
           "created by an Ofsted import)" in result.stdout
    sela("status", "100899", code=1)
    data = sela.json("ofsted", "import", EIF, "--dry-run")
    assert {s["urn"] for s in data["files"][0]["skipped"]} == {"100899", "142001"}


def test_a_new_category_recategorises_and_a_later_report_removes_it(sela: Sela,
                                                                     tmp_path: Path) -> None:
    sela("ofsted", "import", EIF)
    worse = ofsted_file(tmp_path, "latest_inspections_as_at_30_Sep_2024.csv", {
        **_school(100836, "St Thomas"), **_full("10300001", "02/09/2024", "20/09/2024",
                                                urn_then="100836", category="SM",
                                                overall="Not judged")})
    sela("ofsted", "import", worse)
    assert sela.json("status", "100836")[0]["eligibility"] == ["S62"]  # RSI ended, SM began
    better = ofsted_file(tmp_path, "latest_inspections_as_at_31_Mar_2025.csv", {
        **_school(100836, "St Thomas"), **_full("10300002", "03/03/2025", "20/03/2025",
                                                urn_then="100836", overall="Not judged")})
    line = sela.unchanged_by("ofsted", "import", better, code=1)
    assert "line 2 URN 100836 (category removed)" in line and "(OF-01, " in line
    assert "Record it first: sela ofsted soa 100836 --to HMCI --to FOUNDATION_APPOINTER" in line
    sela("ofsted", "soa", "100836", "--to", "HMCI", "--to", "FOUNDATION_APPOINTER",
         "--parents", "Letter to parents", "--on", "2024-10-04")
    sela("ofsted", "import", better)
    status = sela.json("status", "100836")[0]
    assert status["eligibility"] == [] and status["stage"] != "Ofsted category"
    assert own(sela.history("100836"), "OfstedCategoryRemoved")[0]["effective_date"] == \
        "2025-03-20"


def test_a_missing_safeguarding_judgement_is_recorded_as_not_judged(sela: Sela,
                                                                    tmp_path: Path) -> None:
    path = ofsted_file(tmp_path, "latest_inspections_as_at_30_Sep_2024.csv", {
        **_school(100834, "Bankside"), **_full("10300003", "10/09/2024", "01/10/2024",
                                               urn_then="100834", overall="Not judged",
                                               safeguarding="NULL")})
    sela("ofsted", "import", path)
    [report] = own(sela.history("100834"), "OfstedInspectionReportReceived")
    assert (report["data"]["safeguarding"], report["data"]["framework"]) == (
        "NOT_JUDGED", "EIF_2024_25")


def test_inspections_before_a_record_begins_are_skipped_with_the_reason(
        sela: Sela, tmp_path: Path) -> None:
    fresh = Sela(f"sqlite:///{tmp_path / 'hand.db'}")
    fresh("init")
    fresh("people", "load", STAFF_CSV)
    fresh("school", "register", "100835", "--name", "St Mary's", "--type", "VOLUNTARY_AIDED",
          "--phase", "PRIMARY", "--religious-character", "COFE", "--diocese", "Southwark",
          "--on", "2024-09-02")
    result = fresh("ofsted", "import", EIF)
    assert "URN 100835  inspection published before the school's record begins (published " \
           "2024-03-22; its record begins 2024-09-02; the school is in a category (SM): " \
           "record the notification by hand" in result.stdout
    assert fresh.events() == 1


@pytest.mark.parametrize("name, line, words", [
    ("latest_inspections_bad_date.csv", 5, "'2024-02-06' is not a date written dd/mm/yyyy"),
    ("latest_inspections_missing_header.csv", 2, "'Category of concern' (the file has "
                                                 "'Category of Concern')"),
    ("latest_inspections_wrong_encoding.csv", 4, "byte 0x81 is not cp1252"),
])
def test_malformed_ofsted_files_are_reported_by_line_and_the_store_is_unchanged(
        sela: Sela, name: str, line: int, words: str) -> None:
    error = sela.unchanged_by("ofsted", "import", str(OFSTED / "malformed" / name), code=2)
    [shown] = [x for x in error.splitlines() if x.strip()]
    assert shown.startswith("Error: ") and f"line {line}" in shown and words in shown


@pytest.mark.postgres
def test_an_ofsted_import_on_postgresql(pg_url: str) -> None:
    sela = Sela(pg_url)
    sela("init")
    sela("people", "load", STAFF_CSV)
    sela("gias", "import", APRIL, "--links", APRIL_LINKS)
    sela("ofsted", "import", EIF)
    before = sela.events()
    sela("ofsted", "import", EIF)
    assert sela.events() == before
    assert sela.json("status", "100835")[0]["eligibility"] == ["S62"]
    assert json.loads(sela("audit", "imports", "--json").stdout)[-1]["kind"] == \
        "ofsted-inspections"
