"""Read use cases: answered from projections, which are caught up first so never stale."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .aggregates.errors import NotFound
from .aggregates.school import check_urn
from .projections.runner import all_projections, catch_up
from .projections.tables import school_status


def refresh(app: Any) -> int:
    """Bring every projection up to the head of the log."""
    return sum(catch_up(app, p) for p in all_projections())


def _row(r: Any) -> dict[str, Any]:
    d = dict(r._mapping)
    d.pop("school_id", None)
    if d.get("last_effective_date") is not None:
        d["last_effective_date"] = d["last_effective_date"].isoformat()
    return d


def status(app: Any, urn: str | None = None, *, category: str | None = None,
           pathway: str | None = None) -> list[dict[str, Any]]:
    refresh(app)
    q = select(school_status).order_by(school_status.c.urn)
    if urn is not None:
        q = q.where(school_status.c.urn == check_urn(urn))
    if category:
        q = q.where(school_status.c.category == category.upper())
    if pathway:
        q = q.where(school_status.c.pathway == pathway.upper())
    with Session(app.recorder.datastore.engine) as session:
        rows = [_row(r) for r in session.execute(q)]
    if urn is not None and not rows:
        raise NotFound(f"No school with URN {urn} in this store; register it first: "
                       f"sela school register {urn} --name ...")
    return rows
