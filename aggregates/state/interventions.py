"""The LA's interventions as typed values: the IEB (s65, Sch 6) and budget suspension (s66,
SSFA Sch 15). Both have dates of their own — the IEB takes over on a stated day and its
interim period may end on another; a suspension takes effect a month after its notice — so
each says what state it is in *on a given day*."""

from __future__ import annotations

import datetime as dt

from msgspec import Struct
from msgspec.structs import replace

from ..calendar import add_months, next_funding_period_start


class IEB(Struct, frozen=True, kw_only=True):
    """The interim executive board: consent, notice, members, the interim period."""

    state: str = "none"  # none | consent_requested | consent_granted | active | ended
    consent_requested_on: dt.date | None = None
    consent: str | None = None
    consent_on: dt.date | None = None
    notice_on: dt.date | None = None
    ieb_from: dt.date | None = None
    interim_period_end: dt.date | None = None
    members: tuple[str, ...] = ()
    ended_on: dt.date | None = None  # the governing body's resumption date

    def to(self, state: str, **changes: object) -> IEB:
        return replace(self, state=state, **changes)

    def state_on(self, day: dt.date) -> str:
        """The lifecycle state on ``day``: an active IEB whose stated interim period is over
        has *lapsed* (T-IEB-END): the governing body is normally constituted again."""
        if self.state == "active" and self.interim_period_end and day > self.interim_period_end:
            return "lapsed"
        return self.state

    def in_place_on(self, day: dt.date) -> bool:
        """Whether the IEB governs the school on ``day`` (Sch 6 para 14: no s64/s67 then)."""
        if self.state not in ("active", "ended") or self.ieb_from is None:
            return False
        if day < self.ieb_from:
            return False
        if self.interim_period_end and day > self.interim_period_end:
            return False
        return not (self.ended_on and day >= self.ended_on)


class BudgetSuspension(Struct, frozen=True, kw_only=True):
    """A suspension of the delegated budget and its reviews (SSFA Sch 15 paras 1-2)."""

    state: str = "none"  # none | suspended | revoked
    basis: str = ""
    notice_on: dt.date | None = None
    suspended_from: dt.date | None = None
    reviews: tuple[dt.date, ...] = ()
    revoked_from: dt.date | None = None

    def to(self, state: str, **changes: object) -> BudgetSuspension:
        return replace(self, state=state, **changes)

    def in_force_on(self, day: dt.date) -> bool:
        if self.state == "none" or self.suspended_from is None or day < self.suspended_from:
            return False
        return not (self.revoked_from and day >= self.revoked_from)

    def review_due(self) -> dt.date | None:
        """T-BUDGET-REVIEW: the start of the first funding period still needing its review.

        A review is due before the start of every funding period (1 April) in which the
        suspension continues, except one that starts less than two months after it took
        effect; a review held during the preceding funding period meets it (IN-08). The
        answer depends only on the record, never on today, so it can be stored.
        """
        if self.suspended_from is None or self.state == "none":
            return None
        period = next_funding_period_start(self.suspended_from)
        if period < add_months(self.suspended_from, 2):
            period = next_funding_period_start(period)
        while True:
            if self.revoked_from and self.revoked_from <= period:
                return None
            opened = max(dt.date(period.year - 1, 4, 1), self.suspended_from)
            if not any(opened <= r < period for r in self.reviews):
                return period
            period = dt.date(period.year + 1, 4, 1)
