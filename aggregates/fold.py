"""The one fold of a school's events: in effective-date order, up to a date if asked.

The registration comes first; every other event follows by its effective date, and events of
the same date in the order they were recorded. Steps withdrawn as recorded in error are left
out from the start. This is the only way state is made: the judgement of a new step (at its
effective date), `--effective-on`, the read models and the snapshots all call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import Refused, Remedy
from .events import EntryWithdrawn, SchoolRegistered
from .groups import withdrawn
from .state.case import CaseState


def order_key(event: Any) -> tuple[bool, dt.date, int]:
    return (event.originator_version != 1, event.effective_date, event.originator_version)


def in_effective_order(events: Iterable[Any]) -> list[Any]:
    return sorted(events, key=order_key)


def _apply(state: CaseState, event: Any, skip: set[int]) -> CaseState:
    version = event.originator_version
    if version not in skip:
        try:
            state = event.evolve(state)
        except Exception as exc:  # an event that needs an entry effective later
            raise Refused(
                f"The record of {state.urn} cannot be folded: version "
                f"{version} ({type(event).__name__}, effective "
                f"{event.effective_date.isoformat()}) depends on an entry effective later "
                f"({type(exc).__name__}: {exc})",
                remedy=Remedy("Read the record as it was recorded (as of a date, or up to a "
                              "version) instead.")) from None
        state = state.but(last_event=type(event).__name__,
                          last_effective_date=event.effective_date)
    latest = version >= state.version
    top = state.max_effective
    return state.but(version=max(state.version, version),
                     chain_hash=event.hash if latest else state.chain_hash,
                     max_effective=event.effective_date if top is None
                     else max(top, event.effective_date))


def fold(events: Sequence[Any], until: dt.date | None = None) -> CaseState:
    """The case from ``events`` (a whole history, any order), effective on or before
    ``until`` if given. Raises LookupError if there is no registration."""
    if not events:
        raise LookupError("no events")
    ordered = in_effective_order(events)
    first = ordered[0]
    if not isinstance(first, SchoolRegistered):
        raise LookupError("the history does not start with a registration")
    skip = withdrawn(events)
    state = first.start()
    state = _apply(state, first, skip)
    for e in ordered[1:]:
        if until is not None and e.effective_date > until:
            break
        state = _apply(state, e, skip)
    return state


def can_advance(state: CaseState, events: Sequence[Any]) -> bool:
    """Whether ``events`` (recorded after ``state``) can be folded onto it as they are: none
    dated before what it already holds, none withdrawing an earlier step."""
    top = state.max_effective
    return all((top is None or e.effective_date >= top) and not isinstance(e, EntryWithdrawn)
               for e in events)


def advance(state: CaseState, events: Sequence[Any]) -> CaseState:
    """``state`` with later-recorded ``events`` folded on (only where `can_advance`)."""
    for e in in_effective_order(events):
        state = _apply(state, e, set())
    return state
