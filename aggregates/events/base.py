"""The envelope every event carries, and the stable topics events are stored under.

Every event records the envelope of design.md §2 (actor, role, effective date, reason,
documents, rules applied, rules version, warnings) and its place in the school's hash chain.
Its ``evolve`` is the only code that changes a case: it returns a new `CaseState`.

Topics are fixed strings, ``sela_workflow.aggregates.events:<ClassName>``, whatever module
defines the class: the store keeps them for ever, so classes can move between modules, and
reading resolves a topic only from this registry (never by importing what a topic names).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import DomainEvent

if TYPE_CHECKING:
    from ..state.case import CaseState

TOPIC_PREFIX = "sela_workflow.aggregates.events:"
#: The aggregate topic release 0.1 stored in every registration (kept, byte for byte).
SCHOOL_TOPIC = "sela_workflow.aggregates.school:School"

#: Every event class by name: the whitelist topics resolve against.
REGISTRY: dict[str, type[RecordedEvent]] = {}


class RecordedEvent(DomainEvent):
    """What every stored event carries: the envelope and its place in its record's chain.
    A school's events are `SchoolEvent`s; the authority's own record (the files it imported,
    events/authority.py) has its own."""

    actor: str
    role: str
    effective_date: dt.date
    reason: str
    documents: list[str]
    rules: list[str]
    rules_version: str
    warnings: list[str]
    #: The version of the authority's policy the step was judged under (0: the documented
    #: defaults, and every event recorded before the policy was a record).
    policy_version: int
    prev_hash: str
    hash: str

    TOPIC: ClassVar[str] = TOPIC_PREFIX + "RecordedEvent"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.TOPIC = TOPIC_PREFIX + cls.__name__
        REGISTRY[cls.__name__] = cls

    def summary(self) -> str:
        """One human line of what the event says (the audit trail and `sela history`)."""
        return ", ".join(f"{k}={_short(v)}" for k, v in self.data().items()
                         if v not in (None, "", [], {}))

    def data(self) -> dict[str, Any]:
        """The event's own fields, without the envelope and chain."""
        return {k: v for k, v in vars(self).items() if k not in ENVELOPE}


class SchoolEvent(RecordedEvent):
    """An event of one school's record; its ``evolve`` is the only code that changes a case."""

    def evolve(self, state: CaseState) -> CaseState:
        """The new state after this event; overridden by each event that changes a case."""
        return state


class Created(DomainEvent):
    """What the library's created events stored: the aggregate's topic."""

    originator_topic: str


ENVELOPE = frozenset({
    "originator_id", "originator_version", "timestamp", "originator_topic", "actor", "role",
    "effective_date", "reason", "documents", "rules", "rules_version", "warnings",
    "policy_version", "prev_hash", "hash"})


def _short(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "+".join(_short(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"
