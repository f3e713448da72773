"""`sela due --ics`: the deadlines as an RFC 5545 calendar that parses back with icalendar,
whose UIDs are stable so that re-importing updates instead of duplicating, and whose second
export after one more step changes only the events of the deadlines that step touched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from sela_workflow.cli.main import cli
from sela_workflow.clock import today


def sela(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def demo(sqlite_url: str) -> str:
    sela(sqlite_url, "demo")
    return sqlite_url


def events(data: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(data)
    found = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(found) == len(cal.walk("VEVENT")), "UIDs are unique"
    return found


def test_the_calendar_parses_back_with_every_dated_deadline(demo: str) -> None:
    import json

    data = CliRunner().invoke(cli, ["--db", demo, "due", "--ics"]).stdout_bytes
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    found = events(data)
    rows = json.loads(sela(demo, "due", "--all", "--json").stdout)
    dated = [r for r in rows if r["due"]]
    assert len(found) == len(dated) > 0
    by_summary = {(str(e["SUMMARY"]), e["DTSTART"].dt): e for e in found.values()}
    for r in dated:
        event = by_summary[(f"{r['what']} — {r['name']} ({r['rule_id']})",
                            dt.date.fromisoformat(r["due"]))]
        assert event["DTEND"].dt == dt.date.fromisoformat(r["due"]) + dt.timedelta(days=1)
        description = str(event["DESCRIPTION"])
        assert r["urn"] in description and r["rule_id"] in description
        if r["command"]:
            assert f"To record it: {r['command']}" in description
        cancelled = r["status"] in ("met", "lapsed")
        assert str(event["STATUS"]) == ("CANCELLED" if cancelled else "CONFIRMED")


def test_an_officer_gets_only_their_schools_and_uids_do_not_depend_on_time(demo: str) -> None:
    mine = events(CliRunner().invoke(cli, ["--db", demo, "due", "--ics", "--officer",
                                           "s.byrne"]).stdout_bytes)
    every = events(CliRunner().invoke(cli, ["--db", demo, "due", "--ics"]).stdout_bytes)
    assert mine and set(mine) < set(every)
    assert all("Officer: s.byrne" in str(e["DESCRIPTION"]) for e in mine.values())
    again = CliRunner().invoke(cli, ["--db", demo, "due", "--ics"]).stdout_bytes
    assert events(again).keys() == every.keys()


def test_a_second_export_after_one_step_changes_only_that_deadlines_events(demo: str) -> None:
    before = events(CliRunner().invoke(cli, ["--db", demo, "due", "--ics"]).stdout_bytes)
    soa = [uid for uid, e in before.items() if "Statement of action sent" in str(e["SUMMARY"])
           and "190106" in uid and str(e["STATUS"]) == "CONFIRMED"]
    assert len(soa) == 1
    sela(demo, "ofsted", "soa", "190106", "--to", "HMCI", "--parents", "Letter to parents",
         "--on", today().isoformat())
    after = events(CliRunner().invoke(cli, ["--db", demo, "due", "--ics"]).stdout_bytes)
    changed = {uid for uid in before.keys() | after.keys()
               if uid not in before or uid not in after
               or before[uid].to_ical() != after[uid].to_ical()}
    assert changed == set(soa)
    assert str(after[soa[0]]["STATUS"]) == "CANCELLED" and after[soa[0]]["SEQUENCE"] == 1


def test_ics_excludes_the_other_machine_formats(demo: str) -> None:
    result = CliRunner().invoke(cli, ["--db", demo, "due", "--ics", "--json"])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
