"""Dates the rulebook counts in: England's working days, calendar months, terms, funding years.

Bank holidays come from the maintained `holidays` package (design.md §7), never a typed list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # imported on first use: it is the slowest import of the domain

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself does not count)."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def add_months(start: dt.date, n: int) -> dt.date:
    """Calendar months (Interpretation Act 1978 Sch 1), clamped to the month's last day."""
    return start + relativedelta(months=n)


#: Terms used for "termly" expectations (T-TERMLY): a local, configurable simplification.
TERMS = (("autumn", 9, 12), ("spring", 1, 3), ("summer", 4, 8))


def term_of(day: dt.date) -> str:
    """'2025/26 autumn' style label for the school term holding ``day``."""
    from .vocabulary import academic_year_of

    for name, first, last in TERMS:
        if first <= day.month <= last:
            return f"{academic_year_of(day)} {name}"
    raise AssertionError(day)


def term_end(day: dt.date) -> dt.date:
    for _, first, last in TERMS:
        if first <= day.month <= last:
            return dt.date(day.year, last, 1) + relativedelta(months=1, days=-1)
    raise AssertionError(day)


def term_start(day: dt.date) -> dt.date:
    for _, first, last in TERMS:
        if first <= day.month <= last:
            return dt.date(day.year, first, 1)
    raise AssertionError(day)


def next_funding_period_start(day: dt.date) -> dt.date:
    """Maintained schools' funding period is the financial year from 1 April (SSFA Sch 15 p2)."""
    candidate = dt.date(day.year, 4, 1)
    return candidate if candidate > day else dt.date(day.year + 1, 4, 1)


#: Ofsted framework periods (rulebook §4.2): P1 to 1 Sept 2024, P2 to 9 Nov 2025, P3 after.
def ofsted_framework(inspection_date: dt.date) -> str:
    if inspection_date <= dt.date(2024, 9, 1):
        return "EIF_PRE_2024_09"
    if inspection_date <= dt.date(2025, 11, 9):
        return "EIF_2024_25"
    return "RENEWED_2025_11"
