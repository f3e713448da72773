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
    s("school", "register", "190106", "--name", "Walworth Road Secondary School", "--type",
      "community", "--phase", "secondary", "--on", "2024-09-02")
    return s


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
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
    u = "190106"
    sela("assess", u, "--category", "C", "--rationale", "Outcomes far below national",
         "--critical", "leadership", "--on", "2024-09-20")
    sela("communicate", u, "--to", "HT", "--to", "CHAIR", "--on", "2024-09-27")
    sela("activity", "director-informed", u, "--director", "DIRECTOR_OF_EDUCATION",
         "--on", "2024-09-30")
    sela("activity", "action-plan", u, "--on", "2024-10-11", "--doc", "PLAN-190106")
    sela("contact", "record", u, "--form", "VISIT", "--purpose", "REVIEW", "--formal",
         "--on", "2024-11-12")
    sela("assess", u, "--category", "D", "--rationale", "Safeguarding ineffective",
         "--on", "2025-09-19")
    sela("communicate", u, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-26")
    wn = sela("notice", "draft", u, "--ground", "LOW_STANDARDS", "--comparator", "expected",
              "--matters", "Attainment far below comparable schools", "--action",
              "Implement the rapid improvement plan", "--compliance-end", "2025-11-28",
              "--minded", "Appoint an IEB (s65)", "--on", "2025-10-01").stdout.strip()
    assert wn == "WN1"
    sela("notice", "approve", u, wn, "--role", "DIRECTOR_CHILDREN_FAMILIES", "--on",
         "2025-10-02")
    issued = sela("notice", "issue", u, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
                  "--on", "2025-10-03")
    assert "WN-09" in issued.stderr  # no headteacher copy: a warning, recorded
    sela("notice", "copy", u, wn, "--to", "HEADTEACHER", "--on", "2025-10-06")
    sela("notice", "assess", u, wn, "--outcome", "not-complied", "--on", "2025-12-01")
    sela("notice", "intend", u, wn, "--power", "S65", "--power", "S64", "--on", "2025-12-02")
    sela("power", "consult", u, "--for", "S65", "--consultee", "GB", "--on", "2025-12-05")
    sela("power", "ieb-request-consent", u, "--on", "2025-12-17")
    sela("sos", "consent", u, "--granted", "--on", "2026-01-09", "--role", "SOS")
    sela("power", "ieb", u, "--from", "2026-02-02", "--member", "Dr A. Owusu=INS-1",
         "--member", "Mr T. Hale=INS-2", "--interim-end", "2026-08-31", "--copied-to", "IEMS",
         "--copied-to", "GOVERNORS", "--copied-to", "SOS", "--on", "2026-01-12")
    sela("power", "notify-dfe", u, "--power", "S65", "--on", "2026-01-13")
    notices = json.loads(sela("notice", "list", u, "--json").stdout)
    assert notices[0]["state"] == "intention_notified"
    assert notices[0]["copies"] == ["HEADTEACHER", "HMCI", "SOS_RD"]
    status = json.loads(sela("status", u, "--json").stdout)[0]
    assert status["stage"] == "IEB in place" and status["powers"] == ["S65"]
    sela("power", "ieb-end", u, "--resumption", "2026-09-01", "--on", "2026-08-31")
    sela("assess", u, "--category", "B", "--rationale", "Much improved", "--on", "2026-09-18")
    status = json.loads(sela("status", u, "--json").stdout)[0]
    assert (status["category"], status["pathway"]) == ("B", "SUPPORT_MONITORING")
    kinds = [h["event"] for h in sela.history(u)]
    for kind in ("WarningNoticeIssued", "ComplianceAssessed", "IntentionToUsePowersNotified",
                 "EligibilityStarted", "SoSConsentDecided", "IEBNoticeIssued", "IEMAppointed",
                 "IEBEnded"):
        assert kind in kinds, kind
    nxt = json.loads(sela("next", u, "--json").stdout)
    assert nxt["category"] == "B" and "allowed" in nxt


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
    sela("notice", "approve", u, wn, "--role", "DIRECTOR_CHILDREN_FAMILIES", "--on",
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
    result = sela("notice", "approve", "190106", "WN9", "--role", "DIRECTOR_CHILDREN_FAMILIES",
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
