"""Current status: one row per school (category, pathway, statutory state, last change)."""

from __future__ import annotations

from typing import Any

from sela_workflow.aggregates.events import (
    CategoryChanged,
    PathwayAssigned,
    SchoolConvertedToAcademy,
    SchoolEvent,
    SchoolRegistered,
)
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from .tables import school_status


class StatusProjection:
    name = "status"
    version = 2
    tables = (school_status,)

    def apply(self, session: Session, event: Any, position: int) -> None:
        if not isinstance(event, SchoolEvent):
            return
        common = {
            "last_event": type(event).__name__,
            "last_effective_date": event.effective_date,
            "version": event.originator_version,
        }
        if isinstance(event, SchoolRegistered):
            session.execute(insert(school_status).values(
                urn=event.urn, school_id=str(event.originator_id), name=event.name,
                establishment_type=event.establishment_type, phase=event.phase,
                category=None, pathway=None, statutory_state="unassessed", **common))
            return
        changes: dict[str, Any] = dict(common)
        if isinstance(event, CategoryChanged):
            changes["category"] = event.to_category
        elif isinstance(event, PathwayAssigned):
            changes["pathway"] = event.pathway
            changes["statutory_state"] = event.to_state
        elif isinstance(event, SchoolConvertedToAcademy):
            changes["establishment_type"] = event.new_type
        session.execute(update(school_status)
                        .where(school_status.c.school_id == str(event.originator_id))
                        .values(**changes))
