"""The record on a date, two ways, and the record up to a version.

`as_of(D)` — what the record said at the end of day D (London): only the events *recorded* by
then (their stored timestamps), as an auditor would have found them that evening.
`effective_on(D)` — the legal position on day D given everything known now: every event whose
*effective date* is on or before D, including entries back-dated later, folded in recorded
order. The two differ exactly when something was recorded late.

Both read the school's stored events, never the read models: an auditor's answer must not
depend on a derived table being current or intact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .aggregates.errors import InvalidInput, NotFound, Refused
from .aggregates.identity import check_urn
from .clock import LONDON


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in London, in UTC (stored timestamps are UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(),
                               tzinfo=LONDON).astimezone(dt.UTC)


def version_as_of(events: list[Any], day: dt.date) -> int:
    """The school's last version recorded before the end of ``day`` (London time), 0 if none.

    The highest such version is right even if clocks disagreed between writers: version N is
    only ever stored after versions 1..N-1, so all of them existed when N was recorded.
    """
    cutoff = end_of_day(day)
    return max((e.originator_version for e in events if e.timestamp < cutoff), default=0)


def school_as_of(app: Any, urn: str, day: dt.date) -> Any:
    """The School as the record stood at the end of ``day`` (recorded time)."""
    urn = check_urn(urn)
    version = version_as_of(app.history(urn), day)  # NotFound if no such school at all
    if version == 0:
        raise NotFound(f"Nothing about {urn} had been recorded by the end of "
                       f"{day.isoformat()} (London time).")
    return app.school(urn, version=version)


def as_of(app: Any, urn: str, day: dt.date) -> dict[str, Any]:
    from .queries import status_of_school

    return status_of_school(app, school_as_of(app, urn, day), today=day)


def school_effective_on(app: Any, urn: str, day: dt.date) -> Any:
    """The School folded from the events effective on or before ``day``, in recorded order.

    Each event's own ``apply`` code does the folding (never the rules or the machines), as in
    a replay; the library's version check is bypassed by setting the version ourselves, since
    skipping later-effective events leaves gaps by design.
    """
    urn = check_urn(urn)
    events = app.history(urn)  # NotFound if no such school
    first = events[0]
    if first.effective_date > day:
        raise NotFound(f"{urn} was not registered on {day.isoformat()} (registered "
                       f"{first.effective_date.isoformat()}).")
    school = first.mutate(None)
    for e in events[1:]:
        if e.effective_date > day:
            continue
        try:
            e.apply(school)
        except Exception as exc:
            raise Refused(
                f"The position of {urn} on {day.isoformat()} cannot be worked out: version "
                f"{e.originator_version} ({type(e).__name__}, effective "
                f"{e.effective_date.isoformat()}) depends on an entry effective later "
                f"({type(exc).__name__}: {exc})",
                remedy="Use --as-of, or sela replay URN --to-version N, instead.") from None
        school.version = e.originator_version
    return school


def effective_on(app: Any, urn: str, day: dt.date) -> dict[str, Any]:
    from .queries import status_of_school

    return status_of_school(app, school_effective_on(app, urn, day), today=day)


def replay(app: Any, urn: str, to_version: int) -> dict[str, Any]:
    """The record as it stood after version N, and the events up to it."""
    from .queries import status_of_school
    from .timeline import timeline

    events = app.history(urn)
    latest = events[-1].originator_version
    if not 1 <= to_version <= latest:
        raise InvalidInput(f"{urn} has versions 1 to {latest}; --to-version {to_version} is "
                           "outside them.")
    school = app.school(urn, version=to_version)
    return {"status": status_of_school(app, school),
            "events": timeline(events[:to_version])}
