"""Read use cases: answered from projections, which are caught up first so never stale.

Every list has a total order (its sort keys end in a unique column), so a rebuilt read model
gives every answer byte for byte as before. Reads of several view tables take the schema lock
shared first (projections/locks.py), so a concurrent rebuild never deadlocks with them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .aggregates.errors import Conflict, NotFound
from .aggregates.identity import check_urn
from .projections.locks import begin_read
from .projections.registry import VERSIONS
from .projections.runner import all_projections, catch_up_all, refilling_elsewhere, up_to_date
from .projections.tables import audit_trail, deadlines, movements, projection_state
from .projections.tables import pathway as view

SEP = ", "


def refresh(app: Any) -> int:
    """Bring every projection up to the head of the log (nothing to import if already there)."""
    if up_to_date(app):
        return 0
    return catch_up_all(app, all_projections(app))


def refresh_after_write(app: Any) -> str | None:
    """After a recording: catch the read models up so the next query has nothing to do; or,
    if a rebuild is refilling them in another process right now, leave it to that rebuild.
    Returns a note for the officer when the views are left behind."""
    if up_to_date(app):
        return None
    if refilling_elsewhere(app):
        return "the read models are being rebuilt; they will include this when it finishes."
    catch_up_all(app, all_projections(app))
    return None


@contextmanager
def _reading(app: Any, *, refreshed: bool = False) -> Iterator[Session]:
    """A read of the views that sees them complete: caught up first, then read in one
    snapshot in which every projection is live. If a rebuild emptied them in between, catch
    up again (finishing the rebuild's refill with it) rather than answer from half a view."""
    engine = app.recorder.datastore.engine
    names = select(projection_state.c.name, projection_state.c.version)
    for attempt in range(100):
        if attempt or not refreshed:
            refresh(app)
        session = Session(engine)
        try:
            begin_read(session)
            if dict(session.execute(names).all()) == VERSIONS:
                yield session
                return
        finally:
            session.close()
        time.sleep(min(0.5, 0.02 * attempt))
    raise Conflict("The read models are being rebuilt again and again; try again later.")


def _utc_midnight(day: dt.date, later: int = 0) -> dt.datetime:
    """The start of ``day`` (plus ``later`` days) in UTC; the end of the calendar for a day
    past it."""
    if later and day >= dt.date.max - dt.timedelta(days=later):
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(day + dt.timedelta(days=later), dt.time(), tzinfo=dt.UTC)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _split(value: str) -> list[str]:
    return [v for v in value.split(SEP) if v] if value else []


def _not_found(urn: str) -> NotFound:
    return NotFound(f"No school with URN {urn} in this store; register it first: "
                    f"sela school register {urn} --name ...")


def _row(mapping: Any) -> dict[str, Any]:
    d = {k: _iso(v) for k, v in mapping.items() if k != "school_id"}
    for key in ("eligibility", "powers", "open_notices"):
        d[key] = _split(d[key])
    return d


def status_of_school(app: Any, school: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The pathway-view row computed from a School object itself (replays, time travel);
    ``today`` sets the day the next step is judged from (default: today)."""
    from .aggregates.expectations import expectations
    from .projections.casework import pathway_row

    today = today or app.today()
    return _row(pathway_row(school, expectations(school, today, app.policy), today))


def status(app: Any, urn: str | None = None, *, category: str | None = None,
           pathway: str | None = None, officer: str | None = None,
           stage: str | None = None) -> list[dict[str, Any]]:
    """The pathway view: one row per school, filtered."""
    c = view.c
    q = select(view).order_by(c.urn)
    if urn is not None:
        q = q.where(c.urn == check_urn(urn))
    if category:
        q = q.where(c.category == category.upper())
    if pathway:
        q = q.where(c.pathway == pathway.upper())
    if officer:
        q = q.where(c.officer == officer)
    if stage:
        q = q.where(c.stage == stage)
    with _reading(app) as session:
        rows = [_row(r._mapping) for r in session.execute(q)]
    if urn is not None and not rows:
        raise _not_found(urn)
    return rows


def dashboard(app: Any, since: dt.date) -> dict[str, Any]:
    """Counts by category x pathway x phase x type; movements since a date; stages."""
    c = view.c
    with _reading(app) as session:
        counts = [dict(r._mapping) for r in session.execute(
            select(c.category, c.pathway, c.phase, c.establishment_type,
                   func.count().label("schools"))
            .group_by(c.category, c.pathway, c.phase, c.establishment_type)
            .order_by(c.category, c.pathway, c.phase, c.establishment_type))]
        by_stage = [dict(r._mapping) for r in session.execute(
            select(c.stage, func.count().label("schools")).group_by(c.stage)
            .order_by(func.count().desc(), c.stage))]
        moved = [{k: _iso(v) for k, v in r._mapping.items()} for r in session.execute(
            select(movements.c.urn, view.c.name, movements.c.from_category,
                   movements.c.to_category, movements.c.effective_date)
            .join(view, view.c.urn == movements.c.urn)
            .where(movements.c.effective_date >= since)
            .order_by(movements.c.effective_date, movements.c.urn, movements.c.position))]
        total = session.execute(select(func.count()).select_from(view)).scalar_one()
        by_category = dict(session.execute(
            select(c.category, func.count()).group_by(c.category).order_by(c.category)).all())
    return {"schools": total, "by_category": {str(k): v for k, v in by_category.items()},
            "counts": counts, "stages": by_stage, "movements_since": since.isoformat(),
            "movements": moved}


def due(app: Any, *, overdue: bool = False, within: int | None = None,
        officer: str | None = None, urn: str | None = None,
        include_met: bool = False) -> list[dict[str, Any]]:
    """Dated deadlines from every school with their status today, as a list (see iter_due)."""
    return list(iter_due(app, overdue=overdue, within=within, officer=officer, urn=urn,
                         include_met=include_met))


def iter_due(app: Any, *, overdue: bool = False, within: int | None = None,
             officer: str | None = None, urn: str | None = None,
             include_met: bool = False) -> Iterator[dict[str, Any]]:
    """Dated deadlines from every school with their status today, one row at a time as the
    database returns them (the list runs to tens of thousands of rows at national scale, so
    a caller can print each as it comes); ``include_met`` adds those already met and the
    undated expectations (`sela next` lists those per school).

    The arguments are checked and the read models caught up before the first row is asked
    for, so errors surface when this is called, not midway through printing.
    """
    from .aggregates.expectations import status_of

    refresh(app)
    today = app.today()
    d = deadlines.c
    q = (select(d.urn, view.c.name, d.rule_id, d.strength, d.timer, d.what, d.due, d.met_on,
                d.kind, d.command, d.officer)
         .join(view, view.c.urn == d.urn)
         .order_by(d.due.is_(None), d.due, d.urn, d.rule_id, d.id))
    if not include_met:
        q = q.where(d.met_on.is_(None), d.due.is_not(None))
    if officer:
        q = q.where(d.officer == officer)
    if urn:
        q = q.where(d.urn == check_urn(urn))
    if overdue:
        q = q.where(d.met_on.is_(None), d.due < today, d.kind == "deadline")
    if within is not None:
        # A period past the end of the calendar covers every date there is.
        horizon = dt.date.max if within > (dt.date.max - today).days else (
            today + dt.timedelta(days=within))
        q = q.where(d.met_on.is_(None), d.due.is_not(None), d.due <= horizon)
        q = q.where((d.kind == "deadline") | (d.due >= today))
    return _due_rows(app, q.execution_options(yield_per=1000), status_of, today)


def _due_rows(app: Any, q: Any, status_of: Any, today: dt.date) -> Iterator[dict[str, Any]]:
    with _reading(app, refreshed=True) as session:
        result = session.execute(q)
        keys = list(result.keys())
        for r in result:
            row = dict(zip(keys, r, strict=True))
            due_on, met_on = row["due"], row["met_on"]
            row["status"] = status_of(row["kind"], due_on, met_on, today)
            row["due"] = due_on.isoformat() if due_on else None
            row["met_on"] = met_on.isoformat() if met_on else None
            yield row


def trail(app: Any, *, urn: str | None = None, actor: str | None = None,
          date_from: dt.date | None = None, date_to: dt.date | None = None,
          event: str | None = None, recorded: bool = False) -> list[dict[str, Any]]:
    """The audit trail, filtered; dates filter effective dates unless ``recorded``."""
    a = audit_trail.c
    q = select(audit_trail).order_by(a.position)
    if urn:
        q = q.where(a.urn == check_urn(urn))
    if actor:
        q = q.where(a.actor == actor)
    if event:
        q = q.where(a.event == event)
    if recorded:  # recorded times are UTC: whole UTC days, the same on both databases
        if date_from:
            q = q.where(a.recorded_at >= _utc_midnight(date_from))
        if date_to:
            q = q.where(a.recorded_at < _utc_midnight(date_to, 1))
    else:
        if date_from:
            q = q.where(a.effective_date >= date_from)
        if date_to:
            q = q.where(a.effective_date <= date_to)
    with _reading(app) as session:
        rows = []
        for r in session.execute(q):
            row = {k: _iso(v) for k, v in r._mapping.items()}
            row["rules"] = [x for x in row["rules"].split("; ") if x]
            row["documents"] = [x for x in row["documents"].split("; ") if x]
            row["warnings"] = [x for x in row["warnings"].split("\n") if x]
            rows.append(row)
    return rows
