"""The School aggregate: one per school, identified by its URN.

Command methods validate (vocabulary, envelope, the rule table via the workflow machine) and
then trigger events; only the events' ``apply`` code changes state.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from . import rules
from .chain import GENESIS, event_hash
from .envelope import Envelope
from .errors import InvalidInput, Refused
from .events import (
    CategoryChanged,
    PathwayAssigned,
    RiskAssessmentCompleted,
    SchoolEvent,
    SchoolRegistered,
)
from .vocabulary import (
    CATEGORIES,
    CRITICAL_CRITERIA,
    ESTABLISHMENT_TYPES,
    PHASES,
    RELIGIOUS_CHARACTERS,
    academic_year_bounds,
    academic_year_of,
    is_academic_year,
)
from .workflow import RULES_APPLIED, WORKFLOW, StepNotAllowed

_URN = re.compile(r"^[1-9]\d{5}$")


def check_urn(urn: str) -> str:
    urn = urn.strip()
    if not _URN.match(urn):
        raise InvalidInput(f"{urn!r} is not a URN: a URN is the school's 6-digit GIAS "
                           "unique reference number, e.g. 100834.")
    return urn


def school_id(urn: str) -> UUID:
    """The aggregate ID is derived from the URN, so the URN is the natural key (libraries §1.3)."""
    return uuid5(NAMESPACE_URL, f"urn:sela:school:{urn}")


class School(Aggregate):
    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str
    registered_on: dt.date
    category: str | None
    pathway: str | None
    statutory_state: str
    assessments: list[dict[str, Any]]
    last_event: str
    last_effective_date: dt.date
    chain_hash: str

    def __init__(self) -> None:
        """State is set by SchoolRegistered.apply; nothing to do here."""

    # -- recording -------------------------------------------------------------------------

    @classmethod
    def register(cls, *, urn: str, name: str, establishment_type: str, phase: str,
                 religious_character: str, diocese: str, academy_trust: str,
                 envelope: Envelope, today: dt.date) -> School:
        urn = check_urn(urn)
        envelope.check(today)
        if not name.strip():
            raise InvalidInput("The school's name is empty; give it with --name.")
        if establishment_type not in ESTABLISHMENT_TYPES:
            raise InvalidInput(f"Unknown establishment type {establishment_type!r}; use one of: "
                               f"{', '.join(ESTABLISHMENT_TYPES)}.")
        if phase not in PHASES:
            raise InvalidInput(f"Unknown phase {phase!r}; use one of: {', '.join(PHASES)}.")
        if religious_character not in RELIGIOUS_CHARACTERS:
            raise InvalidInput(f"Unknown religious character {religious_character!r}; use one "
                               f"of: {', '.join(RELIGIOUS_CHARACTERS)}.")
        kind = ESTABLISHMENT_TYPES[establishment_type]
        if kind.academy and not academy_trust.strip():
            raise InvalidInput("An academy or free school needs its academy trust: "
                               "give it with --trust.")
        if not kind.academy and academy_trust.strip():
            raise InvalidInput(f"A {kind.gias_name.lower()} has no academy trust; "
                               "drop --trust or correct --type.")
        if religious_character in ("cofe", "rc") and not diocese.strip():
            raise InvalidInput("A Church of England or Roman Catholic school needs its diocese "
                               "(the appropriate diocesan authority): give it with --diocese.")
        fields = dict(
            urn=urn, name=name.strip(), establishment_type=establishment_type, phase=phase,
            religious_character=religious_character, diocese=diocese.strip(),
            academy_trust=academy_trust.strip(),
            **_envelope_fields(envelope, rule_ids=[], warnings=[]),
        )
        sid = school_id(urn)
        ts = SchoolRegistered.create_timestamp()
        fields["prev_hash"] = GENESIS
        fields["hash"] = event_hash(SchoolRegistered.__name__, {
            **fields, "originator_id": sid, "originator_version": cls.INITIAL_VERSION,
            "timestamp": ts})
        return cls._create(SchoolRegistered, id=sid, timestamp=ts, **fields)

    def assess(self, *, category: str, rationale: str, critical_criteria: Sequence[str],
               academic_year: str | None, review: bool, envelope: Envelope,
               today: dt.date) -> list[str]:
        """Record a risk assessment (RA-01) and the category and pathway it leads to (RA-02).

        Returns the warnings given, which are also recorded on the events.
        """
        envelope.check(today)
        category = category.strip().upper()
        if category not in CATEGORIES:
            raise InvalidInput(f"Unknown category {category!r}; use one of A, B, C, D "
                               "(SEED-002 §5 Table One).")
        unknown = sorted(set(critical_criteria) - set(CRITICAL_CRITERIA))
        if unknown:
            raise InvalidInput(f"Unknown critical criteria {', '.join(unknown)}; use: "
                               f"{', '.join(CRITICAL_CRITERIA)}.")
        if not rationale.strip():
            raise InvalidInput("A risk assessment needs its rationale: give it with --rationale.")
        year = academic_year or academic_year_of(envelope.effective_date)
        if not is_academic_year(year):
            raise InvalidInput(f"{year!r} is not an academic year; write it as 2025/26.")
        first, last = academic_year_bounds(year)
        if not first <= envelope.effective_date <= last:
            raise InvalidInput(
                f"The assessment date {envelope.effective_date.isoformat()} is not in the "
                f"academic year {year} ({first.isoformat()} to {last.isoformat()}).")
        warnings: list[str] = []
        formal_this_year = [a for a in self.assessments
                            if a["academic_year"] == year and not a["review"]]
        if not review and formal_this_year:
            warnings.append(rules.warning_text(
                "RA-01", f"a formal risk assessment for {year} was already recorded on "
                f"{formal_this_year[0]['date'].isoformat()}; record in-year reassessments "
                "as reviews (--review)"))
        try:
            to_state = WORKFLOW.plan(self, "assess", category=category)
        except StepNotAllowed as e:
            raise Refused(f"Pathway refused: {e}", rule_id="RA-02",
                          basis=rules.get("RA-02").basis) from e
        applied = ["RA-01", *RULES_APPLIED[("assess", to_state, category)]]
        self._record(RiskAssessmentCompleted, envelope, rule_ids=["RA-01"], warnings=warnings,
                     academic_year=year, category=category, rationale=rationale.strip(),
                     critical_criteria=sorted(set(critical_criteria)), review=review)
        if category != self.category:
            self._record(CategoryChanged, envelope, rule_ids=["RA-01"], warnings=[],
                         from_category=self.category, to_category=category)
        pathway = to_state.upper()
        if pathway != self.pathway:
            self._record(PathwayAssigned, envelope, rule_ids=applied[1:], warnings=[],
                         pathway=pathway, from_state=self.statutory_state, to_state=to_state)
        return warnings

    # -- reading ---------------------------------------------------------------------------

    @property
    def is_academy(self) -> bool:
        return ESTABLISHMENT_TYPES[self.establishment_type].academy

    def status(self) -> dict[str, Any]:
        """The current status as the read model shows it; used to check projections by replay."""
        return {
            "urn": self.urn,
            "name": self.name,
            "establishment_type": self.establishment_type,
            "phase": self.phase,
            "category": self.category,
            "pathway": self.pathway,
            "statutory_state": self.statutory_state,
            "last_event": self.last_event,
            "last_effective_date": self.last_effective_date.isoformat(),
            "version": self.version,
        }

    # -- internals -------------------------------------------------------------------------

    def _record(self, event_class: type[SchoolEvent], envelope: Envelope, *,
                rule_ids: list[str], warnings: list[str], **data: Any) -> None:
        fields = {**data, **_envelope_fields(envelope, rule_ids=rule_ids, warnings=warnings)}
        ts = event_class.create_timestamp()
        fields["prev_hash"] = self.chain_hash
        fields["hash"] = event_hash(event_class.__name__, {
            **fields, "originator_id": self.id, "originator_version": self.version + 1,
            "timestamp": ts})
        self.trigger_event(event_class, timestamp=ts, **fields)


def _envelope_fields(envelope: Envelope, *, rule_ids: list[str],
                     warnings: list[str]) -> dict[str, Any]:
    return dict(actor=envelope.actor.strip(), role=envelope.role,
                effective_date=envelope.effective_date, reason=envelope.reason,
                documents=list(envelope.documents), rules=list(rule_ids),
                rules_version=rules.RULES_VERSION, warnings=list(warnings))
