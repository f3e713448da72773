"""Warning notices as typed values: the LA's (EIA 2006 s60, s60A) and the Secretary of State's.

Each notice is its own route to eligibility once its compliance period has ended, the
governing body has been found not to comply, and the issuer has given written notice of the
powers it intends to use (s60(1)(a)-(d), rulebook §5). Withdrawal, supersession (s60(4B)),
closure or conversion end that route, and only that one.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct
from msgspec.structs import replace

#: LA notices: what the lifecycle of docs/rulebook.md calls open (still in force).
OPEN = ("issued", "not_complied", "intention_notified")
PENDING = ("drafted", "approved")
ENDED = ("complied", "superseded", "withdrawn")


class WarningNotice(Struct, frozen=True, kw_only=True):
    wn_id: str
    type: str  # S60 | S60A
    issuer: str  # LA
    state: str
    grounds: tuple[str, ...]
    comparators: tuple[str, ...]
    matters: str
    required_actions: tuple[str, ...]
    minded_actions: tuple[str, ...]
    compliance_period_end: dt.date
    drafted_on: dt.date
    drafted_by: str = ""
    approved_on: dt.date | None = None
    approved_by: str = ""
    issue_date: dt.date | None = None
    regime: str | None = None
    initial_period_end: dt.date | None = None
    representation_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    outcome: str | None = None
    assessed_on: dt.date | None = None
    intention_on: dt.date | None = None
    powers_proposed: tuple[str, ...] = ()
    earliest_exercise_date: dt.date | None = None
    ended_on: dt.date | None = None
    copies: tuple[tuple[str, dt.date], ...] = ()

    def to(self, state: str, **changes: object) -> WarningNotice:
        return replace(self, state=state, **changes)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def is_live(self) -> bool:
        """Drafted, approved or in force: not yet ended."""
        return self.state in OPEN or self.state in PENDING

    @property
    def legacy(self) -> bool:
        return self.regime == "PRE_2016_04_18"

    def copied(self, recipient: str) -> dt.date | None:
        return next((d for r, d in self.copies if r == recipient), None)

    def with_copy(self, recipient: str, day: dt.date) -> WarningNotice:
        if self.copied(recipient) is not None:
            return self
        return replace(self, copies=(*self.copies, (recipient, day)))

    @property
    def gives_eligibility(self) -> bool:
        return self.state == "intention_notified" and self.ended_on is None


class SoSNotice(Struct, frozen=True, kw_only=True):
    """A warning notice the Secretary of State (Regional Director) gave (s60 as amended by EAA
    2016): it bars LA notices until the SoS permits (s60(4A)), supersedes the LA's earlier
    notices (s60(4B)), and gives eligibility like the LA's."""

    ref: str
    notified_on: dt.date
    state: str = "issued"  # issued | complied | not_complied | intention_notified | closed
    compliance_period_end: dt.date | None = None
    permission_on: dt.date | None = None
    outcome: str | None = None
    assessed_on: dt.date | None = None
    intention_on: dt.date | None = None
    powers_proposed: tuple[str, ...] = ()
    earliest_exercise_date: dt.date | None = None
    closed_on: dt.date | None = None

    def to(self, state: str, **changes: object) -> SoSNotice:
        return replace(self, state=state, **changes)

    @property
    def is_open(self) -> bool:
        return self.state in ("issued", "not_complied", "intention_notified")

    @property
    def bars_la_notices(self) -> bool:
        return self.is_open and self.permission_on is None

    @property
    def gives_eligibility(self) -> bool:
        return self.state == "intention_notified"
