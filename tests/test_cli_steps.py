"""Every statutory step through the CLI: success paths stored as events, refusals as one line
with the rule ID and nothing written, and every command documented with an example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from sela_workflow.cli.main import cli

from .staff import STAFF_CSV

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SELA_DATABASE_URL", "SELA_ROLE", "SELA_POLICY", "SELA_CIPHER_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")


class Sela:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *args: str, code: int = 0) -> Any:
        result = CliRunner().invoke(cli, ["--db", self.url, *args])
        assert result.exit_code == code, result.output
        return result

    def events(self) -> int:
        return int(json.loads(self("info", "--json").stdout)["events"])

    def history(self, urn: str) -> list[dict[str, Any]]:
        return list(json.loads(self("history", urn, "--json").stdout))

    def refused(self, rule_id: str, *args: str, code: int = 1) -> str:
        before = self.events()
        result = self(*args, code=code)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, result.stderr
        assert f"({rule_id}, " in lines[0], lines[0]
        assert self.events() == before
        return lines[0]


@pytest.fixture
def sela(sqlite_url: str) -> Sela:
    s = Sela(sqlite_url)
    s("init")
    s("people", "load", STAFF_CSV)
    s("school", "register", "190106", "--name", "Walworth Road Secondary School", "--type",
      "community", "--phase", "secondary", "--on", "2024-09-02")
    return s


def subcommand(group: click.Group, name: str) -> click.Command:
    """A group's subcommand, loading it as `sela` does (the root group loads lazily)."""
    with click.Context(group) as ctx:
        command = group.get_command(ctx, name)
    assert command is not None, name
    return command


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    with click.Context(group) as ctx:
        names = group.list_commands(ctx)
    for name in names:
        command = subcommand(group, name)
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(all_commands(command, path))
    return found


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_has_help_with_an_example_and_is_documented(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"sela {' '.join(path)}" in (ROOT / "docs" / "cli.md").read_text()


def test_worked_example_c_to_ieb_and_back_to_b(sela: Sela) -> None:
    """The lead's worked example, every step through the CLI: a community school in C, a
    warning notice not complied with, an IEB appointed, and the school back in B a year on."""
    u = "190106"
    sela("assess", u, "--category", "C", "--rationale", "Outcomes far below national",
         "--critical", "leadership", "--on", "2025-09-19")
    assert json.loads(sela("status", u, "--json").stdout)[0]["pathway"] == "TRIP"
    sela("communicate", u, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-26",
         "--doc", "LETTER-190106")
    sela("activity", "director-informed", u, "--director", "DIRECTOR_OF_EDUCATION",
         "--on", "2025-09-30")
    wn = sela("notice", "draft", u, "--type", "S60", "--ground", "LOW_STANDARDS",
              "--comparator", "expected", "--matters", "Attainment far below comparable schools",
              "--action", "Implement the rapid improvement plan", "--compliance-end",
              "2025-12-12", "--minded", "Appoint an IEB (s65)", "--on", "2025-10-06"
              ).stdout.strip()
    assert wn == "WN1"
    sela("notice", "approve", u, wn, "--approved-by", "d.okafor", "--on",
         "2025-10-08")
    issued = sela("notice", "issue", u, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
                  "--on", "2025-10-10")
    assert "warning: WN-09" in issued.stderr  # no headteacher copy: a warning, recorded
    assert "Recorded: WN1 issued to the governing body of 190106 (copies: HMCI, SOS_RD)." \
        in issued.stderr
    sela.refused("WN-12", "notice", "assess", u, wn, "--outcome", "not-complied",
                 "--on", "2025-12-12")  # the last day of the period: too early
    sela("notice", "assess", u, wn, "--outcome", "not-complied", "--on", "2025-12-15")
    sela("notice", "intend", u, wn, "--power", "S65", "--on", "2025-12-16")
    earliest = json.loads(sela("notice", "list", u, "--json").stdout)[0]["earliest_exercise"]
    assert earliest == "2026-01-02"  # ten working days, skipping Christmas and New Year
    sela("power", "consult", u, "--for", "S65", "--consultee", "GB", "--response",
         "GB-MINUTES-17-12", "--on", "2025-12-17")
    # Consent may be sought during the reasonable-notice period; the power waits for its end.
    sela("power", "ieb-request-consent", u, "--on", "2025-12-18")
    line = sela.refused("IN-05", "power", "ieb", u, "--from", "2026-01-19", "--member",
                        "Dr A. Owusu=INS-1", "--member", "Mr T. Hale=INS-2", "--on",
                        "2026-01-05")
    assert f"Record this first: sela sos consent {u} --granted" in line
    sela("sos", "consent", u, "--granted", "--on", "2026-01-09",
         "--doc", "DFE-CONSENT-190106")
    sela.refused("IN-06", "power", "ieb", u, "--from", "2026-01-19", "--member",
                 "Dr A. Owusu=INS-1", "--on", "2026-01-12")
    sela("power", "ieb", u, "--from", "2026-01-19", "--member", "Dr A. Owusu=INS-1",
         "--member", "Mr T. Hale=INS-2", "--interim-end", "2027-08-31", "--copied-to", "IEMS",
         "--copied-to", "GOVERNORS", "--copied-to", "SOS", "--on", "2026-01-12")
    sela("power", "notify-dfe", u, "--power", "S65", "--on", "2026-01-13")

    notice = json.loads(sela("notice", "list", u, "--json").stdout)[0]
    assert {k: notice[k] for k in ("notice", "type", "state", "grounds", "comparators",
                                   "approved", "issued", "copies", "outcome",
                                   "powers_proposed")} == {
        "notice": "WN1", "type": "S60", "state": "intention_notified",
        "grounds": ["LOW_STANDARDS"], "comparators": ["expected"], "approved": "2025-10-08",
        "issued": "2025-10-10", "copies": ["HMCI", "SOS_RD"], "outcome": "NOT_COMPLIED",
        "powers_proposed": ["S65"]}
    status = json.loads(sela("status", u, "--json").stdout)[0]
    assert (status["stage"], status["powers"], status["eligibility"]) == \
        ("IEB in place", ["S65"], ["S60"])

    sela("assess", u, "--category", "B", "--rationale", "Much improved under the IEB",
         "--on", "2026-09-18")
    sela("communicate", u, "--to", "HT", "--to", "CHAIR", "--on", "2026-09-25")
    status = json.loads(sela("status", u, "--json").stdout)[0]
    assert (status["category"], status["pathway"], status["stage"]) == \
        ("B", "SUPPORT_MONITORING", "IEB in place")

    history = sela.history(u)
    steps = [h["event"] for h in history if h["event"] not in ("CategoryChanged",
                                                                 "PathwayAssigned")]
    assert steps == [
        "SchoolRegistered", "RiskAssessmentCompleted", "CategorisationCommunicated",
        "ActivityRecorded", "WarningNoticeDrafted", "WarningNoticeApproved",
        "WarningNoticeIssued", "ComplianceAssessed", "IntentionToUsePowersNotified",
        "ConsultationCompleted", "SoSConsentRequested", "SoSConsentDecided", "IEBNoticeIssued",
        "DfENotifiedOfIntervention", "RiskAssessmentCompleted", "CategorisationCommunicated"]
    by_event = {h["event"]: h for h in history}
    approval = by_event["WarningNoticeApproved"]
    assert (approval["role"], approval["data"]["approved_by"]) == ("LA_ADVISER", "d.okafor")
    assert by_event["WarningNoticeIssued"]["warnings"][0].startswith("WN-09")
    assert by_event["SoSConsentDecided"]["data"]["decision"] == "GRANTED"
    assert by_event["SoSConsentDecided"]["documents"] == ["DFE-CONSENT-190106"]
    assert by_event["IEBNoticeIssued"]["data"]["ieb_from"] == "2026-01-19"
    assert by_event["IEBNoticeIssued"]["data"]["members"] == [
        ["Dr A. Owusu", "INS-1"], ["Mr T. Hale", "INS-2"]]
    assert by_event["WarningNoticeIssued"]["data"]["copied_to"] == ["HMCI", "SOS_RD"]
    assert by_event["ActivityRecorded"]["data"]["details"] == {
        "director": "DIRECTOR_OF_EDUCATION"}
    assert [h["summary"] for h in history if h["event"] == "CategoryChanged"] == \
        ["- -> C", "C -> B"]


def test_refusals_name_the_rule_and_write_nothing(sela: Sela) -> None:
    u = "190106"
    line = sela.refused("IN-01", "power", "governors", u, "--name", "A", "--on", "2025-10-01")
    assert line.startswith("Error: Additional governors refused:")
    sela("assess", u, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela.refused("RA-03", "assess", u, "--category", "D", "--rationale", "r",
                 "--on", "2026-09-18")
    wn = sela("notice", "draft", u, "--ground", "SAFETY", "--matters", "m", "--action", "a",
              "--compliance-end", "2025-11-28", "--minded", "m", "--on", "2025-10-01"
              ).stdout.strip()
    line = sela.refused("WN-05", "notice", "issue", u, wn, "--copied-to", "HMCI",
                        "--copied-to", "SOS_RD", "--on", "2025-10-02")
    assert "sela notice approve 190106 WN1" in line
    sela.refused("WN-02", "notice", "draft", u, "--ground", "LOW_STANDARDS", "--matters", "m",
                 "--action", "a", "--compliance-end", "2025-11-28", "--minded", "m")
    sela("notice", "approve", u, wn, "--approved-by", "d.okafor", "--on",
         "2025-10-02")
    sela("notice", "issue", u, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
         "--copied-to", "HEADTEACHER", "--on", "2025-10-03")
    sela.refused("WN-12", "notice", "assess", u, wn, "--outcome", "not-complied", "--on",
                 "2025-11-20")
    sela.refused("WN-11", "notice", "represent", u, wn, "--to", "HMCI", "--on", "2025-10-10")
    sela("ofsted", "notify", u, "--category", "SM", "--on", "2026-03-27")
    sela.refused("OF-01", "ofsted", "removed", u, "--on", "2026-06-01")
    sela.refused("AO-03", "sos", "academy-order", u, "--basis", "S4_A1", "--on", "2026-07-06")
    order = sela("sos", "academy-order", u, "--basis", "S4_1_B", "--on", "2026-07-06")
    assert order.stdout.strip() == "AO1"


def test_bad_values_are_usage_errors(sela: Sela) -> None:
    result = sela("power", "ieb", "190106", "--from", "2026-01-01", "--member", "nobody",
                  code=2)
    assert "NAME=INSTRUMENT_REF" in result.stderr
    result = sela("notice", "assess", "190106", "WN9", "--outcome", "maybe", code=2)
    assert "'maybe' is not one of" in result.stderr
    result = sela("notice", "approve", "190106", "WN9", "--approved-by", "d.okafor",
                  code=1)
    assert "no warning notice 'WN9'" in result.stderr


def test_academy_route_and_refused_la_powers(sela: Sela) -> None:
    sela("school", "register", "190111", "--name", "Elephant Park Academy", "--type",
         "academy-sponsor-led", "--phase", "primary", "--trust", "South Bank Schools Trust",
         "--on", "2024-09-02")
    sela("assess", "190111", "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("activity", "rd-concern", "190111", "--about", "standards", "--on", "2025-09-29")
    sela.refused("AC-01", "notice", "draft", "190111", "--ground", "SAFETY", "--matters", "m",
                 "--action", "a", "--compliance-end", "2025-12-01", "--minded", "m")
    sela.refused("AC-01", "power", "suspend-budget", "190111", "--grounds", "g", "--from",
                 "2025-12-01", "--appeal-info", "--copied-to", "HT", "--copied-to", "SOS")
    assert json.loads(sela("status", "190111", "--json").stdout)[0]["pathway"] == \
        "ACADEMY_RD_ROUTE"


def test_corrections_are_new_events(sela: Sela) -> None:
    u = "190106"
    sela("assess", u, "--category", "C", "--rationale", "r", "--on", "2025-09-19")
    sela("contact", "record", u, "--form", "VISIT", "--purpose", "REVIEW", "--on",
         "2025-10-01")
    dcp = sela.history(u)[-1]["version"]
    sela("record", "withdraw", u, "--version", str(dcp), "--reason", "Wrong school",
         "--on", "2025-10-02")
    sela("record", "annotate", u, "--version", "3", "--note", "Rationale abbreviated",
         "--on", "2025-10-02")
    assessment = next(h["version"] for h in sela.history(u)
                      if h["event"] == "RiskAssessmentCompleted")
    sela("record", "correct-assessment", u, "--version", str(assessment), "--category", "B",
         "--rationale", "Keyed C instead of B", "--on", "2025-10-03")
    kinds = [h["event"] for h in sela.history(u)]
    assert kinds[-5:] == ["EntryWithdrawn", "RecordAnnotated", "RiskAssessmentCorrected",
                          "CategoryChanged", "PathwayAssigned"]
    assert json.loads(sela("status", u, "--json").stdout)[0]["category"] == "B"
    assert "ActivityRecorded" in kinds  # the withdrawn entry is still in the history


@pytest.mark.rule("SD-02")
def test_hard_local_rules_are_overridden_only_by_directors_and_the_override_is_recorded(
        sela: Sela) -> None:
    """SD-02: a director authorises, in advance and on the record, one officer's override;
    the officer's step then gives --override, and the deviation names who authorised it."""
    u = "190106"
    dfe = ("--actor", "j.whyte", "--role", "DIRECTOR_OF_EDUCATION")
    sela("assess", u, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    line = sela.refused("RA-03", "assess", u, "--category", "D", "--rationale", "r",
                        "--on", "2026-09-18")
    assert "override" not in line  # an adviser is not told of a power they do not have
    line = sela.refused("RA-03", "assess", u, "--category", "D", "--rationale", "r",
                        "--on", "2026-09-18", *dfe)
    assert "other than you may authorise an override" in line  # not their own (SD-02)
    line = sela.refused("RA-03", "assess", u, "--category", "D", "--rationale", "r", "--on",
                        "2026-09-18", "--override", "Letter delayed by the strike")
    assert "No override of RA-03 is authorised for a.mensah" in line
    sela.refused("SD-02", "record", "authorise-override", u, "--rule", "RA-03", "--for",
                 "j.whyte", "--justification", "mine", "--on", "2026-09-17", *dfe)
    sela.refused("SD-02", "record", "authorise-override", u, "--rule", "RA-03", "--for",
                 "r.clarke", "--justification", "an adviser cannot", "--on", "2026-09-17")
    sela.refused("SD-02", "record", "authorise-override", u, "--rule", "ID-01", "--for",
                 "a.mensah", "--justification", "not liftable", "--on", "2026-09-17", *dfe)
    sela("record", "authorise-override", u, "--rule", "RA-03", "--for", "a.mensah",
         "--justification", "Letter delayed by the strike", "--on", "2026-09-17", *dfe)
    done = sela("assess", u, "--category", "D", "--rationale", "r", "--on", "2026-09-18",
                "--override", "Letter delayed by the strike")
    assert "warning: RA-03 (HARD-LOCAL" in done.stderr and "j.whyte authorised" in done.stderr
    # used once: the next refusal of RA-03 needs a new authorisation
    sela.refused("RA-03", "communicate", u, "--to", "HT", "--on", "2026-09-21",
                 "--override", "No chair since the resignation")
    deviations = [h for h in sela.history(u) if h["event"] == "PolicyDeviationRecorded"]
    assert [(d["data"]["rule_id"], d["data"]["authorised_by"], d["data"]["justification"],
             d["actor"]) for d in deviations] == [
        ("RA-03", "j.whyte", "Letter delayed by the strike", "a.mensah")]


def test_pathway_activities_record_their_details(sela: Sela) -> None:
    u = "190106"
    sela("assess", u, "--category", "B", "--rationale", "r", "--on", "2025-09-19")
    sela("activity", "progress-meeting", u, "--kind", "advisor-termly", "--on", "2025-11-05")
    sela("activity", "joint-evaluation", u, "--on", "2026-07-10")
    sela("activity", "team-meeting", u, "--on", "2025-10-01")
    sela("activity", "qoe-review", u, "--on", "2026-03-02")
    sela("activity", "brokered", u, "--partner", "Peckham Schools Federation", "--on",
         "2026-03-03")
    for day in ("2025-10-01", "2025-11-01", "2025-12-01"):
        sela("contact", "record", u, "--form", "meeting", "--purpose", "support", "--on", day)
    fourth = sela("contact", "record", u, "--form", "REVIEW", "--purpose", "REVIEW",
                  "--formal", "--on", "2026-01-12")
    assert "warning: PW-01" in fourth.stderr and "up to 3 a year" in fourth.stderr
    recorded = [(h["data"]["kind"], h["data"]["details"], h["rules"])
                for h in sela.history(u) if h["event"] == "ActivityRecorded"]
    assert recorded[:5] == [
        ("PROGRESS_MEETING", {"meeting_kind": "ADVISOR_TERMLY", "term": "2025/26 autumn"},
         ["PW-04"]),
        ("JOINT_EVALUATION", {}, ["PW-04"]),
        ("TEAM_AROUND_SCHOOL", {}, ["PW-02"]),
        ("QOE_REVIEW", {}, ["PW-02"]),
        ("FEDERATION_MAT_BROKERED", {"partner": "Peckham Schools Federation"}, ["PW-03"])]
    assert recorded[5][:2] == ("DCP", {"form": "MEETING", "purpose": "SUPPORT",
                                       "formal": False})
    assert recorded[8][:2] == ("DCP", {"form": "REVIEW", "purpose": "REVIEW", "formal": True})
    assert sela.history(u)[-1]["warnings"][0].startswith("PW-01")
    line = sela.refused("AC-01", "activity", "rd-concern", u, "--about", "standards")
    assert "for academies" in line


@pytest.mark.parametrize("args, message", [
    (["communicate", "190106", "--to", "HT", "--to", "PARENTS"], "'PARENTS' is not one of"),
    (["contact", "record", "190106", "--form", "CALL", "--purpose", "SUPPORT"],
     "'CALL' is not one of MEETING, REVIEW, VISIT"),
    (["activity", "rd-concern", "190106", "--about", "finance"], "'finance' is not one of"),
    (["notice", "draft", "190106", "--ground", "LOW-STANDARD", "--matters", "m", "--action",
      "a", "--compliance-end", "2026-01-30", "--minded", "m"], "'LOW-STANDARD' is not one of"),
    (["notice", "draft", "190106", "--ground", "LOW_STANDARDS", "--comparator", "national",
      "--matters", "m", "--action", "a", "--compliance-end", "2026-01-30", "--minded", "m"],
     "'national' is not one of EXPECTED, PREVIOUS, COMPARABLE"),
    (["notice", "draft", "190106", "--ground", "SAFETY", "--matters", "m", "--action", "a",
      "--minded", "m"], "Missing option '--compliance-end'"),
    (["notice", "intend", "190106", "WN1", "--power", "S99"], "'S99' is not one of S63,"),
    (["notice", "issue", "190106", "WN1", "--copied-to", "OFSTED"], "'OFSTED' is not one of"),
    (["record", "withdraw", "190106", "--version", "two"], "'two' is not a valid integer"),
    (["record", "correct-assessment", "190106", "--version", "2", "--category", "E",
      "--rationale", "r"], "'E' is not one of A, B, C, D"),
])
def test_values_outside_the_vocabulary_are_one_line_usage_errors(
        sela: Sela, args: list[str], message: str) -> None:
    before = sela.events()
    result = sela(*args, code=2)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert sela.events() == before
