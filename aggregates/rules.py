"""The rulebook as data (design.md §4): every rule has an ID, a strength, a legal basis and dates.

The rule set in force is chosen by the legal anchor date of the fact being recorded
(rulebook §12.4), so a history recorded under older law replays and validates under that law.
Strength decides what the engine does (rulebook §0.1): HARD-STAT refuses, HARD-LOCAL refuses
unless overridden with a justification, GUID and WARN-LOCAL accept with a recorded warning,
INFO is tracked only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Recorded on every event, so an auditor knows which edition of this table judged it.
RULES_VERSION = "2026.11.1"

HARD_STAT = "HARD-STAT"
HARD_LOCAL = "HARD-LOCAL"
GUID = "GUID"
WARN_LOCAL = "WARN-LOCAL"
INFO = "INFO"
STRENGTHS = (HARD_STAT, HARD_LOCAL, GUID, WARN_LOCAL, INFO)


@dataclass(frozen=True)
class Rule:
    id: str
    strength: str
    summary: str
    basis: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on > self.valid_to)

    @property
    def refuses(self) -> bool:
        return self.strength in (HARD_STAT, HARD_LOCAL)


_SEED_2023 = dt.date(2023, 9, 1)  # Southwark universal provision offer, Sept 2023 (SEED-002)

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("RA-01", WARN_LOCAL,
             "One formal desktop risk assessment per school per academic year; "
             "further assessments in the year are reviews",
             "SEED-002 §4", _SEED_2023),
        Rule("RA-02", HARD_LOCAL,
             "The pathway is derived from the category and the school type (Table Two)",
             "SEED-002 §7 Table Two", _SEED_2023),
        Rule("AC-01", HARD_STAT,
             "Academies in B-D follow the Regional Director route; LA Part 4 powers do not apply",
             "EIA 2006 s59; SEED-002 §7.1", _SEED_2023),
    )
}


def get(rule_id: str) -> Rule:
    return RULES[rule_id]


def warning_text(rule_id: str, message: str) -> str:
    """The one-line form of a warning, as printed and as recorded on the event."""
    r = RULES[rule_id]
    return f"{r.id} ({r.strength}, {r.basis}): {message}"
