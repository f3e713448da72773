"""The record on a date, two ways.

`as_of(D)` — what the record said at the end of day D: only events *recorded* by then (their
timestamps), as an auditor would have found them. `effective_on(D)` — the legal position on
day D given everything known now: every event whose *effective date* is on or before D,
including entries back-dated later. They differ exactly when something was recorded late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from .aggregates.errors import NotFound
from .aggregates.identity import check_urn, school_id
from .clock import LONDON


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)


def version_as_of(app: Any, urn: str, day: dt.date) -> int:
    """The school's last version recorded before the end of ``day`` (London time)."""
    from .projections.tables import audit_trail
    from .queries import refresh

    refresh(app)
    a = audit_trail.c
    with app.recorder.datastore.engine.connect() as conn:
        version = conn.execute(select(func.max(a.version)).where(
            a.urn == urn, a.recorded_at < _end_of_day(day))).scalar()
    return int(version or 0)


def as_of(app: Any, urn: str, day: dt.date) -> dict[str, Any]:
    from .queries import status_of_school

    urn = check_urn(urn)
    app.school(urn)  # NotFound if no such school at all
    version = version_as_of(app, urn, day)
    if version == 0:
        raise NotFound(f"Nothing about {urn} had been recorded by the end of "
                       f"{day.isoformat()}.")
    return status_of_school(app, app.school(urn, version=version), today=day)


def school_effective_on(app: Any, urn: str, day: dt.date) -> Any:
    """The School folded from the events effective on or before ``day``, in recorded order."""
    events = [e for e in app.events.get(school_id(check_urn(urn)))]
    if not events:
        app.school(urn)
    first = events[0]
    if first.effective_date > day:
        raise NotFound(f"{urn} was not registered on {day.isoformat()} (registered "
                       f"{first.effective_date.isoformat()}).")
    school = first.mutate(None)
    for e in events[1:]:
        if e.effective_date <= day:
            e.apply(school)
            school._version = e.originator_version
    return school


def effective_on(app: Any, urn: str, day: dt.date) -> dict[str, Any]:
    from .queries import status_of_school

    return status_of_school(app, school_effective_on(app, urn, day), today=day)


def replay(app: Any, urn: str, to_version: int) -> dict[str, Any]:
    """The record as it stood after version N, and the events up to it."""
    from .queries import status_of_school
    from .timeline import timeline

    latest = app.school(urn).version
    if not 1 <= to_version <= latest:
        from .aggregates.errors import InvalidInput

        raise InvalidInput(f"{urn} has versions 1 to {latest}; --to-version {to_version} is "
                           "outside them.")
    school = app.school(urn, version=to_version)
    return {"status": status_of_school(app, school),
            "events": timeline(app.history(urn)[:to_version])}
