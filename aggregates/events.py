"""The events of a school's record: the schema of what is stored, forever.

Every event carries the envelope of design.md §2 (actor, role, effective date, reason,
documents, rules applied, rules version, warnings given) and its place in the school's hash
chain (prev_hash, hash). Each event's ``apply`` holds the only code that changes a School:
replay runs these and nothing else, so histories recorded under older rules replay unchanged.

Topics embed this module's path (libraries.md §1.12): do not move or rename these classes
without ``eventsourcing.utils.register_topic``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

if TYPE_CHECKING:
    from .school import School


class SchoolEvent(Aggregate.Event):
    actor: str
    role: str
    effective_date: dt.date
    reason: str
    documents: list[str]
    rules: list[str]
    rules_version: str
    warnings: list[str]
    prev_hash: str
    hash: str

    def apply(self, aggregate: Any) -> None:
        self.evolve(aggregate)
        aggregate.last_event = type(self).__name__
        aggregate.last_effective_date = self.effective_date
        aggregate.chain_hash = self.hash

    def evolve(self, school: School) -> None:
        """Change the school's state; overridden by each event."""


class SchoolRegistered(SchoolEvent, Aggregate.Created):
    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str

    def evolve(self, school: School) -> None:
        school.urn = self.urn
        school.name = self.name
        school.establishment_type = self.establishment_type
        school.phase = self.phase
        school.religious_character = self.religious_character
        school.diocese = self.diocese
        school.academy_trust = self.academy_trust
        school.registered_on = self.effective_date
        school.category = None
        school.pathway = None
        school.statutory_state = "unassessed"
        school.assessments = []


class RiskAssessmentCompleted(SchoolEvent):
    academic_year: str
    category: str
    rationale: str
    critical_criteria: list[str]
    review: bool

    def evolve(self, school: School) -> None:
        school.assessments = [
            *school.assessments,
            {"academic_year": self.academic_year, "date": self.effective_date,
             "category": self.category, "review": self.review},
        ]


class CategoryChanged(SchoolEvent):
    from_category: str | None
    to_category: str

    def evolve(self, school: School) -> None:
        school.category = self.to_category


class PathwayAssigned(SchoolEvent):
    pathway: str
    from_state: str
    to_state: str

    def evolve(self, school: School) -> None:
        school.pathway = self.pathway
        school.statutory_state = self.to_state
