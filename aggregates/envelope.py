"""What every command must say about itself: who, in what role, when, why, on what papers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import InvalidInput, Refused
from .vocabulary import Role


@dataclass(frozen=True)
class Envelope:
    actor: str
    role: str
    effective_date: dt.date
    reason: str = ""
    documents: tuple[str, ...] = field(default_factory=tuple)

    def check(self, today: dt.date) -> None:
        """Refuse an envelope the record cannot accept (design.md §2)."""
        if not self.actor.strip():
            raise InvalidInput("No actor given: say who is recording this with --actor "
                               "(or set SELA_ACTOR).")
        if self.role not in Role.__members__:
            raise InvalidInput(f"Unknown role {self.role!r}; use one of: "
                               f"{', '.join(Role.codes())}.")
        if self.effective_date > today:
            raise Refused(
                f"Refused: effective date {self.effective_date.isoformat()} is in the future "
                f"(today is {today.isoformat()})",
                remedy="Record a step once it has happened, dated the day it happened.")
