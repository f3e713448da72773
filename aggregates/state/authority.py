"""The authority's own record as state: who works in SELA, in which roles over which dates,
and the policy in force (its version and settings).

Roles are held over spans of dates, so a step is checked against the roles its recorder (or
its named approver) held on the step's effective date — a back-filled approval included
(ID-01). The policy is a record too: each change is an event with a version number, and every
school event cites the version it was judged under.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import Struct
from msgspec.structs import replace


class RoleSpan(Struct, frozen=True, kw_only=True):
    role: str
    start: dt.date | None = None  # None: since before any record
    end: dt.date | None = None  # the last day held; None: still held

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


class Person(Struct, frozen=True, kw_only=True):
    login: str
    name: str
    roles: tuple[RoleSpan, ...] = ()

    def roles_on(self, day: dt.date) -> list[str]:
        return sorted({r.role for r in self.roles if r.covers(day)})


class AuthorityState(Struct, frozen=True, kw_only=True):
    version: int = 0
    chain_hash: str = ""
    people: tuple[Person, ...] = ()
    policy_version: int = 0
    #: The settings of the policy in force (aggregates/policy.py names them); {} = defaults.
    policy: dict[str, Any] = {}

    def but(self, **changes: Any) -> AuthorityState:
        return replace(self, **changes)

    @property
    def open(self) -> bool:
        """Whether the register has begun (someone was made its first administrator)."""
        return bool(self.people)

    def person(self, login: str) -> Person | None:
        key = login.strip().casefold()
        return next((p for p in self.people if p.login.casefold() == key), None)

    def roles_on(self, login: str, day: dt.date) -> list[str]:
        person = self.person(login)
        return person.roles_on(day) if person else []

    def holds(self, login: str, role: str, day: dt.date) -> bool:
        return role in self.roles_on(login, day)

    def with_person(self, person: Person) -> AuthorityState:
        others = tuple(p for p in self.people if p.login.casefold() != person.login.casefold())
        return self.but(people=tuple(sorted((*others, person), key=lambda p: p.login)))
