"""`sela due --ics`: the deadlines as an RFC 5545 calendar, for the officer's own calendar.

Each dated deadline is an all-day VEVENT naming the school, the step, the rule and the
command that records it. The export is a pure function of the record, so importing it again
updates the events already there instead of adding copies:

- the UID is derived from the school's URN and the deadline's identity (rule, timer, kind and
  what it asks, its dates left out so a moved deadline keeps its event), never from a time;
- DTSTAMP and SEQUENCE are derived from the deadline itself (its due or met date; 0 while it
  is open, 1 once it is met or its window has closed), so an export changes only the events
  whose deadlines changed;
- a met deadline and a window that closed unused ("lapsed") are STATUS:CANCELLED.

A deadline that disappears from the record altogether (its notice withdrawn, the school
closed) is no longer exported; remove such events by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

#: Statuses whose deadline no longer asks anything: cancelled in the calendar.
DONE = ("met", "lapsed")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PRODID = "-//SELA Workflow//sela due --ics//EN"


def uid(row: dict[str, Any]) -> str:
    """The deadline's stable identity: its school and what it asks, without its dates."""
    what = " ".join(_ISO_DATE.sub("", str(row["what"])).split())
    key = "\x1f".join([row["urn"], row["rule_id"], row["timer"], row["kind"], what])
    return f"sela-{row['urn']}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}" \
           "@sela-workflow"


def calendar(rows: Iterable[dict[str, Any]], officer: str | None = None) -> bytes:
    """The calendar (CRLF-separated bytes) of the dated deadlines among ``rows``."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "SELA deadlines" + (f" ({officer})" if officer else ""))
    seen: set[str] = set()
    for row in rows:
        if not row.get("due"):
            continue  # an undated expectation: `sela next` lists it
        identity = uid(row)
        if identity in seen:  # the same deadline twice: keep the first (the earliest)
            continue
        seen.add(identity)
        cal.add_component(_event(Event(), row, identity))
    return bytes(cal.to_ical())


def _event(event: Any, row: dict[str, Any], identity: str) -> Any:
    due = dt.date.fromisoformat(row["due"])
    done = row["status"] in DONE
    stamp_day = dt.date.fromisoformat(row["met_on"]) if row.get("met_on") else due
    event.add("uid", identity)
    event.add("dtstamp", dt.datetime.combine(stamp_day, dt.time(0, 0), tzinfo=dt.UTC))
    event.add("sequence", 1 if done else 0)
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", f"{row['what']} — {row['name'] or row['urn']} ({row['rule_id']})")
    event.add("description", _description(row))
    event.add("status", "CANCELLED" if done else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["SELA", row["rule_id"], row["strength"]])
    return event


def _description(row: dict[str, Any]) -> str:
    lines = [f"School: {row['name'] or '-'} (URN {row['urn']})",
             f"Step: {row['what']}",
             f"Rule: {row['rule_id']} ({row['strength']}), timer {row['timer']}"]
    if row.get("met_on"):
        lines.append(f"Met on {row['met_on']}.")
    elif row["status"] == "lapsed":
        lines.append("The window closed unused.")
    if row.get("command"):
        lines.append(f"To record it: {row['command']}")
    if row.get("officer"):
        lines.append(f"Officer: {row['officer']}")
    return "\n".join(lines)
