"""Reading the log for the projections: a page of stored rows, decoded to domain events."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import StoredEvent
from sela_workflow.aggregates.errors import IntegrityFailure
from sqlalchemy import select
from sqlalchemy.orm import Session


def read_events(app: Any, session: Session, after: int, limit: int) -> list[tuple[Any, int]]:
    """Events after position ``after``, decoded, with their positions (a plain Core select)."""
    table = app.recorder.events_record_cls.__table__
    c = table.c
    rows = session.execute(select(c.id, c.originator_id, c.originator_version, c.topic, c.state)
                           .where(c.id > after).order_by(c.id).limit(limit)).all()
    to_event = app.mapper.to_domain_event
    try:
        return [(to_event(StoredEvent(originator_id=r.originator_id,
                                      originator_version=r.originator_version, topic=r.topic,
                                      state=bytes(r.state))), r.id) for r in rows]
    except Exception as e:  # a row altered outside SELA no longer decodes: exit 3, not a crash
        raise IntegrityFailure(f"Integrity check failed: a stored event after position {after} "
                               f"cannot be read ({type(e).__name__}); run `sela audit verify` "
                               "to name it.") from None
