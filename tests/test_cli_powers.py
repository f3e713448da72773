"""Intervention powers, the Secretary of State's steps, Ofsted and academy orders through the
CLI: each command's stored outcome, and its refusals as one line naming the rule with nothing
written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .staff import STAFF_CSV
from .test_cli_steps import Sela, _env  # noqa: F401  (the shared CLI session and environment)

U = "190106"


@pytest.fixture
def sela(sqlite_url: str) -> Sela:
    s = Sela(sqlite_url)
    s("init")
    s("people", "load", STAFF_CSV)
    s("school", "register", U, "--name", "Walworth Road Primary School", "--type",
      "community", "--phase", "primary", "--on", "2024-09-02")
    return s


def status(sela: Sela, urn: str = U) -> dict[str, Any]:
    return dict(json.loads(sela("status", urn, "--json").stdout)[0])


def events(sela: Sela, urn: str, name: str) -> list[dict[str, Any]]:
    return [h for h in sela.history(urn) if h["event"] == name]


def eligible_by_notice(sela: Sela, urn: str = U, *powers: str) -> str:
    """Category D, notice issued, not complied with, intention given: eligible from 2026-01-02."""
    sela("assess", urn, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", urn, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-26")
    wn = str(sela("notice", "draft", urn, "--ground", "SAFETY", "--matters", "m", "--action",
                  "a", "--compliance-end", "2025-12-12", "--minded", "m", "--on",
                  "2025-10-06").stdout.strip())
    sela("notice", "approve", urn, wn, "--approved-by", "d.okafor",
         "--on", "2025-10-08")
    sela("notice", "issue", urn, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
         "--copied-to", "HEADTEACHER", "--on", "2025-10-10")
    sela("notice", "assess", urn, wn, "--outcome", "NOT_COMPLIED", "--on", "2025-12-15")
    args = [a for p in powers or ("S63", "S64", "S65", "S66") for a in ("--power", p)]
    sela("notice", "intend", urn, wn, *args, "--on", "2025-12-16")
    return wn


def test_s63_s64_and_budget_suspension(sela: Sela) -> None:
    eligible_by_notice(sela)
    sela.refused("IN-01", "power", "governors", U, "--name", "Ms P. Grant", "--on",
                 "2025-12-22")  # before the earliest exercise date, 2026-01-02
    sela("power", "governors", U, "--name", "Ms P. Grant", "--name", "Mr D. Osei",
         "--on", "2026-01-05")
    sela.refused("IN-02", "power", "arrangements", U, "--requirement", "FEDERATION",
                 "--party", "Peckham Federation", "--on", "2026-01-06")
    sela("power", "consult", U, "--for", "s63", "--consultee", "gb", "--on", "2026-01-06")
    sela("power", "arrangements", U, "--requirement", "federation", "--party",
         "Peckham Federation", "--on", "2026-01-07")
    sela("power", "notify-dfe", U, "--power", "S63", "--on", "2026-01-08")
    sela.refused("IN-07", "power", "suspend-budget", U, "--grounds", "Deficit £400k",
                 "--from", "2026-01-20", "--appeal-info", "--copied-to", "HT", "--copied-to",
                 "SOS", "--on", "2026-01-09")  # less than a month's notice
    sela.refused("IN-07", "power", "suspend-budget", U, "--grounds", "Deficit £400k",
                 "--from", "2026-02-09", "--appeal-info", "--copied-to", "HT",
                 "--on", "2026-01-09")  # no copy to the Secretary of State
    sela("power", "suspend-budget", U, "--grounds", "Deficit £400k", "--from", "2026-01-20",
         "--emergency", "Payroll fraud", "--appeal-info", "--copied-to", "HT", "--copied-to",
         "SOS", "--on", "2026-01-09")
    assert status(sela)["powers"] == ["S63", "S64", "S66"]
    sela.refused("IN-08", "power", "review-budget", U, "--on", "2026-03-02")
    sela("power", "review-budget", U, "--representations-invited", "--on", "2026-03-02")
    sela("power", "review-budget", U, "--type", "ad-hoc", "--representations-invited",
         "--revoke-from", "2026-04-01", "--on", "2026-03-20")
    assert status(sela)["powers"] == ["S63", "S64"]
    (arrangements,) = events(sela, U, "ArrangementsNoticeIssued")
    assert (arrangements["data"]["requirement"], arrangements["data"]["specified_party"]) == \
        ("FEDERATION", "Peckham Federation")
    assert events(sela, U, "AdditionalGovernorsAppointed")[0]["data"]["names"] == \
        ["Ms P. Grant", "Mr D. Osei"]
    suspension = events(sela, U, "BudgetSuspensionNoticeIssued")[0]["data"]
    assert (suspension["basis"], suspension["copied_to"], suspension["emergency_justification"]
            ) == ("EIA_S66", ["HT", "SOS"], "Payroll fraud")
    assert [r["data"]["decision"] for r in events(sela, U, "BudgetSuspensionReviewed")] == \
        ["CONTINUE", "REVOKE"]
    assert events(sela, U, "DfENotifiedOfIntervention")[0]["data"]["power"] == "S63"


def test_ieb_members_change_and_the_board_ends(sela: Sela) -> None:
    eligible_by_notice(sela, U, "S65")
    sela("power", "consult", U, "--for", "S65", "--consultee", "GB", "--on", "2026-01-02")
    sela("power", "ieb-request-consent", U, "--on", "2026-01-02")
    sela("sos", "consent", U, "--refused", "--on", "2026-01-09")
    sela.refused("IN-05", "power", "ieb", U, "--from", "2026-02-02", "--member", "A=I1",
                 "--member", "B=I2", "--on", "2026-01-12")
    sela("power", "ieb-request-consent", U, "--on", "2026-01-12")
    sela("sos", "consent", U, "--granted", "--on", "2026-01-23")
    ieb = sela("power", "ieb", U, "--from", "2026-02-02", "--member", "Dr A. Owusu=INS-1",
               "--member", "Mr T. Hale=INS-2", "--copied-to", "iems", "--on", "2026-01-26")
    assert "warning: IN-06" in ieb.stderr and "GOVERNORS, SOS" in ieb.stderr
    sela.refused("IN-06", "power", "ieb-member", U, "--remove", "Dr A. Owusu",
                 "--on", "2026-02-10")  # would leave one member
    sela.refused("IN-03", "power", "governors", U, "--name", "X", "--on", "2026-02-10")
    sela("power", "ieb-member", U, "--add", "Ms R. Lee", "--instrument", "INS-3",
         "--on", "2026-02-10")
    sela("power", "ieb-member", U, "--remove", "Dr A. Owusu", "--on", "2026-02-11")
    assert status(sela)["stage"] == "IEB in place"
    sela("power", "ieb-end", U, "--resumption", "2026-09-01", "--on", "2026-08-31")
    assert "S65" not in status(sela)["powers"]
    assert events(sela, U, "IEBNoticeIssued")[0]["data"]["members"] == [
        ["Dr A. Owusu", "INS-1"], ["Mr T. Hale", "INS-2"]]
    assert [(h["event"], h["data"]["member"]) for h in sela.history(U)
            if h["event"] in ("IEMAppointed", "IEMRemoved")] == [
        ("IEMAppointed", "Ms R. Lee"), ("IEMRemoved", "Dr A. Owusu")]
    assert events(sela, U, "IEMAppointed")[0]["data"]["instrument_ref"] == "INS-3"
    assert [d["data"]["decision"] for d in events(sela, U, "SoSConsentDecided")] == \
        ["REFUSED", "GRANTED"]
    assert events(sela, U, "IEBEnded")[0]["data"]["resumption_date"] == "2026-09-01"
    line = sela("power", "ieb-end", U, "--resumption", "2026-09-02", code=1).stderr
    assert "IEB: end is not possible while the IEB is ended" in line


def test_voluntary_aided_school_diocese_copy_and_foundation_governors(sela: Sela) -> None:
    va = "190105"
    sela("school", "register", va, "--name", "St Jude's CE Primary", "--type",
         "voluntary-aided", "--phase", "primary", "--religious-character", "cofe",
         "--diocese", "Southwark", "--on", "2024-09-02")
    sela("assess", va, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    wn = sela("notice", "draft", va, "--ground", "MGMT_GOVERNANCE_BREAKDOWN", "--matters", "m",
              "--action", "a", "--compliance-end", "2025-12-12", "--minded", "s64",
              "--on", "2025-10-06").stdout.strip()
    sela("notice", "approve", va, wn, "--approved-by", "d.okafor",
         "--on", "2025-10-08")
    line = sela.refused("WN-08", "notice", "issue", va, wn, "--copied-to", "HMCI",
                        "--copied-to", "SOS_RD", "--copied-to", "HEADTEACHER",
                        "--on", "2025-10-10")
    assert "missing: DIOCESE" in line
    sela("notice", "issue", va, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
         "--copied-to", "DIOCESE", "--on", "2025-10-10")
    late = sela("notice", "copy", va, wn, "--to", "headteacher", "--on", "2025-10-13")
    assert "warning" not in late.stderr
    sela("notice", "assess", va, wn, "--outcome", "not-complied", "--on", "2025-12-15")
    sela("notice", "intend", va, wn, "--power", "S64", "--earliest", "2026-01-05",
         "--on", "2025-12-16")
    sela("power", "governors", va, "--name", "A", "--name", "B", "--on", "2026-01-05")
    sela.refused("IN-04", "power", "foundation-governors", va, "--count", "3",
                 "--on", "2026-01-06")
    sela("power", "foundation-governors", va, "--count", "2", "--on", "2026-01-06")
    assert events(sela, va, "AdditionalFoundationGovernorsAppointed")[0]["data"]["count"] == 2
    notice = json.loads(sela("notice", "list", va, "--json").stdout)[0]
    assert notice["copies_sent"] == {"DIOCESE": "2025-10-10", "HEADTEACHER": "2025-10-13",
                                     "HMCI": "2025-10-10", "SOS_RD": "2025-10-10"}
    assert notice["earliest_exercise"] == "2026-01-05"


def test_s60a_notice_names_only_its_powers(sela: Sela) -> None:
    sela("assess", U, "--category", "C", "--rationale", "r", "--on", "2025-09-19")
    sela.refused("WN-03", "notice", "draft", U, "--type", "S60A", "--ground", "SAFETY",
                 "--matters", "m", "--action", "a", "--compliance-end", "2025-12-12",
                 "--minded", "m", "--on", "2025-10-06")
    wn = sela("notice", "draft", U, "--type", "s60a", "--ground", "gb-failed-stpcd",
              "--matters", "Pay policy not applied", "--action", "Apply the STPCD",
              "--compliance-end", "2025-12-12", "--minded", "Suspend the budget",
              "--on", "2025-10-06").stdout.strip()
    sela("notice", "approve", U, wn, "--approved-by", "d.okafor",
         "--on", "2025-10-08")
    sela("notice", "issue", U, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
         "--copied-to", "HEADTEACHER", "--on", "2025-10-10")
    sela("notice", "assess", U, wn, "--outcome", "not-complied", "--on", "2025-12-15")
    line = sela.refused("WN-13", "notice", "intend", U, wn, "--power", "S63", "--on",
                        "2025-12-16")
    assert "S64, S65, S66" in line
    sela("notice", "intend", U, wn, "--power", "S66", "--on", "2025-12-16")
    assert status(sela)["eligibility"] == ["S60A"]
    sela("power", "consult", U, "--for", "S63", "--consultee", "GB", "--on", "2026-01-05")
    sela.refused("IN-02", "power", "arrangements", U, "--requirement", "ADVISORY_CONTRACT",
                 "--party", "Adviser Ltd", "--on", "2026-01-05")  # s60A alone: no s63
    notice = json.loads(sela("notice", "list", U, "--json").stdout)[0]
    assert (notice["type"], notice["grounds"], notice["powers_proposed"]) == \
        ("S60A", ["GB_FAILED_STPCD"], ["S66"])


def test_pre_2016_notice_representations_and_confirmation(sela: Sela) -> None:
    old = "190120"
    sela("school", "register", old, "--name", "Old Kent Road School", "--type", "community",
         "--phase", "secondary", "--on", "2014-09-01")
    sela("assess", old, "--category", "D", "--rationale", "r", "--on", "2015-09-18")
    wn = sela("notice", "draft", old, "--ground", "SAFETY", "--matters", "m", "--action", "a",
              "--compliance-end", "2015-12-18", "--minded", "m", "--on", "2015-10-01"
              ).stdout.strip()
    sela("notice", "issue", old, wn, "--copied-to", "HMCI", "--copied-to", "HEADTEACHER",
         "--on", "2015-10-02")  # WN-05 (from 2023) and the SoS copy (from 2016) not in force
    sela.refused("WN-10", "notice", "represent", old, wn, "--to", "HMCI", "--on", "2015-10-26")
    sela("notice", "represent", old, wn, "--to", "hmci", "--on", "2015-10-09")
    sela.refused("WN-10", "notice", "assess", old, wn, "--outcome", "complied",
                 "--on", "2015-12-21")  # representations unresolved
    sela("notice", "confirm", old, wn, "--on", "2015-10-30")
    sela("notice", "assess", old, wn, "--outcome", "complied", "--on", "2015-12-21")
    notice = json.loads(sela("notice", "list", old, "--json").stdout)[0]
    assert {k: notice[k] for k in ("state", "regime", "initial_period_end", "representations",
                                   "confirmed", "outcome", "ended")} == {
        "state": "complied", "regime": "PRE_2016_04_18", "initial_period_end": "2015-10-23",
        "representations": "2015-10-09", "confirmed": "2015-10-30", "outcome": "COMPLIED",
        "ended": "2015-12-21"}
    rows = sela("notice", "list", old, "--csv").stdout.splitlines()
    assert rows[0].startswith("notice,type,state,regime,grounds,")
    assert rows[1].startswith("WN1,S60,complied,PRE_2016_04_18,SAFETY,")


def test_secretary_of_state_notice_supersedes_then_permits(sela: Sela) -> None:
    wn = eligible_by_notice(sela)
    assert status(sela)["eligibility"] == ["S60"]
    sela("sos", "notice", U, "--ref", "RD-2026-17", "--on", "2026-01-05")
    assert json.loads(sela("notice", "list", U, "--json").stdout)[0]["state"] == "superseded"
    assert status(sela)["eligibility"] == []
    assert events(sela, U, "SoSWarningNoticeNotified")[0]["data"]["supersedes"] is True
    assert wn == "WN1"
    wn2 = sela("notice", "draft", U, "--ground", "SAFETY", "--matters", "m", "--action", "a",
               "--compliance-end", "2026-03-27", "--minded", "m", "--on", "2026-01-06"
               ).stdout.strip()
    assert wn2 == "WN2"
    sela("notice", "approve", U, wn2, "--approved-by", "d.okafor",
         "--on", "2026-01-06")
    line = sela.refused("WN-06", "notice", "issue", U, wn2, "--copied-to", "HMCI",
                        "--copied-to", "SOS_RD", "--on", "2026-01-07")
    assert "sela sos permit 190106" in line
    sela("sos", "permit", U, "--ref", "RD-2026-17-P", "--on", "2026-01-08")
    sela("notice", "issue", U, wn2, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
         "--copied-to", "HEADTEACHER", "--on", "2026-01-09")
    result = sela("notice", "withdraw", U, wn2, "--on", "2026-01-12", code=2)
    assert "--reason" in result.stderr
    sela("notice", "withdraw", U, wn2, "--reason", "Superseded by the RD's notice",
         "--on", "2026-01-12")
    assert [n["state"] for n in json.loads(sela("notice", "list", U, "--json").stdout)] == \
        ["superseded", "withdrawn"]
    assert events(sela, U, "SoSPermissionToIssueReceived")[0]["data"]["sos_wn_ref"] == \
        "RD-2026-17-P"


def test_coasting_and_secretary_of_state_intervention(sela: Sela) -> None:
    sela("assess", U, "--category", "C", "--rationale", "r", "--on", "2025-09-19")
    sela("sos", "coasting", U, "--ref", "COAST-2025-3", "--on", "2025-11-03")
    assert status(sela)["eligibility"] == ["S60B"]
    sela("sos", "intervene", U, "--power", "direction", "--on", "2025-11-10")
    line = sela.refused("IN-10", "power", "governors", U, "--name", "A", "--on", "2025-11-11")
    assert "--reason" in line  # guidance: the LA may act with a recorded reason
    sela("power", "governors", U, "--name", "A", "--on", "2025-11-11", "--reason",
         "RD agreed the LA appoints governors alongside the direction")
    assert events(sela, U, "AdditionalGovernorsAppointed")[0]["warnings"][0].startswith("IN-10")
    sela("sos", "intervene", U, "--power", "DIRECTION", "--ended",
         "--on", "2025-12-01")
    sela("sos", "coasting", U, "--ref", "COAST-2025-3", "--ended", "--on", "2026-07-20")
    assert status(sela)["eligibility"] == []
    assert [(e["data"]["power"], e["data"]["ended"])
            for e in events(sela, U, "SoSInterventionNotified")] == \
        [("DIRECTION", False), ("DIRECTION", True)]
    nursery = "190140"
    sela("school", "register", nursery, "--name", "Camberwell Nursery School", "--type",
         "la-nursery", "--phase", "nursery", "--on", "2024-09-02")
    sela.refused("IN-01", "sos", "coasting", nursery, "--ref", "COAST-1", "--on", "2025-11-03")


def test_ofsted_category_to_academy_order_and_conversion(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-26")
    report = sela("ofsted", "record", U, "--inspected", "2026-01-14", "--grade",
                  "leadership=inadequate", "--grade", "quality of education=inadequate",
                  "--safeguarding", "ineffective", "--category", "sm", "--on", "2026-02-10")
    assert "Recorded: inspection report for 190106" in report.stderr
    sela("ofsted", "notify", U, "--category", "SM", "--on", "2026-02-10")
    assert status(sela)["eligibility"] == ["S62"]
    sela.refused("OF-01", "ofsted", "removed", U, "--on", "2026-03-01")
    sela.refused("OF-01", "ofsted", "soa", U, "--to", "SOS", "--parents", "Letter",
                 "--on", "2026-02-20")  # no copy to HMCI
    sela("ofsted", "soa", U, "--to", "hmci", "--parents", "Letter and meeting 24 February",
         "--on", "2026-02-20")
    order = sela("sos", "academy-order", U, "--basis", "s4-a1",
                 "--on", "2026-03-02").stdout.strip()
    assert order == "AO1"
    sela("sos", "direction", U, order, "--id", "D1", "--step", "Share land information",
         "--step", "Name the sponsor's contact", "--deadline", "2026-04-30", "--on",
         "2026-03-10")
    braces = sela("sos", "direction", U, "ao1", "--id", "D{2}", "--step", "Staff {TUPE} list",
                  "--deadline", "2026-05-29", "--on", "2026-03-11")
    assert "Recorded: direction D{2} under AO1, due 2026-05-29 (190106)." in braces.stderr
    sela("academy", "facilitate", U, order, "--step", "Land information sent",
         "--direction", "D1", "--on", "2026-04-01")
    assert status(sela)["stage"] == "academy order"
    sela("sos", "revoke-order", U, "AO1", "--on", "2026-05-01")
    sela.refused("AO-03", "sos", "academy-order", U, "--basis", "S4_A1", "--on", "2026-07-06")
    assert sela("sos", "academy-order", U, "--basis", "S4_1_B", "--on", "2026-07-06"
                ).stdout.strip() == "AO2"
    sela("academy", "convert", U, "--type", "academy-sponsor-led", "--trust",
         "South Bank Schools Trust", "--on", "2026-09-01")
    after = status(sela)
    assert (after["establishment_type"], after["pathway"], after["eligibility"]) == \
        ("academy-sponsor-led", "ACADEMY_RD_ROUTE", [])
    sela.refused("AC-01", "power", "governors", U, "--name", "A", "--on", "2026-09-02")
    (inspection,) = events(sela, U, "OfstedInspectionReportReceived")
    assert (inspection["data"]["grades"], inspection["data"]["safeguarding"],
            inspection["data"]["category"]) == (
        {"leadership": "inadequate", "quality of education": "inadequate"}, "INEFFECTIVE", "SM")
    assert events(sela, U, "StatementOfActionSent")[0]["data"]["recipients"] == ["HMCI"]
    direction = events(sela, U, "SoSDirectionReceived")[0]
    assert (direction["data"]["steps"], direction["data"]["deadline"]) == (
        ["Share land information", "Name the sponsor's contact"], "2026-04-30")
    assert events(sela, U, "ConversionFacilitationStepRecorded")[0]["data"]["direction_id"] == \
        "D1"
    assert [e["data"]["basis"] for e in events(sela, U, "AcademyOrderMade")] == \
        ["S4_A1", "S4_1_B"]
    converted = events(sela, U, "SchoolConvertedToAcademy")[0]["data"]
    assert (converted["new_type"], converted["order_id"]) == ("academy-sponsor-led", "AO2")


def test_ofsted_category_removed_ends_eligibility(sela: Sela) -> None:
    sela("ofsted", "notify", U, "--category", "rsi", "--on", "2026-02-10")
    sela("ofsted", "soa", U, "--to", "HMCI", "--parents", "Letter", "--on", "2026-02-20")
    assert status(sela)["eligibility"] == ["S61"]
    sela("ofsted", "removed", U, "--on", "2026-10-01")
    assert status(sela)["eligibility"] == []
    assert [e["event"] for e in sela.history(U)][-1] == "OfstedCategoryRemoved"
    assert json.loads(sela("status", U, "--effective-on", "2026-09-30", "--json").stdout)[0][
        "eligibility"] == ["S61"]


@pytest.mark.parametrize("args, message", [
    (["power", "consult", U, "--for", "S65", "--consultee", "BISHOP"],
     "'BISHOP' is not one of GB, DIOCESE, FOUNDATION_APPOINTER, LA"),
    (["power", "ieb-member", U, "--add", "Ms R. Lee"], "written instrument"),
    (["power", "ieb-member", U, "--add", "A", "--instrument", "I", "--remove", "B"],
     "Give --add NAME --instrument REF, or --remove NAME"),
    (["power", "suspend-budget", U, "--basis", "S66", "--grounds", "g", "--from",
      "2026-01-01"], "'S66' is not one of EIA_S66, SSFA_SCH15_P1"),
    (["sos", "intervene", U, "--power", "S70"], "'S70' is not one of"),
    (["sos", "consent", U], "Give the decision: --granted or --refused"),
    (["sos", "academy-order", U, "--basis", "S4"], "'S4' is not one of S4_A1, S4_1_B"),
    (["sos", "direction", U, "AO1", "--id", "D1", "--step", "s", "--deadline", "soon"],
     "'soon' is not a valid date"),
    (["ofsted", "record", U, "--inspected", "2026-01-14", "--grade", "inadequate"],
     "write AREA=GRADE"),
    (["ofsted", "notify", U, "--category", "NONE"], "'NONE' is not one of RSI, SM"),
    (["academy", "convert", U, "--type", "community", "--trust", "T"], "is not one of"),
])
def test_bad_values_are_one_line_usage_errors(sela: Sela, args: list[str],
                                              message: str) -> None:
    before = sela.events()
    result = sela(*args, code=2)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert sela.events() == before
