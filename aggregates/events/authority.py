"""The authority's own record: who works in SELA and in which roles (ID-01, ID-02), the
policy in force, and the published files it imported, one event per file.

An import record is a fact about the authority, not about one school, so it is kept in a
record of its own (one per store, `identity.AUTHORITY_ID`) in the same event store as the
schools': it is hash-chained like them, covered by the store's chain head and `sela audit
verify`, exported and imported with them, and written in the same transaction as the school
events it accounts for, so a file's import is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec.structs import replace

from ..state.authority import AuthorityState, Person, RoleSpan
from .base import RecordedEvent


class AuthorityEvent(RecordedEvent):
    """An event of the authority's record (never folded into a school's case)."""

    def evolve(self, state: AuthorityState) -> AuthorityState:
        return state


class PersonAdded(AuthorityEvent):
    """A person joins the register under their login (the database login on PostgreSQL)."""

    login: str
    name: str

    def evolve(self, state: AuthorityState) -> AuthorityState:
        found = state.person(self.login)
        person = (replace(found, name=self.name) if found else
                  Person(login=self.login, name=self.name))
        return state.with_person(person)


class RoleGranted(AuthorityEvent):
    """A person holds a role from ``start`` (None: since before any record) to ``end``."""

    login: str
    held: str  # the role (``role`` is the recorder's, in the envelope)
    start: dt.date | None
    end: dt.date | None

    def evolve(self, state: AuthorityState) -> AuthorityState:
        person = state.person(self.login)
        if person is None:
            return state
        span = RoleSpan(role=self.held, start=self.start, end=self.end)
        return state.with_person(replace(person, roles=(*person.roles, span)))


class RoleEnded(AuthorityEvent):
    """A person's role ends: ``end`` is the last day they held it."""

    login: str
    held: str
    end: dt.date

    def evolve(self, state: AuthorityState) -> AuthorityState:
        person = state.person(self.login)
        if person is None:
            return state
        spans = tuple(replace(r, end=self.end) if r.role == self.held and r.covers(self.end)
                      and (r.end is None or r.end > self.end) else r for r in person.roles)
        return state.with_person(replace(person, roles=spans))


class PolicyChanged(AuthorityEvent):
    """A new version of the policy in force: every setting it holds (the rest at their
    documented defaults) and which of them changed."""

    number: int
    settings: dict[str, Any]
    changed: list[str]

    def evolve(self, state: AuthorityState) -> AuthorityState:
        return state.but(policy_version=self.number, policy=dict(self.settings))


class FileImported(AuthorityEvent):
    """One published file imported: what it was (name, date, SHA-256 of its bytes, size,
    encoding), what it held and what importing it recorded."""

    kind: str  # gias-establishments | gias-links | ofsted-inspections
    file_name: str
    extract_date: dt.date | None
    sha256: str
    size: int
    encoding: str
    rows: int
    la_codes: list[str]
    #: new, changed, unchanged, skipped, outside (other LAs), as the summary printed them
    counts: dict[str, int]
    #: skip reasons with how many rows each
    skipped: dict[str, int]
    #: how many school events cite this file (its `reference` is each one's document)
    events: int
    reference: str

    def summary(self) -> str:
        c = self.counts
        return (f"{self.file_name} ({self.kind}, sha256 {self.sha256[:16]}): new "
                f"{c.get('new', 0)}, changed {c.get('changed', 0)}, unchanged "
                f"{c.get('unchanged', 0)}, skipped {c.get('skipped', 0)}; {self.events} events")
