"""What the rulebook expects next for one school, with due dates: the officer's to-do list.

Each step declares what it is expected for (steps/*: `expects`); this gathers them for a case.
Items are facts of the record, so they can be stored; an item that comes round each term or
year (a termly meeting, the annual assessment) carries what is needed to work out, for any
day, which period it is in, when that period's occurrence is due and whether it was met — so
nothing stored goes stale when a term begins. Status is worked out when read: `met`,
`overdue`, `due` (within 14 days), `upcoming`, `expected` (no date in the rules), `lapsed`
(a window closed), `open` (a window has opened).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .calendar import term_end, term_of, term_start
from .policy import Policy
from .state.case import CaseState
from .steps import STEPS, Item
from .vocabulary import academic_year_bounds, academic_year_of

DUE_SOON = dt.timedelta(days=14)
DEADLINE, OPENS, CLOSES = "deadline", "opens", "closes"


def items(state: CaseState, policy: Policy) -> list[Item]:
    """Every item the declared steps expect of ``state`` (recurring ones not yet resolved);
    none once the school has closed, as its LA case has."""
    out: list[Item] = []
    if state.closed:
        return out
    for step in STEPS.values():
        for expectation in step.expects:
            out.extend(expectation.items(state, policy))
    return out


def period(anchor: str, day: dt.date, policy: Policy) -> tuple[dt.date, dt.date | None, str]:
    """For a recurring item: (start of the period holding ``day``, due date, label)."""
    year = academic_year_of(day)
    first, last = academic_year_bounds(year)
    if anchor == "term-end":
        return term_start(day), term_end(day), term_of(day)
    if anchor == "assessment":
        month, dom = policy.annual_assessment_due_month, policy.annual_assessment_due_day
        due = dt.date(first.year if month >= 9 else first.year + 1, month, dom)
        return first, due, year
    return first, last, year


def on_day(item: Item, day: dt.date, policy: Policy) -> Item:
    """The item as it stands on ``day``: a recurring one resolved for the period holding it."""
    if not item.recurs:
        return item
    default = "term-end" if item.recurs == "term" else "year-end"
    start, due, label = period(item.anchor or default, day, policy)
    floor = max(start, item.since) if item.since else start
    met = item.last if item.last is not None and floor <= item.last <= day else None
    return replace(item, what=item.what.format(term=label, year=label.split(" ")[0]),
                   due=due if item.anchor else None, met_on=met)


def status_of(kind: str, due: dt.date | None, met_on: dt.date | None, today: dt.date) -> str:
    if met_on is not None:
        return "met"
    if due is None:
        return "expected"
    if kind == OPENS:
        return "open" if today >= due else "upcoming"
    if due < today:
        return "lapsed" if kind == CLOSES else "overdue"
    return "due" if due - today <= DUE_SOON else "upcoming"


def expectations(state: CaseState, today: dt.date, policy: Policy) -> list[Item]:
    """The items of ``state`` as they stand on ``today``, in due-date order."""
    resolved = [on_day(i, today, policy) for i in items(state, policy)]
    return sorted(resolved, key=lambda i: (i.due or dt.date.max, i.rule_id, i.what))
