"""The record on a date, two ways, and the record up to a version.

`as_of(D)` — what the record said at the end of day D (London): only the events *recorded* by
then (their stored timestamps), as an auditor would have found them that evening.
`effective_on(D)` — the legal position on day D given everything known now: every event whose
*effective date* is on or before D, including entries back-dated later. The two differ exactly
when something was recorded late. Both fold with the one fold a command is judged by
(aggregates/fold.py), each from one read of the school's stored events, never the read models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .aggregates.errors import InvalidInput, NotFound
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


def case_as_of(app: Any, urn: str, day: dt.date, events: list[Any] | None = None) -> Any:
    """The case as the record stood at the end of ``day`` (recorded time)."""
    from .aggregates.fold import fold

    urn = check_urn(urn)
    events = events if events is not None else app.history(urn)
    version = version_as_of(events, day)
    if version == 0:
        raise NotFound(f"Nothing about {urn} had been recorded by the end of "
                       f"{day.isoformat()} (London time).")
    return fold(events[:version])


def as_of(app: Any, urn: str, day: dt.date) -> dict[str, Any]:
    from .queries import status_of_case

    return status_of_case(app, case_as_of(app, urn, day), today=day)


def case_effective_on(app: Any, urn: str, day: dt.date) -> Any:
    """The case folded from the events effective on or before ``day``, as known now."""
    return app.case(check_urn(urn), on=day)


def effective_on(app: Any, urn: str, day: dt.date) -> dict[str, Any]:
    from .queries import status_of_case

    return status_of_case(app, case_effective_on(app, urn, day), today=day)


def replay(app: Any, urn: str, to_version: int) -> dict[str, Any]:
    """The record as it stood after version N, and the events up to it."""
    from .aggregates.fold import fold
    from .queries import status_of_case
    from .timeline import timeline

    events = app.history(urn)
    latest = events[-1].originator_version
    if not 1 <= to_version <= latest:
        raise InvalidInput(f"{urn} has versions 1 to {latest}; --to-version {to_version} is "
                           "outside them.")
    return {"status": status_of_case(app, fold(events[:to_version])),
            "events": timeline(events[:to_version])}
