"""Ofsted outcomes and academy orders as typed values (rulebook §4, §8, §9).

A category of concern is an *episode*: notified on a date (starting the statement-of-action
clock and, for a maintained school, s61/s62 eligibility) and ended by a report that removes
it, by a re-categorisation (RSI to special measures or back: a new episode, a new clock), or
by conversion to an academy.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct
from msgspec.structs import replace

ROUTE_OF = {"RSI": "S61", "SM": "S62"}


class Inspection(Struct, frozen=True, kw_only=True):
    inspection_date: dt.date
    published: dt.date
    framework: str
    category: str
    safeguarding: str
    inspection_number: str = ""


class CategoryEpisode(Struct, frozen=True, kw_only=True):
    category: str  # RSI | SM
    notified_on: dt.date
    soa_due: dt.date | None
    #: Whether the school was maintained (Part 4 applied) when notified: only then a route.
    maintained: bool = True
    soa_sent_on: dt.date | None = None
    ended_on: dt.date | None = None
    ended_by: str = ""  # removed | recategorised | converted

    def end(self, day: dt.date, by: str) -> CategoryEpisode:
        return replace(self, ended_on=day, ended_by=by)

    @property
    def route(self) -> str:
        return ROUTE_OF[self.category]


class Direction(Struct, frozen=True, kw_only=True):
    id: str
    steps: tuple[str, ...]
    deadline: dt.date
    met_on: dt.date | None = None


class AcademyOrder(Struct, frozen=True, kw_only=True):
    order_id: str
    basis: str
    order_date: dt.date
    saved_pre_cwsa: bool
    state: str = "facilitating"  # facilitating | revoked | converted
    directions: tuple[Direction, ...] = ()
    steps: tuple[tuple[str, dt.date], ...] = ()
    revoked_on: dt.date | None = None

    def to(self, state: str, **changes: object) -> AcademyOrder:
        return replace(self, state=state, **changes)
