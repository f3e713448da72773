"""Read use cases: answered from projections, which are caught up first so never stale.

What depends on today is worked out here, when read: a recurring deadline's due date for the
term or year in hand, each row's status, the next step due. Pathway rows whose reading
changes on a known day (an IEB taking over, a suspension taking effect) are refreshed once
that day comes. Nothing is rewritten because a term began.

Every list has a total order (its sort keys end in a unique column), so a rebuilt read model
gives every answer byte for byte as before. Reads of several view tables take the schema lock
shared first (projections/locks.py), so a concurrent rebuild never deadlocks with them.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .aggregates.errors import Conflict, NotFound
from .aggregates.identity import check_urn
from .projections.locks import begin_read, take_write_lock
from .projections.registry import VERSIONS
from .projections.runner import (
    all_projections,
    catch_up_all,
    positions,
    refilling_elsewhere,
    up_to_date,
)
from .projections.tables import audit_trail, deadlines, movements, projection_state
from .projections.tables import pathway as view

SEP = ", "


def refresh(app: Any) -> int:
    """Bring every projection up to the head of the log (nothing to import if already there),
    and rewrite pathway rows whose `valid_until` has come."""
    applied = 0 if up_to_date(app) else catch_up_all(app, all_projections(app))
    _refresh_dated(app)
    return applied


def _refresh_dated(app: Any) -> None:
    today = app.today()
    engine = app.recorder.datastore.engine
    with engine.connect() as conn:
        due = [r[0] for r in conn.execute(select(view.c.school_id).where(
            view.c.valid_until.is_not(None), view.c.valid_until <= today))]
    if not due:
        return
    from .projections.casework import CaseworkProjection

    with app.recorder.transaction(commit=True) as session:
        take_write_lock(session)  # the one lock order every read-model write takes
        CaseworkProjection(app).refresh(session, due)


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


def _refresh_if_allowed(app: Any) -> None:
    """Catch the views up; a login (or file) that may only read answers from them as they
    stand, with a note of the log position they reflect (docs/architecture.md)."""
    from .store import write_refused

    try:
        refresh(app)
        return
    except Exception as e:
        if write_refused(e) is None:
            raise
    engine = app.recorder.datastore.engine
    at = min(positions(engine).values(), default=0)
    head = app.recorder.max_notification_id() or 0
    if at < head:
        app.notes.append(f"Note: answered from the read models as they stand, at log position "
                         f"{at} of {head}: this login may only read, so it cannot bring them "
                         "up to date (a writer's `sela projections run` does).")


@contextmanager
def _reading(app: Any, *, refreshed: bool = False) -> Iterator[Session]:
    """A read of the views that sees them complete: caught up first, then read in one
    snapshot in which every projection is live. If a rebuild emptied them in between, catch
    up again (finishing the rebuild's refill with it) rather than answer from half a view."""
    engine = app.recorder.datastore.engine
    names = select(projection_state.c.name, projection_state.c.version)
    for attempt in range(100):
        if attempt or not refreshed:
            _refresh_if_allowed(app)
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
    from .cases import not_registered

    return not_registered(urn)


# -- deadlines, worked out for today ----------------------------------------------------------


class Deadline:
    """One stored deadline row as it stands on ``today`` (recurring ones resolved)."""

    def __init__(self, row: Any, today: dt.date, policy: Any) -> None:
        from .aggregates.expectations import period, status_of

        self.row = row
        due, met, what = row.due, row.met_on, row.what
        if row.recurs:
            start, period_due, label = period(row.anchor or ("term-end" if row.recurs ==
                                                             "term" else "year-end"),
                                              today, policy)
            floor = max(start, row.since) if row.since else start
            met = row.last if row.last is not None and floor <= row.last <= today else None
            due = period_due if row.anchor else None
            what = what.format(term=label, year=label.split(" ")[0])
        self.due, self.met_on, self.what = due, met, what
        self.status = status_of(row.kind, due, met, today)

    @property
    def pending(self) -> bool:
        return self.met_on is None and self.due is not None and self.status in (
            "overdue", "due", "upcoming")

    def as_dict(self, name: str | None = None) -> dict[str, Any]:
        r = self.row
        return {"status": self.status, "due": _iso(self.due), "urn": r.urn, "name": name,
                "what": self.what, "rule_id": r.rule_id, "strength": r.strength,
                "timer": r.timer, "kind": r.kind, "met_on": _iso(self.met_on),
                "officer": r.officer, "command": command_of(r.step, r.urn, r.options)}


def command_of(step: str, urn: str, options: str) -> str | None:
    """The stored step rendered as a command people can paste (None where no step meets it)."""
    if not step:
        return None
    from .aggregates.steps import by_verb
    from .hints import render

    found = by_verb(*step.split(" "))
    if found is None:
        return None
    values = {k: (v if v is not None else _ask()) for k, v in json.loads(options).items()}
    return render(found.command, urn, values)


def _ask() -> Any:
    from .aggregates.steps import ASK

    return ASK


def _next_due(rows: list[Deadline]) -> Deadline | None:
    pending = [d for d in rows if d.pending]
    return min(pending, key=lambda d: (d.due, d.row.rule_id, d.what)) if pending else None


# -- the pathway view ------------------------------------------------------------------------


def _row(mapping: Any, nxt: Deadline | None) -> dict[str, Any]:
    d = {k: _iso(v) for k, v in mapping.items() if k not in ("school_id", "valid_until")}
    for key in ("eligibility", "powers", "open_notices"):
        d[key] = _split(d[key])
    d["next_due"] = _iso(nxt.due) if nxt else None
    d["next_step"] = nxt.what if nxt else None
    d["next_rule"] = nxt.row.rule_id if nxt else None
    return d


def status_of_case(app: Any, state: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The pathway-view row computed from a case itself (replays, time travel); ``today`` sets
    the day it is read on (default: today)."""
    from .aggregates.expectations import expectations, status_of
    from .aggregates.state.views import status

    today = today or app.today()
    row = status(state, today)
    pending = [i for i in expectations(state, today, app.policy)
               if i.met_on is None and i.due is not None
               and status_of(i.kind, i.due, i.met_on, today) in ("overdue", "due", "upcoming")]
    nxt = min(pending, key=lambda i: (i.due, i.rule_id, i.what)) if pending else None
    row.update(next_due=_iso(nxt.due) if nxt else None, next_step=nxt.what if nxt else None,
               next_rule=nxt.rule_id if nxt else None)
    return row


def status(app: Any, urn: str | None = None, *, category: str | None = None,
           pathway: str | None = None, officer: str | None = None,
           stage: str | None = None) -> list[dict[str, Any]]:
    """The pathway view: one row per school, filtered, in URN order."""
    today = app.today()
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
        rows = session.execute(q).all()
        d = deadlines.c
        dq = select(deadlines).where(d.met_on.is_(None))
        if urn is not None:
            dq = dq.where(d.urn == check_urn(urn))
        by_urn: dict[str, list[Deadline]] = {}
        for r in session.execute(dq):
            by_urn.setdefault(r.urn, []).append(Deadline(r, today, app.policy))
    out = [_row(r._mapping, _next_due(by_urn.get(r.urn, []))) for r in rows]
    if urn is not None and not out:
        raise _not_found(urn)
    return out


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
    """Deadlines of every school with their status today, as a list (see iter_due)."""
    return list(iter_due(app, overdue=overdue, within=within, officer=officer, urn=urn,
                         include_met=include_met))


def iter_due(app: Any, *, overdue: bool = False, within: int | None = None,
             officer: str | None = None, urn: str | None = None,
             include_met: bool = False) -> Iterator[dict[str, Any]]:
    """Deadlines of every school with their status today, in (due, URN, rule, what, id)
    order.

    Dated deadlines still open by default; ``include_met`` adds those met and the undated
    expectations (`sela next` lists those per school). Rows are yielded as they are worked
    out, so a long list streams."""
    today = app.today()
    d = deadlines.c
    q = select(deadlines, view.c.name).join(view, view.c.urn == d.urn)
    if officer:
        q = q.where(d.officer == officer)
    if urn:
        q = q.where(d.urn == check_urn(urn))
    if not include_met:
        q = q.where(d.met_on.is_(None))
    # A period past the end of the calendar covers every date there is.
    horizon = (None if within is None else dt.date.max if within > (dt.date.max - today).days
               else today + dt.timedelta(days=within))
    with _reading(app) as session:
        rows = []
        for r in session.execute(q):
            x = Deadline(r, today, app.policy)
            if not include_met and (x.met_on is not None or x.due is None):
                continue
            if overdue and not (x.met_on is None and x.status == "overdue"):
                continue
            if horizon is not None and not (x.met_on is None and x.due is not None
                                            and x.due <= horizon
                                            and (r.kind == "deadline" or x.due >= today)):
                continue
            rows.append((x.due is None, x.due or dt.date.max, r.urn, r.rule_id, x.what, r.id,
                         x, r.name))
    rows.sort(key=lambda t: t[:6])
    for *_, x, name in rows:
        yield x.as_dict(name)


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
