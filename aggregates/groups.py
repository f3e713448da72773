"""Which stored events were recorded together as one step.

A step records its event, preceded by any authorised override (PolicyDeviationRecorded) and
followed by the outcomes the rulebook names as events of their own (CategoryChanged,
PathwayAssigned). Release 0.1 also recorded eligibility, supersession, copies sent with a
notice, members appointed with an IEB notice and the closures of a conversion as separate
events; they are recognised here so old steps can be withdrawn and re-judged whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .events import (
    BudgetSuspensionReviewed,
    CategoryChanged,
    EligibilityEnded,
    EligibilityStarted,
    IEBEnded,
    IEBNoticeIssued,
    IEMAppointed,
    PathwayAssigned,
    PolicyDeviationRecorded,
    SchoolConvertedToAcademy,
    WarningNoticeCopySent,
    WarningNoticeIssued,
    WarningNoticeSuperseded,
    WarningNoticeWithdrawn,
)

FOLLOWERS = (CategoryChanged, PathwayAssigned, EligibilityStarted, EligibilityEnded,
             WarningNoticeSuperseded)
#: What release 0.1 recorded just before a conversion, on the same day, to close the case.
BEFORE_CONVERSION = (WarningNoticeWithdrawn, EligibilityEnded, IEBEnded,
                     BudgetSuspensionReviewed)


@dataclass
class Group:
    primary: Any
    followers: list[Any] = field(default_factory=list)
    deviations: list[Any] = field(default_factory=list)

    @property
    def events(self) -> list[Any]:
        return sorted([*self.deviations, self.primary, *self.followers],
                      key=lambda e: e.originator_version)

    @property
    def versions(self) -> set[int]:
        return {e.originator_version for e in self.events}

    def of(self, cls: type) -> list[Any]:
        return [e for e in self.followers if isinstance(e, cls)]


def _joins(group: Group | None, e: Any) -> bool:
    if group is None:
        return False
    p = group.primary
    same_day = e.effective_date == p.effective_date
    if isinstance(e, FOLLOWERS):
        return True
    if isinstance(e, WarningNoticeCopySent):
        return (isinstance(p, WarningNoticeIssued) and p.wn_id == e.wn_id and same_day
                and all(isinstance(f, WarningNoticeCopySent) for f in group.followers))
    if isinstance(e, IEMAppointed):
        return (isinstance(p, IEBNoticeIssued) and same_day
                and all(isinstance(f, IEMAppointed) for f in group.followers))
    return False


def groups(events: Sequence[Any]) -> list[Group]:
    """The steps of a history (in version order), each with the events recorded with it."""
    ordered = sorted(events, key=lambda e: e.originator_version)
    before_conversion: dict[int, int] = {}  # index of a pre-conversion event -> conversion
    for i, e in enumerate(ordered):
        if isinstance(e, SchoolConvertedToAcademy):
            j = i - 1
            while j >= 0 and isinstance(ordered[j], BEFORE_CONVERSION) \
                    and ordered[j].effective_date == e.effective_date:
                before_conversion[j] = i
                j -= 1
    found: list[Group] = []
    current: Group | None = None
    pending: list[Any] = []
    held: list[Any] = []
    for i, e in enumerate(ordered):
        if i in before_conversion:
            held.append(e)
            continue
        if isinstance(e, PolicyDeviationRecorded):
            pending.append(e)
            continue
        if _joins(current, e):
            assert current is not None
            current.followers.append(e)
            continue
        current = Group(e, followers=held, deviations=pending)
        held, pending = [], []
        found.append(current)
    if pending and current is not None:
        current.deviations.extend(pending)
    return found


def withdrawn(events: Sequence[Any]) -> set[int]:
    """Versions left out of every fold: the whole steps withdrawn as recorded in error."""
    targets = {e.withdraws_version for e in events if type(e).__name__ == "EntryWithdrawn"}
    if not targets:
        return set()
    out: set[int] = set()
    for g in groups(events):
        if g.primary.originator_version in targets:
            out |= g.versions
    return out
